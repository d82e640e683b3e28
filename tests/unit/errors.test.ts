import { describe, expect, it } from 'vitest'
import { describeError, describeErrorInBoth } from '../../contract/errors'

// One place turns a code into words; a kiosk's customer gets words meant for a customer.

describe('describeError', () => {
  it('gives the cashier the server’s own text beside the code’s words', () => {
    const view = { code: 'serial-rejected', detail: 'Бланк AB000001 уже использован' } as const

    expect(describeError(view, 'ru')).toBe(
      'Сервер не принял этот бланк. Сверьте номер с бланком; если он верен, ' +
        'возьмите следующий бланк и отсканируйте его. ' +
        '(Бланк AB000001 уже использован)',
    )
  })

  it.each([
    ['serial-rejected', 'en', 'Please collect them at the box office'],
    ['serial-rejected', 'ru', 'Получите их в кассе'],
    ['printer-failed', 'en', 'prints on the next blank'],
  ] as const)('tells a customer what %s means for them (%s)', (code, lang, words) => {
    const text = describeError({ code, detail: 'Бланк уже использован' }, lang, 'customer')

    expect(text).toContain(words)
    expect(text).not.toMatch(/scan|отсканируйте|Бланк уже использован/)
  })

  it('falls back to the common words for a code with nothing special for customers', () => {
    expect(describeError({ code: 'order-not-found' }, 'en', 'customer')).toBe(
      describeError({ code: 'order-not-found' }, 'en'),
    )
  })
})

describe('details in the operator’s words', () => {
  it('leaves out the app’s own English note on a broken document', () => {
    const view = { code: 'document-invalid' as const, detail: 'PDF cut short (no %%EOF)' }

    expect(describeError(view, 'ru')).not.toContain('%%EOF')
    expect(describeError(view, 'en')).not.toContain('%%EOF')
  })

  it('keeps what the API or the printer said', () => {
    const view = { code: 'printer-failed' as const, detail: 'Filter failed' }

    expect(describeError(view, 'ru')).toContain('(Filter failed)')
  })

  it('says a start-up failure in both languages, Russian first, the detail once', () => {
    const text = describeErrorInBoth({ code: 'settings-invalid', detail: 'idleSeconds: too small' })

    expect(text).toMatch(/^Файл настроек содержит ошибку\..* \/ The settings file has an error\./)
    expect(text.match(/idleSeconds/g)).toHaveLength(1)
  })
})
