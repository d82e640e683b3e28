import type { Lang } from '../../contract/errors'

const locales: Record<Lang, string> = { ru: 'ru-RU', en: 'en-GB' }

export function localeOf(lang: Lang): string {
  return locales[lang]
}

// Money is compared in kopecks: rubles as floats drift (0.1 + 0.2 !== 0.3).
export function toKopecks(rubles: number): number {
  return Math.round(rubles * 100)
}

const moneyFormats = new Map<string, Intl.NumberFormat>()

export function formatMoney(rubles: number, lang: Lang): string {
  const whole = toKopecks(rubles) % 100 === 0
  const key = `${lang}:${whole}`
  let format = moneyFormats.get(key)

  if (!format) {
    format = new Intl.NumberFormat(localeOf(lang), {
      style: 'currency',
      currency: 'RUB',
      // "₽2,200" rather than "RUB 2,200" on the English screens, as on the Russian ones
      currencyDisplay: 'narrowSymbol',
      minimumFractionDigits: whole ? 0 : 2,
      maximumFractionDigits: 2,
    })
    moneyFormats.set(key, format)
  }

  return format.format(rubles)
}

export type ChangeResult = { enough: true; change: number } | { enough: false; missing: number }

export function computeChange(received: number, due: number): ChangeResult {
  const diff = toKopecks(received) - toKopecks(due)

  return diff >= 0 ? { enough: true, change: diff / 100 } : { enough: false, missing: -diff / 100 }
}

// the largest sum a cashier can count into one order: 9 999 999,99 ₽
const maxRubleDigits = 7

// What the cashier has keyed in so far, as text: "1500", "1500,", "1500,5". One separator,
// at most two kopeck digits, no leading zeros.
export function appendAmountKey(text: string, key: string): string {
  const [rubles = '', kopecks] = text.split(',')

  if (key === ',' || key === '.') {
    return kopecks === undefined ? `${rubles || '0'},` : text
  }

  if (!/^[0-9]$/.test(key)) return text

  if (kopecks !== undefined) return kopecks.length < 2 ? text + key : text

  if (rubles === '0') return key

  return rubles.length < maxRubleDigits ? text + key : text
}

export function parseAmount(text: string): number {
  const value = Number(text.replace(',', '.'))

  return Number.isFinite(value) ? toKopecks(value) / 100 : 0
}

export function formatEventDate(epoch: number, lang: Lang, timeZone: string): string {
  return new Intl.DateTimeFormat(localeOf(lang), {
    timeZone,
    weekday: 'short',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(epoch)
}

export function keepDigits(text: string, maxLength: number): string {
  return text.replace(/[^0-9]/g, '').slice(0, maxLength)
}
