// A blank's serial reaches the API in Latin letters and digits only. Two kinds of input arrive
// from the BSO field (DESIGN.md, "Input"): a scanner's burst, read from the physical keys, and
// text a person typed, which may hold Cyrillic look-alikes of Latin letters.

export const defaultSerialPattern = '^[A-Z]{2}[0-9]{6}$'

// Cyrillic letters that look like Latin ones on a printed blank
const lookAlikes: Record<string, string> = {
  А: 'A',
  В: 'B',
  Е: 'E',
  К: 'K',
  М: 'M',
  Н: 'H',
  О: 'O',
  Р: 'P',
  С: 'C',
  Т: 'T',
  У: 'Y',
  Х: 'X',
}

export type SerialCheck =
  { ok: true; serial: string } | { ok: false; reason: 'empty' | 'foreign-characters' | 'pattern' }

// The text a person typed: trimmed, inner spaces and dashes dropped (serials are printed as
// "АА 005501" or "AA-005501"), upper-cased, look-alikes mapped to Latin.
export function normalizeTypedSerial(text: string): string {
  const upper = text
    .trim()
    .replace(/[\s-]+/g, '')
    .toUpperCase()

  return Array.from(upper, (char) => lookAlikes[char] ?? char).join('')
}

// One key of a scanner's burst, by KeyboardEvent.code: the layout does not matter there.
export function characterOfKeyCode(code: string): string | null {
  const letter = /^Key([A-Z])$/.exec(code)
  if (letter) return letter[1] ?? null

  const digit = /^(?:Digit|Numpad)([0-9])$/.exec(code)
  if (digit) return digit[1] ?? null

  return null
}

export function serialFromKeyCodes(codes: readonly string[]): string | null {
  const chars = codes.map(characterOfKeyCode)

  return chars.every((c) => c !== null) ? chars.join('') : null
}

export function compileSerialPattern(pattern: string): RegExp {
  return new RegExp(pattern, 'u')
}

export function checkSerial(serial: string, pattern: RegExp): SerialCheck {
  if (serial.length === 0) return { ok: false, reason: 'empty' }

  if (!/^[A-Z0-9]+$/.test(serial)) return { ok: false, reason: 'foreign-characters' }

  if (!pattern.test(serial)) return { ok: false, reason: 'pattern' }

  return { ok: true, serial }
}
