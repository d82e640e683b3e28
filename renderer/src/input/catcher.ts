import type { Stage } from '../../../contract/kiosk'
import { createBurstReader, type SerialEntry } from './burst'

// A cashier scans the next blank the moment one ticket is out: while the printer is still
// busy, while the check screen asks whether the ticket came out right, or while the blank
// screen is on its way. No serial field is there to read those keys, and the scanner's Enter
// would press whatever button has the focus ("Spoiled" among them). The catcher reads every
// key of every screen: a scan's Enter outside a serial field is stopped, and where a blank is
// due its serial is held for the blank screen, which takes it as if it had been scanned there.
// Anywhere else (before an order is found, once it is done, at a kiosk) the scan is dropped.

// where a scan can only mean the next blank of the order on screen: it is held for it (and
// intents.ts drops a held scan once the session has left them)
export const holdingStages: ReadonlySet<Stage> = new Set(['summary', 'payment', 'blank', 'check'])

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
  // a kiosk takes its blanks from the loaded stack: no scan is held there
  kiosk(): boolean
  hold(entry: SerialEntry): void
}

export interface ScanCatcher {
  onKey(event: CatchableKey): void
  // the serial field's Enter: what the keys since the last Enter were, scan or typing
  enter(at: number, text: string): SerialEntry
}

// One reader hears every key of a cashier's screens, the serial field's included. A second
// scan that starts in the field and ends after the field was replaced (the first scan's print
// began) is then read whole, not as its last few keys.
export function createScanCatcher(context: CatcherContext): ScanCatcher {
  const reader = createBurstReader()

  return {
    onKey(event) {
      const stage = context.stage()
      // every screen: a scan's Enter presses no button anywhere, at a desk or at a kiosk
      // (where a scanner is the operator's, for a stack's first blank, or a stranger's)
      const desk = !context.kiosk() && stage !== null

      if (event.key !== 'Enter') {
        // a held key repeats about every 30 ms: that is a person, not a scanner
        if (event.repeat) reader.reset()
        else reader.key({ code: event.code, key: event.key, at: event.timeStamp })
        return
      }

      // the field reads its own Enter, through enter() below
      if (event.inSerialField) return

      const entry = reader.enter(event.timeStamp, '')
      if (entry.source !== 'scan') return

      event.preventDefault()
      event.stopPropagation()
      // before an order is found, once it is done, or at a kiosk (which takes its blanks from
      // the stack), no blank is due: the scan is dropped
      if (desk && stage && holdingStages.has(stage)) context.hold(entry)
    },

    enter: (at, text) => reader.enter(at, text),
  }
}

export const serialFieldMark = 'data-serial-field'

let installed: ScanCatcher | null = null

// the field's Enter, read by the installed catcher; a page without one reads the field's text
export function readSerialField(at: number, text: string): SerialEntry {
  return installed ? installed.enter(at, text) : createBurstReader().enter(at, text)
}

export function installScanCatcher(context: CatcherContext): () => void {
  const catcher = createScanCatcher(context)
  installed = catcher

  const listener = (event: KeyboardEvent) => {
    const target = event.target
    const inSerialField = target instanceof HTMLElement && target.hasAttribute(serialFieldMark)

    catcher.onKey({
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
  return () => {
    window.removeEventListener('keydown', listener, true)
    if (installed === catcher) installed = null
  }
}
