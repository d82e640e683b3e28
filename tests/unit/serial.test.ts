import { describe, expect, it } from 'vitest'
import {
  characterOfKeyCode,
  checkSerial,
  compileSerialPattern,
  defaultSerialPattern,
  normalizeTypedSerial,
  serialFromKeyCodes,
} from '../../contract/serial'

const pattern = compileSerialPattern(defaultSerialPattern)

describe('normalizeTypedSerial', () => {
  it.each([
    ['AA005501', 'AA005501'],
    ['aa005501', 'AA005501'],
    ['  AA005501\t', 'AA005501'],
    ['АА005501', 'AA005501'],
    ['аа005501', 'AA005501'],
    ['АВ 005501', 'AB005501'],
    ['AA-005-501', 'AA005501'],
    ['ЕКМНОРСТУХ', 'EKMHOPCTYX'],
    ['ВК123456', 'BK123456'],
    // letters with no Latin twin stay as they are, so the check refuses them
    ['ЖЖ005501', 'ЖЖ005501'],
    ['ФФ005501', 'ФФ005501'],
    ['', ''],
  ])('%j → %j', (typed, want) => {
    expect(normalizeTypedSerial(typed)).toBe(want)
  })

  it('leaves no Cyrillic look-alike behind', () => {
    const typed = normalizeTypedSerial('АВЕКМНОРСТУХ')

    expect(typed).toMatch(/^[A-Z]+$/)
  })
})

describe('serialFromKeyCodes', () => {
  it.each([
    [['KeyA', 'KeyA', 'Digit0', 'Digit0', 'Digit5', 'Digit5', 'Digit0', 'Digit1'], 'AA005501'],
    [['KeyZ', 'KeyQ', 'Numpad1', 'Numpad2', 'Numpad3'], 'ZQ123'],
    [[], ''],
  ])('%j → %j', (codes, want) => {
    expect(serialFromKeyCodes(codes)).toBe(want)
  })

  it.each([
    [['KeyA', 'ShiftLeft', 'Digit1']],
    [['KeyA', 'Enter']],
    [['Keya']],
    [['Space']],
    [['NumpadAdd']],
    [['Digit10']],
    [['Minus']],
  ])('refuses a burst with a key that is no letter or digit: %j', (codes) => {
    expect(serialFromKeyCodes(codes)).toBeNull()
  })

  it.each([
    ['KeyA', 'A'],
    ['KeyX', 'X'],
    ['Digit7', '7'],
    ['Numpad0', '0'],
    ['BracketLeft', null],
    ['', null],
  ])('key %j → %j', (code, want) => {
    expect(characterOfKeyCode(code)).toBe(want)
  })
})

describe('checkSerial', () => {
  it.each([
    ['AA005501', { ok: true, serial: 'AA005501' }],
    ['ZZ999999', { ok: true, serial: 'ZZ999999' }],
    ['', { ok: false, reason: 'empty' }],
    ['ФФ005501', { ok: false, reason: 'foreign-characters' }],
    ['АА005501', { ok: false, reason: 'foreign-characters' }],
    ['aa005501', { ok: false, reason: 'foreign-characters' }],
    ['AA 005501', { ok: false, reason: 'foreign-characters' }],
    ['AA-005501', { ok: false, reason: 'foreign-characters' }],
    ['AA0055؀1', { ok: false, reason: 'foreign-characters' }],
    ['AA00550１', { ok: false, reason: 'foreign-characters' }],
    ['A0055010', { ok: false, reason: 'pattern' }],
    ['AA00550', { ok: false, reason: 'pattern' }],
    ['AA0055011', { ok: false, reason: 'pattern' }],
    ['AAA005501', { ok: false, reason: 'pattern' }],
    ['00550111', { ok: false, reason: 'pattern' }],
  ])('%j → %j', (serial, want) => {
    expect(checkSerial(serial, pattern)).toEqual(want)
  })

  it('follows a partner pattern from the settings', () => {
    const threeLetters = compileSerialPattern('^[A-Z]{3}[0-9]{4}$')

    expect(checkSerial('ABC1234', threeLetters)).toEqual({ ok: true, serial: 'ABC1234' })
    expect(checkSerial('AA005501', threeLetters)).toEqual({ ok: false, reason: 'pattern' })
  })

  it('never lets a pattern admit characters other than Latin letters and digits', () => {
    const anything = compileSerialPattern('^.+$')

    expect(checkSerial('AA-1', anything)).toEqual({ ok: false, reason: 'foreign-characters' })
    expect(checkSerial('ДА1', anything)).toEqual({ ok: false, reason: 'foreign-characters' })
  })
})

describe('typed and scanned input meet at the same serial', () => {
  it.each([['АА005501'], ['aa005501'], ['AA 005501'], ['аА-005501']])(
    'typed %j is accepted as AA005501',
    (typed) => {
      expect(checkSerial(normalizeTypedSerial(typed), pattern)).toEqual({
        ok: true,
        serial: 'AA005501',
      })
    },
  )
})
