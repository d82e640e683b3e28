import { describe, expect, it } from 'vitest'
import type { JournalStep } from '../../main/core/journal/journal'
import { translate, type MessageKey } from '../../renderer/src/i18n'
import { en } from '../../renderer/src/i18n/en'
import { ru } from '../../renderer/src/i18n/ru'

type Tree = { readonly [key: string]: string | Tree }

function pathsOf(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : pathsOf(value, `${prefix}${key}.`),
  )
}

describe("the screens' words", () => {
  it('finds a nested text in each language', () => {
    expect(translate('ru', 'app.title')).toBe('Печать билетов')
    expect(translate('en', 'app.title')).toBe('Ticket printing')
    expect(translate('en', 'activity.looking-up')).toBe('Looking up the order…')
  })

  it('fills every placeholder, the same one twice included', () => {
    expect(translate('ru', 'app.printer', { name: 'Citizen CL-S521' })).toBe(
      'Принтер: Citizen CL-S521',
    )
    expect(
      translate('ru', 'notice.serial-not-next', { serial: 'AA000102', expected: 'AA000101' }),
    ).toBe('Отсканирован бланк AA000102, а сверху пачки — AA000101. Проверьте пачку.')
  })

  it('leaves a placeholder with no value empty rather than showing its braces', () => {
    expect(translate('en', 'app.printer')).toBe('Printer: ')
  })

  it.each([
    [1, 'испорчен 1 бланк'],
    [2, 'испорчено 2 бланка'],
    [4, 'испорчено 4 бланка'],
    [5, 'испорчено 5 бланков'],
    [11, 'испорчено 11 бланков'],
    [21, 'испорчен 21 бланк'],
    [22, 'испорчено 22 бланка'],
    [25, 'испорчено 25 бланков'],
  ])('picks the Russian plural form for %i', (count, text) => {
    expect(translate('ru', 'order.spoiled', { count })).toBe(text)
  })

  it.each([
    [1, '1 blank spoiled'],
    [2, '2 blanks spoiled'],
    [5, '5 blanks spoiled'],
    [21, '21 blanks spoiled'],
  ])('picks the English plural form for %i', (count, text) => {
    expect(translate('en', 'order.spoiled', { count })).toBe(text)
  })

  it('uses the plain text for a count where no plural forms are written', () => {
    expect(translate('ru', 'kiosk.blanksLeft', { count: 7 })).toBe('Бланков: 7')
  })

  it('shows the key of a text that is in neither language, so the gap is seen', () => {
    const missing = 'app.nowhere' as MessageKey

    expect(translate('en', missing)).toBe('app.nowhere')
  })

  it('has an English text for every Russian one, and no other', () => {
    expect(pathsOf(en).sort()).toEqual(pathsOf(ru).sort())
  })
})

describe("the journal's steps", () => {
  // every step the journal writes, made complete by the type check
  const steps: Record<JournalStep, true> = {
    'session-opened': true,
    'payment-intent': true,
    'payment-done': true,
    'payment-unknown': true,
    'payment-failed': true,
    'assign-intent': true,
    'assign-done': true,
    'assign-failed': true,
    'assign-unknown': true,
    'download-intent': true,
    'document-stored': true,
    'download-failed': true,
    'print-intent': true,
    'print-done': true,
    'print-failed': true,
    'ticket-confirmed': true,
    'defect-intent': true,
    'defect-done': true,
    'defect-failed': true,
    'defect-unknown': true,
    'session-closed': true,
    'stock-loaded': true,
    'stock-removed': true,
    'shift-closed': true,
    'stock-carried': true,
  }

  it.each(Object.keys(steps))('has words for %s in both languages', (step) => {
    const key = `service.journal.steps.${step}` as MessageKey

    expect(translate('ru', key)).not.toBe(key)
    expect(translate('en', key)).not.toBe(key)
    expect(translate('en', key)).not.toBe(translate('ru', key))
  })
})
