import { describe, expect, it } from 'vitest'
import {
  appendAmountKey,
  computeChange,
  formatEventDate,
  formatMoney,
  keepDigits,
  parseAmount,
} from '../../renderer/src/format'

// Intl separates thousands and the ruble sign with (narrow) no-break spaces
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ')

describe('money', () => {
  it.each([
    [2200, 'ru', '2 200 ₽'],
    [100, 'ru', '100 ₽'],
    [1500.5, 'ru', '1 500,50 ₽'],
    [0, 'ru', '0 ₽'],
    [2200, 'en', '₽2,200'],
    [1500.5, 'en', '₽1,500.50'],
  ] as const)('formats %s in %s', (value, lang, want) => {
    expect(plain(formatMoney(value, lang))).toBe(want)
  })

  it.each([
    [2500, 2200, { enough: true, change: 300 }],
    [2200, 2200, { enough: true, change: 0 }],
    [2000, 2200, { enough: false, missing: 200 }],
    [0.3, 0.1 + 0.2, { enough: true, change: 0 }],
    [1000.1, 1000.05, { enough: true, change: 0.05 }],
    [0, 2200, { enough: false, missing: 2200 }],
  ])('change from %s for %s', (received, due, want) => {
    expect(computeChange(received, due)).toEqual(want)
  })
})

describe('amount keyed in by the cashier', () => {
  const typeAll = (keys: string) => Array.from(keys).reduce(appendAmountKey, '')

  it.each([
    ['2500', '2500', 2500],
    ['2500,5', '2500,5', 2500.5],
    ['2500.50', '2500,50', 2500.5],
    ['2500,505', '2500,50', 2500.5],
    ['1,2,3', '1,23', 1.23],
    [',5', '0,5', 0.5],
    ['0005', '5', 5],
    ['12345678', '1234567', 1234567],
    ['12a3', '123', 123],
    ['', '', 0],
  ])('%j gives %j', (keys, want, value) => {
    expect(typeAll(keys)).toBe(want)
    expect(parseAmount(typeAll(keys))).toBe(value)
  })
})

describe('fields and dates', () => {
  it('keeps digits and the limit', () => {
    expect(keepDigits(' 12-09 7256x ', 12)).toBe('12097256')
    expect(keepDigits('1234567890123', 12)).toBe('123456789012')
  })

  it('shows event times in the venue time zone, not the machine one', () => {
    const epoch = Date.UTC(2025, 2, 15, 16, 0)

    expect(formatEventDate(epoch, 'ru', 'Europe/Moscow')).toContain('19:00')
    expect(formatEventDate(epoch, 'ru', 'Asia/Yekaterinburg')).toContain('21:00')
  })
})
