import { describe, expect, it } from 'vitest'
import {
  createLogger,
  formatLogRecord,
  Redactor,
  type LogFields,
  type LogRecord,
} from '../../main/core/log'

function recording(level: 'debug' | 'info' = 'debug', redactor = new Redactor()) {
  const records: LogRecord[] = []
  const logger = createLogger({
    sink: (record) => records.push(record),
    level,
    redactor,
    now: () => new Date('2026-12-01T09:00:00.000Z'),
  })

  return { logger, records, redactor }
}

describe('Redactor.redact', () => {
  it.each([
    [
      'session key in a URL',
      'GET /jtransport/partner/get_order?session=abc123DEF&id=1',
      'GET /jtransport/partner/get_order?session=***&id=1',
    ],
    [
      'session key after &',
      '/ticket/t?format=PDF&session=k-e-y',
      '/ticket/t?format=PDF&session=***',
    ],
    ['upper-case name', '/x?SESSION=abc', '/x?SESSION=***'],
    ['pincode in a URL', '?id=12097256&pincode=4831&x=1', '?id=12097256&pincode=***&x=1'],
    ['pin in a URL', '?pin=4831', '?pin=***'],
    ['partnerKey in a URL', '?partnerKey=s3cr3t', '?partnerKey=***'],
    ['key in a URL', '?key=s3cr3t', '?key=***'],
    ['name in a URL', '?name=Ivanov', '?name=***'],
    ['customer in a URL', '&customer=Ivanov', '&customer=***'],
    ['phone in a URL', '&phone=79161234567', '&phone=***'],
    ['ends at a quote', '"url":"/a?session=abc"', '"url":"/a?session=***"'],
    ['ends at a space', 'url /a?session=abc next', 'url /a?session=*** next'],
    ['phone +7 plain', 'call +79161234567 now', 'call *** now'],
    ['phone +7 grouped', 'call +7 (916) 123-45-67 now', 'call *** now'],
    ['phone 8 grouped', 'call 8 916 123 45 67 now', 'call *** now'],
    ['phone 8 dashed', 'tel. 8-916-123-45-67', 'tel. ***'],
    ['an order number stays', 'order 12097256 found', 'order 12097256 found'],
    ['a ticket id stays', 'ticket 5446130 on AA005501', 'ticket 5446130 on AA005501'],
    ['a barcode stays', 'barcode 2954461300017', 'barcode 2954461300017'],
    ['other params stay', '?id=1&amount=2200', '?id=1&amount=2200'],
  ])('%s', (_, text, want) => {
    expect(new Redactor().redact(text)).toBe(want)
  })

  it.each([
    ['the partner key', 'partner-key-XYZ', 'using partner-key-XYZ twice: partner-key-XYZ'],
    ['a pincode', '4831', 'pincode 4831 typed'],
    ['a customer name', 'Иванов Иван Иванович', 'order of Иванов Иван Иванович'],
    ['a value with regex characters', 'a.b*c(d)', 'value a.b*c(d) and axbxc(d)'],
  ])('masks a registered secret: %s', (_, secret, text) => {
    const redactor = new Redactor()
    redactor.addSecret(secret)

    const out = redactor.redact(text)

    expect(out).not.toContain(secret)
    expect(out).toContain('***')
  })

  it('leaves a look-alike of a registered secret alone', () => {
    const redactor = new Redactor()
    redactor.addSecret('a.b*c(d)')

    expect(redactor.redact('axbxc(d)')).toBe('axbxc(d)')
  })

  it.each([[''], ['abc'], [null], [undefined]])(
    'ignores a secret too short to mask safely: %j',
    (value) => {
      const redactor = new Redactor()
      redactor.addSecret(value)

      expect(redactor.redact('abc 123 abcd')).toBe('abc 123 abcd')
    },
  )

  it("masks a customer's secrets until the customer is forgotten, and keeps the key", () => {
    const redactor = new Redactor()
    redactor.addSecret('partner-key-XYZ')
    redactor.addCustomerSecret('Иванов Иван')

    expect(redactor.redact('Иванов Иван, partner-key-XYZ')).toBe('***, ***')

    redactor.forgetCustomer()
    redactor.addCustomerSecret('Петров Пётр')

    expect(redactor.redact('Иванов Иван, Петров Пётр, partner-key-XYZ')).toBe(
      'Иванов Иван, ***, ***',
    )
  })
})

describe('logger', () => {
  it.each<[string, LogFields, LogFields]>([
    ['partnerKey', { partnerKey: 'k' }, { partnerKey: '***' }],
    ['pincode', { pincode: '4831' }, { pincode: '***' }],
    ['pincode as a number', { pincode: 4831 }, { pincode: '***' }],
    ['pin', { pin: '4831' }, { pin: '***' }],
    ['name', { name: 'Иванов' }, { name: '***' }],
    ['customer', { customer: 'Иванов' }, { customer: '***' }],
    ['phone', { phone: '+79161234567' }, { phone: '***' }],
    ['session', { session: 'k' }, { session: '***' }],
    ['key', { key: 'k' }, { key: '***' }],
    [
      'field names in any case',
      { PINCODE: '1', PartnerKey: 'k' },
      { PINCODE: '***', PartnerKey: '***' },
    ],
    [
      'ordinary fields stay',
      { tickets: 2, paid: true, path: '/x' },
      { tickets: 2, paid: true, path: '/x' },
    ],
    ['a URL in a field', { url: '/a?session=k&id=1' }, { url: '/a?session=***&id=1' }],
    ['a phone in a field', { note: 'tel +79161234567' }, { note: 'tel ***' }],
  ])('field %s', (_, fields, want) => {
    const { logger, records } = recording()

    logger.info('something', fields)

    expect(records).toHaveLength(1)
    expect(records[0]?.fields).toEqual(want)
  })

  it('masks registered secrets in the message and in string fields', () => {
    const { logger, records, redactor } = recording()
    redactor.addSecret('partner-key-XYZ')
    redactor.addSecret('Иванов Иван')

    logger.warn('key partner-key-XYZ for Иванов Иван', { detail: 'again partner-key-XYZ' })

    expect(records[0]?.message).toBe('key *** for ***')
    expect(records[0]?.fields).toEqual({ detail: 'again ***' })
  })

  it('drops records below its level', () => {
    const { logger, records } = recording('info')

    logger.debug('quiet')
    logger.info('said')
    logger.warn('warned')
    logger.error('failed')

    expect(records.map((r) => [r.level, r.message])).toEqual([
      ['info', 'said'],
      ['warn', 'warned'],
      ['error', 'failed'],
    ])
  })

  it('formats a record as one line, leaving out undefined fields', () => {
    const { logger, records } = recording()

    logger.info('order 12097256 found', { tickets: 2, paid: false, gone: undefined })

    expect(formatLogRecord(records[0] as LogRecord)).toBe(
      '2026-12-01T09:00:00.000Z INFO order 12097256 found tickets=2 paid=false',
    )
  })
})
