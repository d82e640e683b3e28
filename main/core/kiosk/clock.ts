// Time as the terminal sees it: the idle timer, the lock-out and the monitor's polls. Passed in,
// so tests move time on by hand instead of waiting for it.
export interface Clock {
  now(): number
  setTimeout(callback: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => {
    const timer = setTimeout(callback, ms)
    // a pending poll must never keep a CLI or a test process alive
    timer.unref?.()
    return timer
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
}

export interface ManualClock extends Clock {
  // runs every timer that falls due on the way, in order
  advance(ms: number): void
  pending(): number
}

export function manualClock(start = Date.UTC(2026, 11, 1, 9)): ManualClock {
  let now = start
  let nextId = 1
  const timers = new Map<number, { at: number; callback: () => void }>()

  return {
    now: () => now,
    setTimeout(callback, ms) {
      const id = nextId++
      timers.set(id, { at: now + Math.max(0, ms), callback })
      return id
    },
    clearTimeout(handle) {
      timers.delete(handle as number)
    },
    advance(ms) {
      const until = now + ms

      for (;;) {
        const due = [...timers.entries()]
          .filter(([, timer]) => timer.at <= until)
          .sort((a, b) => a[1].at - b[1].at)[0]
        if (!due) break

        timers.delete(due[0])
        now = due[1].at
        due[1].callback()
      }

      now = until
    },
    pending: () => timers.size,
  }
}
