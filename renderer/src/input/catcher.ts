import type { Stage } from '../../../contract/kiosk'
import { createBurstReader, type SerialEntry } from './burst'

// A cashier scans the next blank the moment one ticket is out: while the printer is still
// busy, while the check screen asks whether the ticket came out right, or while the blank
// screen is on its way. No serial field is there to read those keys, and the scanner's Enter
// would press whatever button has the focus ("Spoiled" among them). The catcher reads every
// key that does not reach the serial field: a scan's Enter is stopped and its serial held for
// the blank screen, which takes it as if it had been scanned there.

// the stages of printing an order, when a scan can only mean the next blank
const printingStages: ReadonlySet<Stage> = new Set(['blank', 'check'])

export interface CatchableKey {
  code: string
  key: string
  timeStamp: number
  repeat: boolean
  // the key reached the serial field, which reads it itself
  inSerialField: boolean
  preventDefault(): void
  stopPropagation(): void
}

export interface CatcherContext {
  stage(): Stage | null
  // a kiosk has no scanner: its blanks come from the loaded stack
  kiosk(): boolean
  hold(entry: SerialEntry): void
}

export function createScanCatcher(context: CatcherContext): (event: CatchableKey) => void {
  const reader = createBurstReader()

  return (event) => {
    const stage = context.stage()

    if (event.inSerialField || context.kiosk() || !stage || !printingStages.has(stage)) {
      reader.reset()
      return
    }

    if (event.key !== 'Enter') {
      // a held key repeats about every 30 ms: that is a person, not a scanner
      if (event.repeat) reader.reset()
      else reader.key({ code: event.code, key: event.key, at: event.timeStamp })
      return
    }

    const entry = reader.enter(event.timeStamp, '')
    if (entry.source !== 'scan') return

    event.preventDefault()
    event.stopPropagation()
    context.hold(entry)
  }
}

export const serialFieldMark = 'data-serial-field'

export function installScanCatcher(context: CatcherContext): () => void {
  const catchKey = createScanCatcher(context)

  const listener = (event: KeyboardEvent) => {
    const target = event.target
    const inSerialField = target instanceof HTMLElement && target.hasAttribute(serialFieldMark)

    catchKey({
      code: event.code,
      key: event.key,
      timeStamp: event.timeStamp,
      repeat: event.repeat,
      inSerialField,
      preventDefault: () => event.preventDefault(),
      stopPropagation: () => event.stopPropagation(),
    })
  }

  // the capture phase: the catcher hears the key before the focused button acts on it
  window.addEventListener('keydown', listener, true)
  return () => window.removeEventListener('keydown', listener, true)
}
