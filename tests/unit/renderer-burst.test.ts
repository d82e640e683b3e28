import { describe, expect, it } from 'vitest'
import { compileSerialPattern, defaultSerialPattern } from '../../contract/serial'
import {
  createBurstReader,
  judgeSerialEntry,
  scanKeyGapMs,
  type SerialVerdict,
} from '../../renderer/src/input/burst'

const pattern = compileSerialPattern(defaultSerialPattern)

// A clock the test moves by hand: the reader sees only the times it is given.
function fakeClock(start = 1_000) {
  let now = start

  return {
    now: () => now,
    tick: (ms: number) => {
      now += ms
      return now
    },
  }
}

interface Key {
  code: string
  key: string
}

const latinKey = (char: string): Key =>
  /[0-9]/.test(char)
    ? { code: `Digit${char}`, key: char }
    : { code: `Key${char.toUpperCase()}`, key: char }

// what a Russian layout makes of the keys the scanner presses for Latin letters
const russianOf: Record<string, string> = { A: 'ф', B: 'и', K: 'л', X: 'ч' }

const russianKey = (char: string): Key => {
  const key = latinKey(char)

  return { ...key, key: russianOf[char] ?? key.key }
}

// Types keys `gap` ms apart into a fake field, then presses Enter `enterGap` ms later
// (or not at all) and returns what the BSO field would do with it.
function run(keys: Key[], gap: number, enterGap: number | null = gap): SerialVerdict {
  const clock = fakeClock()
  const reader = createBurstReader()
  let text = ''

  for (const key of keys) {
    reader.key({ ...key, at: clock.tick(gap) })
    text += key.key.length === 1 ? key.key : ''
  }

  const entry = enterGap === null ? reader.submit(text) : reader.enter(clock.tick(enterGap), text)

  return judgeSerialEntry(entry, pattern)
}

const chars = (text: string, keyOf: (char: string) => Key = latinKey) => Array.from(text, keyOf)

// a person's keys: what the layout typed, the code does not matter for typed text
const typed = (text: string): Key[] => Array.from(text, (char) => ({ code: 'KeyQ', key: char }))

describe('BSO field: scan or typed', () => {
  const cases: { name: string; keys: Key[]; gap: number; enter?: number | null; want: unknown }[] =
    [
      {
        name: 'scan under a Russian layout reads the physical keys',
        keys: chars('AA005501', russianKey),
        gap: 4,
        want: { ok: true, serial: 'AA005501', source: 'scan' },
      },
      {
        name: 'scan under a Latin layout',
        keys: chars('AA005501'),
        gap: 2,
        want: { ok: true, serial: 'AA005501', source: 'scan' },
      },
      {
        name: 'scan with the Shift the scanner presses for capitals',
        keys: [{ code: 'ShiftLeft', key: 'Shift' }, ...chars('AA005501', russianKey)],
        gap: 3,
        want: { ok: true, serial: 'AA005501', source: 'scan' },
      },
      {
        name: 'scan with Numpad digits mixed in',
        keys: [
          ...chars('KX', russianKey),
          { code: 'Numpad0', key: '0' },
          { code: 'Digit0', key: '0' },
          { code: 'Numpad5', key: '5' },
          { code: 'Numpad5', key: '5' },
          { code: 'Digit0', key: '0' },
          { code: 'Numpad1', key: '1' },
        ],
        gap: 5,
        want: { ok: true, serial: 'KX005501', source: 'scan' },
      },
      {
        name: 'a person types the Cyrillic look-alikes of a printed serial',
        keys: typed('АА005501'),
        gap: 180,
        want: { ok: true, serial: 'AA005501', source: 'typed' },
      },
      {
        name: 'a person types in lower case',
        keys: typed('aa005501'),
        gap: 150,
        want: { ok: true, serial: 'AA005501', source: 'typed' },
      },
      {
        name: 'a person types with spaces around and inside',
        keys: typed('  AA 005501 '),
        gap: 120,
        want: { ok: true, serial: 'AA005501', source: 'typed' },
      },
      {
        name: 'typed, too short',
        keys: typed('AA00550'),
        gap: 150,
        want: { ok: false, reason: 'pattern', source: 'typed' },
      },
      {
        name: 'scanned, too long',
        keys: chars('AA0055012'),
        gap: 3,
        want: { ok: false, reason: 'pattern', source: 'scan' },
      },
      {
        name: 'typed, Cyrillic letters with no Latin twin',
        keys: typed('ЖЖ005501'),
        gap: 150,
        want: { ok: false, reason: 'foreign-characters', source: 'typed' },
      },
      {
        name: 'typed, punctuation',
        keys: typed('AA00550!'),
        gap: 150,
        want: { ok: false, reason: 'foreign-characters', source: 'typed' },
      },
      {
        name: 'scanned, Shift+Digit1 is "!" and not a digit',
        keys: [...chars('AA00550'), { code: 'Digit1', key: '!' }],
        gap: 3,
        want: { ok: false, reason: 'foreign-characters', source: 'scan' },
      },
      {
        name: 'scanned, a key that is neither letter nor digit',
        keys: [...chars('AA0055'), { code: 'Minus', key: '-' }, ...chars('01')],
        gap: 3,
        want: { ok: false, reason: 'foreign-characters', source: 'scan' },
      },
      {
        name: 'slow typing of digits on Russian keys is read as text, not as keys',
        keys: chars('AA005501', russianKey),
        gap: 140,
        want: { ok: false, reason: 'foreign-characters', source: 'typed' },
      },
      {
        name: 'a burst without Enter, sent with the button, is typed text',
        keys: chars('AA005501'),
        gap: 3,
        enter: null,
        want: { ok: true, serial: 'AA005501', source: 'typed' },
      },
      {
        name: 'a burst whose Enter comes late is typed text',
        keys: chars('AA005501', russianKey),
        gap: 3,
        enter: 400,
        want: { ok: false, reason: 'foreign-characters', source: 'typed' },
      },
      {
        name: 'a Delete just before the scan does not spoil it',
        keys: [{ code: 'Delete', key: 'Delete' }, ...chars('AA005501', russianKey)],
        gap: 3,
        want: { ok: true, serial: 'AA005501', source: 'scan' },
      },
      {
        name: 'a Backspace inside quick keys makes them a person editing',
        keys: [...chars('AA00'), { code: 'Backspace', key: 'Backspace' }, ...chars('501')],
        gap: 5,
        want: { ok: false, reason: 'pattern', source: 'typed' },
      },
      {
        name: 'three quick keys are not a scan',
        keys: typed('AA0'),
        gap: 5,
        want: { ok: false, reason: 'pattern', source: 'typed' },
      },
      {
        name: 'nothing at all',
        keys: [],
        gap: 5,
        want: { ok: false, reason: 'empty', source: 'typed' },
      },
      {
        name: 'keys exactly at the gap limit still form a burst',
        keys: chars('AA005501', russianKey),
        gap: scanKeyGapMs,
        want: { ok: true, serial: 'AA005501', source: 'scan' },
      },
      {
        name: 'keys just over the gap limit do not',
        keys: chars('AA005501', russianKey),
        gap: scanKeyGapMs + 1,
        want: { ok: false, reason: 'foreign-characters', source: 'typed' },
      },
    ]

  for (const c of cases) {
    it(c.name, () => {
      expect(run(c.keys, c.gap, c.enter === undefined ? c.gap : c.enter)).toEqual(c.want)
    })
  }

  it('reads only the burst when a person typed something before the scan', () => {
    const clock = fakeClock()
    const reader = createBurstReader()

    for (const key of typed('ЖЖ')) reader.key({ ...key, at: clock.tick(300) })
    clock.tick(500)
    for (const key of chars('AA005501', russianKey)) reader.key({ ...key, at: clock.tick(4) })

    const entry = reader.enter(clock.tick(4), 'ЖЖфф005501')

    expect(judgeSerialEntry(entry, pattern)).toEqual({
      ok: true,
      serial: 'AA005501',
      source: 'scan',
    })
  })

  it('forgets a burst once Enter has been read', () => {
    const clock = fakeClock()
    const reader = createBurstReader()

    for (const key of chars('AA005501')) reader.key({ ...key, at: clock.tick(3) })
    reader.enter(clock.tick(3), 'AA005501')

    expect(reader.enter(clock.tick(3), 'bb123456')).toEqual({ source: 'typed', serial: 'BB123456' })
  })
})
