import { describe, expect, it } from 'vitest'
import type { Stage } from '../../contract/kiosk'
import type { SerialEntry } from '../../renderer/src/input/burst'
import { holdScan, resetSessionStore, useSession } from '../../renderer/src/store/session'
import {
  createScanCatcher,
  type CatchableKey,
  type ScanCatcher,
} from '../../renderer/src/input/catcher'

// what a Russian layout makes of the keys a scanner presses for Latin letters
const russianOf: Record<string, string> = { A: 'ф', B: 'и' }

interface Run {
  held: SerialEntry[]
  // Enter presses that went on to the focused element
  enterPassed: number
  catcher: ScanCatcher
}

function press(
  catchKey: (event: CatchableKey) => void,
  keys: { code: string; key: string; at: number; inSerialField?: boolean }[],
): number {
  let passed = 0

  for (const { code, key, at, inSerialField = false } of keys) {
    let stopped = false
    catchKey({
      code,
      key,
      timeStamp: at,
      repeat: false,
      inSerialField,
      preventDefault: () => {
        stopped = true
      },
      stopPropagation: () => undefined,
    })
    if (key === 'Enter' && !stopped) passed++
  }

  return passed
}

// a serial as a scanner sends it: a key every `gap` ms under the Russian layout, then Enter
function keysOf(serial: string, gap: number, start = 1_000, inSerialField = false) {
  const keys = [...serial].map((char, n) => ({
    code: /[0-9]/.test(char) ? `Digit${char}` : `Key${char}`,
    key: russianOf[char] ?? char,
    at: start + n * gap,
    inSerialField,
  }))

  return [...keys, { code: 'Enter', key: 'Enter', at: start + serial.length * gap, inSerialField }]
}

function run(stage: Stage | null, keys: ReturnType<typeof keysOf>, kiosk = false): Run {
  const held: SerialEntry[] = []
  const catcher = createScanCatcher({
    stage: () => stage,
    kiosk: () => kiosk,
    hold: (entry) => held.push(entry),
  })

  return { held, enterPassed: press(catcher.onKey, keys), catcher }
}

describe('the scan catcher', () => {
  it.each(['check', 'blank'] as const)(
    'holds a scan on the %s screen and keeps its Enter from any button',
    (stage) => {
      const { held, enterPassed } = run(stage, keysOf('AB100002', 5))

      expect(held).toEqual([{ source: 'scan', serial: 'AB100002' }])
      expect(enterPassed).toBe(0)
    },
  )

  it('lets a person typing on the check screen press Enter on a button', () => {
    const { held, enterPassed } = run('check', keysOf('AB100002', 120))

    expect(held).toEqual([])
    expect(enterPassed).toBe(1)
  })

  it("leaves a scan into the serial field to the field's Enter, read whole", () => {
    const keys = keysOf('AB100002', 5, 1_000, true)
    const { held, enterPassed, catcher } = run('blank', keys)

    expect(held).toEqual([])
    expect(enterPassed).toBe(1)
    expect(catcher.enter(keys.at(-1)!.at, 'ИФ100002')).toEqual({
      source: 'scan',
      serial: 'AB100002',
    })
  })

  it('holds a scan whole that began in the field and ended after the field was replaced', () => {
    // the first blank's print began three keys in: the field gave way to the progress panel
    const keys = keysOf('CE000104', 5).map((key, n) => ({ ...key, inSerialField: n < 3 }))

    expect(run('blank', keys).held).toEqual([{ source: 'scan', serial: 'CE000104' }])
  })

  it('reads a scan whole that began before the field was there and ended in it', () => {
    const keys = keysOf('EE000001', 5).map((key, n) => ({ ...key, inSerialField: n >= 4 }))
    const { held, catcher } = run('blank', keys)

    expect(held).toEqual([])
    expect(catcher.enter(keys.at(-1)!.at, '0001')).toEqual({ source: 'scan', serial: 'EE000001' })
  })

  it('reads typing in the field as typed, its text as it stands', () => {
    const keys = keysOf('AB100002', 120, 1_000, true)
    const { catcher } = run('blank', keys)

    expect(catcher.enter(keys.at(-1)!.at, 'ab100002')).toEqual({
      source: 'typed',
      serial: 'AB100002',
    })
  })

  it.each(['summary', 'payment'] as const)(
    'holds a scan on the %s screen too, for the blank screen that comes next',
    (stage) => {
      const { held, enterPassed } = run(stage, keysOf('AB100002', 5))

      expect(held).toEqual([{ source: 'scan', serial: 'AB100002' }])
      expect(enterPassed).toBe(0)
    },
  )

  it.each(['start', 'done', 'recovery'] as const)(
    'drops a scan on the %s screen, where no blank is due, and lets its Enter press nothing',
    (stage) => {
      const { held, enterPassed } = run(stage, keysOf('AB100002', 5))

      expect(held).toEqual([])
      expect(enterPassed).toBe(0)
    },
  )

  it('lets a person press Enter on the done screen', () => {
    expect(run('done', keysOf('AB100002', 120)).enterPassed).toBe(1)
  })

  it("reads a kiosk operator's scan into a serial field (the stack's first blank)", () => {
    const keys = keysOf('KA000001', 5, 1_000, true)
    const { held, catcher } = run('start', keys, true)

    expect(held).toEqual([])
    expect(catcher.enter(keys.at(-1)!.at, 'ЛФ000001')).toEqual({
      source: 'scan',
      serial: 'KA000001',
    })
  })

  it('holds nothing at a kiosk, which uses its stack, nor lets its Enter through', () => {
    const { held, enterPassed } = run('summary', keysOf('AB100002', 5), true)

    expect(held).toEqual([])
    expect(enterPassed).toBe(0)
  })

  it('lets a kiosk customer press Enter on a keyboard, should there be one', () => {
    expect(run('summary', keysOf('AB100002', 120), true).enterPassed).toBe(1)
  })

  it('holds a scan of foreign characters as unreadable, for the field to refuse', () => {
    const keys = keysOf('AB100002', 5)
    keys.splice(3, 0, { code: 'Minus', key: '-', at: keys[2]!.at + 1, inSerialField: false })

    expect(run('check', keys).held).toEqual([{ source: 'scan', serial: null }])
  })

  it('marks a scan that paused in the middle as broken, rather than reading its tail', () => {
    // three keys, a 60 ms pause (a wireless scanner catching up), then the rest
    const keys = keysOf('AB200004', 5).map((key, n) => ({ ...key, at: key.at + (n >= 3 ? 60 : 0) }))

    expect(run('check', keys).held).toEqual([{ source: 'scan', serial: '00004', broken: true }])
  })

  it('reads a scan whole after a person typed a key or two long before it', () => {
    const typedFirst = [
      { code: 'KeyA', key: 'ф', at: 100, inSerialField: false },
      { code: 'KeyB', key: 'и', at: 400, inSerialField: false },
    ]

    expect(run('check', [...typedFirst, ...keysOf('AB200004', 5)]).held).toEqual([
      { source: 'scan', serial: 'AB200004' },
    ])
  })
})

describe('held scans', () => {
  it('keep the first blank, and a second one is refused aloud, not put in its place', () => {
    resetSessionStore()
    holdScan({ source: 'scan', serial: 'AD400002' })
    holdScan({ source: 'scan', serial: 'AD400003' })

    expect(useSession.getState()).toMatchObject({
      heldScan: { serial: 'AD400002' },
      extraScan: { serial: 'AD400003' },
    })
  })
})
