import type { SerialSource } from '../../../contract/kiosk'
import {
  checkSerial,
  normalizeTypedSerial,
  serialFromKeyCodes,
  type SerialCheck,
} from '../../../contract/serial'

// A scanner sends its keys 1–10 ms apart; the fastest typists stay above ~60 ms between keys.
// 30 ms sits between the two with room for a busy event loop on a slow kiosk PC.
export const scanKeyGapMs = 30

// Shorter runs happen by chance (a rolled "00" on the keypad); a serial is 8 keys.
export const scanMinKeys = 4

export interface KeyStroke {
  // KeyboardEvent.code: the physical key, whatever the layout
  code: string
  // KeyboardEvent.key: what the layout made of it
  key: string
  // ms, from the event's own time stamp so that a busy renderer does not squeeze the gaps
  at: number
}

export interface SerialEntry {
  source: SerialSource
  // null: a burst held keys that are not letters or digits
  serial: string | null
  // the scanner paused in the middle: only the scan's tail was read, so it is no serial
  broken?: true
}

export type SerialRefusal = Extract<SerialCheck, { ok: false }>['reason'] | 'broken-scan'

export type SerialVerdict =
  | { ok: true; serial: string; source: SerialSource }
  | { ok: false; reason: SerialRefusal; source: SerialSource }

// A fast run of keys that stopped for a moment and went on as another fast run within this
// long is one scan with a pause in it (a wireless scanner catching up), not a person's typing
// followed by a scan: a person does not type two keys 30 ms apart.
export const scanPauseMs = 300

const modifierCodes = /^(Shift|Control|Alt|Meta|CapsLock|NumLock|Fn)/

// A scanner presses Shift for capitals on some models; it does not break the burst.
export function isModifierCode(code: string): boolean {
  return modifierCodes.test(code)
}

// The strokes that end with this one and follow each other within scanKeyGapMs.
export function continueBurst(burst: readonly KeyStroke[], stroke: KeyStroke): KeyStroke[] {
  const last = burst.at(-1)

  if (last && stroke.at - last.at <= scanKeyGapMs) return [...burst, stroke]

  return [stroke]
}

export function isScan(burst: readonly KeyStroke[], enterAt: number): boolean {
  const last = burst.at(-1)

  return burst.length >= scanMinKeys && last !== undefined && enterAt - last.at <= scanKeyGapMs
}

// Shift+Digit1 is "!" in every layout: a digit key counts only when it made a digit.
function physicalCode(stroke: KeyStroke): string {
  const digitKey = /^(Digit|Numpad)[0-9]$/.test(stroke.code)

  return digitKey && !/^[0-9]$/.test(stroke.key) ? stroke.key : stroke.code
}

export function readSerialEntry(
  burst: readonly KeyStroke[],
  enterAt: number | null,
  text: string,
): SerialEntry {
  if (enterAt !== null && isScan(burst, enterAt)) {
    return { source: 'scan', serial: serialFromKeyCodes(burst.map(physicalCode)) }
  }

  return { source: 'typed', serial: normalizeTypedSerial(text) }
}

export function judgeSerialEntry(entry: SerialEntry, pattern: RegExp): SerialVerdict {
  if (entry.broken) return { ok: false, reason: 'broken-scan', source: entry.source }

  if (entry.serial === null) {
    return { ok: false, reason: 'foreign-characters', source: entry.source }
  }

  const check = checkSerial(entry.serial, pattern)

  return check.ok
    ? { ok: true, serial: check.serial, source: entry.source }
    : { ok: false, reason: check.reason, source: entry.source }
}

// The state the BSO field keeps between keys; the caller supplies every time stamp.
export interface BurstReader {
  key(stroke: KeyStroke): void
  enter(at: number, text: string): SerialEntry
  // the button was pressed: whatever is in the field was typed
  submit(text: string): SerialEntry
  reset(): void
}

// A scanner sends printable keys and Enter; Backspace, Delete or an arrow is a person editing.
function isEditingKey(stroke: KeyStroke): boolean {
  return Array.from(stroke.key).length !== 1
}

export function createBurstReader(): BurstReader {
  let burst: KeyStroke[] = []
  // when the last fast run of two keys or more broke off, if one did since the last Enter
  let brokenRunAt: number | null = null

  const clear = () => {
    burst = []
    brokenRunAt = null
  }

  return {
    key(stroke) {
      if (isModifierCode(stroke.code)) return

      if (isEditingKey(stroke)) return clear()

      const next = continueBurst(burst, stroke)
      const last = burst.at(-1)
      if (next.length === 1 && burst.length >= 2 && last) brokenRunAt = last.at
      burst = next
    },
    enter(at, text) {
      const entry = readSerialEntry(burst, at, text)
      const first = burst[0]
      const paused =
        entry.source === 'scan' &&
        brokenRunAt !== null &&
        first !== undefined &&
        first.at - brokenRunAt <= scanPauseMs

      clear()
      return paused ? { ...entry, broken: true } : entry
    },
    submit(text) {
      clear()
      return readSerialEntry([], null, text)
    },
    reset: clear,
  }
}
