import type { Fault, FaultKind, PoligonEndpoint } from './types'

export const FAULT_KINDS: readonly FaultKind[] = [
  'delay',
  'drop-after',
  'drop-before',
  'bad-gateway',
  'reset',
  'malformed-json',
  'wrong-types',
]

export const ENDPOINTS: readonly PoligonEndpoint[] = [
  'get_order_for_print',
  'get_order',
  'get_current_order',
  'payments/accept',
  'assign_bso',
  'mark_blank_defect',
  'ticket',
]

export const DEFAULT_DELAY_MS = 1000

/**
 * Whether the call's work (payment, blank, download) happens under the fault. A fault
 * that stops the work models a request lost on its way in; the others, an answer lost
 * or spoiled on its way out, which is the ambiguous case the kiosk must reconcile.
 */
export const FAULT_DOES_THE_WORK: Readonly<Record<FaultKind, boolean>> = {
  delay: true,
  'drop-after': true,
  'drop-before': false,
  'bad-gateway': false,
  reset: false,
  'malformed-json': true,
  'wrong-types': true,
}

export function isFaultKind(value: string): value is FaultKind {
  return (FAULT_KINDS as readonly string[]).includes(value)
}

export function isEndpoint(value: string): value is PoligonEndpoint {
  return (ENDPOINTS as readonly string[]).includes(value)
}

interface PendingFault {
  kind: FaultKind
  left: number
  delayMs: number
}

/** Faults wait per endpoint in the order given; each call of the endpoint takes one hit. */
export class FaultQueue {
  private readonly pending = new Map<PoligonEndpoint, PendingFault[]>()

  add(faults: readonly Fault[]): void {
    for (const fault of faults) {
      const times = fault.times ?? 1
      if (!Number.isInteger(times) || times < 1) {
        throw new RangeError(`fault times must be a positive integer, got ${times}`)
      }

      const delayMs = fault.delayMs ?? DEFAULT_DELAY_MS
      if (!Number.isFinite(delayMs) || delayMs < 0) {
        throw new RangeError(`fault delayMs must be a number ≥ 0, got ${delayMs}`)
      }

      const queue = this.pending.get(fault.endpoint) ?? []
      queue.push({ kind: fault.kind, left: times, delayMs })
      this.pending.set(fault.endpoint, queue)
    }
  }

  clear(): void {
    this.pending.clear()
  }

  take(endpoint: PoligonEndpoint): { kind: FaultKind; delayMs: number } | null {
    const queue = this.pending.get(endpoint)
    const head = queue?.[0]
    if (queue === undefined || head === undefined) return null

    head.left -= 1
    if (head.left === 0) queue.shift()
    return { kind: head.kind, delayMs: head.delayMs }
  }

  list(): Fault[] {
    return [...this.pending].flatMap(([endpoint, queue]) =>
      queue.map((f) => ({ endpoint, kind: f.kind, times: f.left, delayMs: f.delayMs })),
    )
  }
}
