import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { emptySession, type SessionSnapshot } from '../../contract/kiosk'
import { compileSerialPattern, defaultSerialPattern } from '../../contract/serial'
import { createApiClient } from '../../main/core/api/client'
import { KioskError } from '../../main/core/errors'
import { createDocumentStore } from '../../main/core/journal/documents'
import { openJournal, type Journal } from '../../main/core/journal/journal'
import { createPdfFolderPrinter } from '../../main/core/printing/pdf-folder'
import { profilePresets } from '../../main/core/printing/printer'
import { PrintSession, parseOrderId } from '../../main/core/session/session'
import { startPoligon, type Poligon, type PoligonEndpoint } from '../../main/poligon'
import {
  lostAnswer,
  makeOrder,
  makeRig,
  neverArrived,
  PINCODE,
  pdfBytes,
  printedBlank,
  type Rig,
} from '../support/fakes'

const UNPAID = makeOrder({ id: 12097256, paid: false, tickets: [5446130, 5446131] })
const PAID = makeOrder({ id: 12100001, paid: true, tickets: [5500101, 5500102] })
const look = (orderId: number) => ({ orderId: String(orderId), pincode: PINCODE })
const scan = (serial: string) => ({ serial, source: 'scan' as const })
const typed = (serial: string) => ({ serial, source: 'typed' as const })

// snapshots are numbered as they are made (seq); what matters here is what they say
const content = (snapshot: SessionSnapshot) => ({ ...snapshot, seq: 0 })

let rig: Rig
let opened: Rig[] = []

afterEach(() => {
  for (const each of opened) each.close()
  opened = []
})

function rigWith(...orders: Parameters<typeof makeRig>[0]['orders']) {
  rig = makeRig({ orders })
  opened.push(rig)
  return rig
}

async function atBlank(order = PAID): Promise<PrintSession> {
  const { session } = rigWith(order)
  await session.lookUpOrder(look(order.id))
  await session.beginPrinting()
  expect(session.snapshot().stage).toBe('blank')

  return session
}

// the order of journal steps, API calls and print jobs as they happened
const timeline = () => rig.api.timeline
const before = (first: string, second: string) => {
  const a = timeline().indexOf(first)
  const b = timeline().indexOf(second)
  expect(a, `${first} in ${timeline().join(' ')}`).toBeGreaterThanOrEqual(0)
  expect(b, `${second} in ${timeline().join(' ')}`).toBeGreaterThan(a)
}

describe('an unpaid order from start to done', () => {
  it('walks summary → payment → blank → check → next → done', async () => {
    const { session, api, printer } = rigWith(UNPAID)

    const summary = await session.lookUpOrder(look(UNPAID.id))
    expect(summary).toMatchObject({ stage: 'summary', error: null, activity: null })
    expect(summary.order).toMatchObject({
      id: UNPAID.id,
      customer: 'Иванов Иван Иванович',
      paid: false,
      totals: { amount: 2000, comission: 200, total: 2200 },
    })

    expect(await session.beginPayment()).toMatchObject({ stage: 'payment', error: null })

    const paid = await session.confirmPayment({ received: 2500 })
    expect(paid).toMatchObject({
      stage: 'blank',
      currentTicketId: 5446130,
      notice: { kind: 'payment-accepted', amount: 2200 },
      error: null,
    })
    // totals.total is sent, not what the cashier received
    expect(api.calls.find((c) => c.method === 'acceptPayment')?.args).toEqual([UNPAID.id, 2200])

    const check = await session.enterBlank(scan('AA005501'))
    expect(check).toMatchObject({ stage: 'check', currentSerial: 'AA005501', error: null })
    expect(check.order?.tickets[0]).toMatchObject({ progress: 'printed', serial: 'AA005501' })
    expect(printer.jobs).toHaveLength(1)
    expect(printer.jobs[0]).toMatchObject({
      orderId: UNPAID.id,
      ticketId: 5446130,
      serial: 'AA005501',
    })
    expect(printer.jobs[0]?.document).toEqual(pdfBytes('token-5446130-1'))

    expect(await session.confirmPrinted()).toMatchObject({
      stage: 'blank',
      currentTicketId: 5446131,
    })
    await session.enterBlank(scan('AA005502'))
    const done = await session.confirmPrinted()

    expect(done).toMatchObject({ stage: 'done', currentTicketId: null, currentSerial: null })
    expect(done.order?.tickets.map((t) => [t.progress, t.serial])).toEqual([
      ['printed', 'AA005501'],
      ['printed', 'AA005502'],
    ])
    expect(rig.steps()).toEqual([
      'session-opened',
      'payment-intent',
      'payment-done',
      'assign-intent',
      'assign-done',
      'download-intent',
      'document-stored',
      'print-intent',
      'print-done',
      'ticket-confirmed',
      'assign-intent',
      'assign-done',
      'download-intent',
      'document-stored',
      'print-intent',
      'print-done',
      'ticket-confirmed',
      'session-closed',
    ])
  })

  it('a cancelled payment goes back to the summary and sends nothing', async () => {
    const { session, api } = rigWith(UNPAID)
    await session.lookUpOrder(look(UNPAID.id))
    await session.beginPayment()

    expect(await session.cancelPayment()).toMatchObject({ stage: 'summary', error: null })
    expect(api.count('acceptPayment')).toBe(0)
  })

  it.each([[2199.99], [0], [Number.NaN], [-2200]])(
    'a received amount of %s is short and sends nothing',
    async (received) => {
      const { session, api } = rigWith(UNPAID)
      await session.lookUpOrder(look(UNPAID.id))
      await session.beginPayment()

      const snapshot = await session.confirmPayment({ received })

      expect(snapshot).toMatchObject({ stage: 'payment', error: { code: 'amount-short' } })
      expect(api.count('acceptPayment')).toBe(0)
      expect(rig.steps()).not.toContain('payment-intent')
    },
  )

  it('the exact amount is enough', async () => {
    const { session } = rigWith(UNPAID)
    await session.lookUpOrder(look(UNPAID.id))
    await session.beginPayment()

    expect(await session.confirmPayment({ received: 2200 })).toMatchObject({ stage: 'blank' })
  })

  it('an unpaid order cannot skip to printing', async () => {
    const { session, api } = rigWith(UNPAID)
    await session.lookUpOrder(look(UNPAID.id))

    const snapshot = await session.beginPrinting()

    expect(snapshot).toMatchObject({ stage: 'summary', error: { code: 'order-wrong-state' } })
    expect(api.count('assignBlank')).toBe(0)
  })
})

describe('a paid order', () => {
  it('goes straight from the summary to the blank', async () => {
    const { session, api } = rigWith(PAID)
    await session.lookUpOrder(look(PAID.id))

    expect(await session.beginPrinting()).toMatchObject({
      stage: 'blank',
      currentTicketId: 5500101,
    })
    expect(api.count('acceptPayment')).toBe(0)
  })

  it('is never paid again', async () => {
    const { session, api } = rigWith(PAID)
    await session.lookUpOrder(look(PAID.id))

    const snapshot = await session.beginPayment()

    expect(snapshot).toMatchObject({ stage: 'summary', error: { code: 'order-wrong-state' } })
    expect(api.count('acceptPayment')).toBe(0)
  })

  it('starts at the first ticket without a good blank', async () => {
    const order = structuredClone(PAID)
    const first = order.tickets[0]
    if (first) first.blank = printedBlank('AB000001')
    const { session } = rigWith(order)
    await session.lookUpOrder(look(order.id))

    expect(await session.beginPrinting()).toMatchObject({
      stage: 'blank',
      currentTicketId: 5500102,
    })
  })

  it('with every ticket printed there is nothing to print', async () => {
    const order = structuredClone(PAID)
    for (const [i, ticket] of order.tickets.entries())
      ticket.blank = printedBlank(`AB00000${i + 1}`)
    const { session, api } = rigWith(order)
    await session.lookUpOrder(look(order.id))

    const snapshot = await session.beginPrinting()

    expect(snapshot.error).toEqual({ code: 'nothing-to-print' })
    expect(api.count('assignBlank')).toBe(0)
  })
})

describe('a spoiled blank', () => {
  it('report-spoiled marks the same ticket and serial; it prints on a new blank', async () => {
    const session = await atBlank()
    await session.enterBlank(scan('AA005501'))

    const spoiled = await session.reportSpoiled()

    expect(rig.api.calls.find((c) => c.method === 'markBlankDefect')?.args).toEqual([
      5500101,
      'AA005501',
    ])
    expect(spoiled).toMatchObject({
      stage: 'blank',
      currentTicketId: 5500101,
      currentSerial: null,
      notice: { kind: 'blank-spoiled', serial: 'AA005501' },
      error: null,
    })
    expect(spoiled.order?.tickets[0]).toMatchObject({
      progress: 'waiting',
      serial: null,
      spoiledSerials: ['AA005501'],
    })

    const again = await session.enterBlank(scan('AA005502'))

    expect(again).toMatchObject({
      stage: 'check',
      currentTicketId: 5500101,
      currentSerial: 'AA005502',
    })
    expect(rig.printer.jobs.map((j) => [j.ticketId, j.serial])).toEqual([
      [5500101, 'AA005501'],
      [5500101, 'AA005502'],
    ])
    // a new blank brings a new token and so a new document
    const tokens = rig.api.calls
      .filter((c) => c.method === 'fetchTicketDocument')
      .map((c) => (c.args[0] as { token: string }).token)
    expect(tokens).toEqual(['token-5500101-1', 'token-5500101-2'])
    expect(again.order?.tickets[0]).toMatchObject({
      serial: 'AA005502',
      spoiledSerials: ['AA005501'],
    })
  })

  it.each([
    ['fails', () => rig.printer.failures.push('paper jam'), 'paper jam'],
    ['throws', () => rig.printer.throws.push(new Error('usb gone')), 'usb gone'],
  ])('a print that %s spoils the blank on its own', async (_, breakPrinter, reason) => {
    const session = await atBlank()
    breakPrinter()

    const snapshot = await session.enterBlank(scan('AA005501'))

    expect(snapshot).toMatchObject({
      stage: 'blank',
      currentTicketId: 5500101,
      error: { code: 'printer-failed', detail: reason },
    })
    expect(rig.api.calls.find((c) => c.method === 'markBlankDefect')?.args).toEqual([
      5500101,
      'AA005501',
    ])
    expect(rig.steps()).toEqual(
      expect.arrayContaining(['print-intent', 'print-failed', 'defect-intent', 'defect-done']),
    )
    before('journal:print-failed', 'api:markBlankDefect')

    await session.enterBlank(scan('AA005502'))
    expect(session.snapshot()).toMatchObject({ stage: 'check', currentSerial: 'AA005502' })
  })

  it('a printer that is not ready spends no blank', async () => {
    const session = await atBlank()
    rig.printer.readiness = { ready: false, reason: 'cover open' }

    const snapshot = await session.enterBlank(scan('AA005501'))

    expect(snapshot).toMatchObject({
      stage: 'blank',
      error: { code: 'printer-unavailable', detail: 'cover open' },
    })
    expect(rig.api.count('assignBlank')).toBe(0)
  })

  it('a serial the server refuses asks for the next blank', async () => {
    const session = await atBlank()
    await session.enterBlank(scan('AA005501'))
    await session.reportSpoiled()

    // the spoiled serial is spent on the server
    const snapshot = await session.enterBlank(scan('AA005501'))

    expect(snapshot).toMatchObject({ stage: 'blank', error: { code: 'serial-rejected' } })
    expect(snapshot.error?.detail).toContain('AA005501')
    expect(rig.printer.jobs).toHaveLength(1)
    expect(rig.steps()).toContain('assign-failed')
  })

  it.each([
    ['a network failure', neverArrived(), 'api-unreachable'],
    ['a refused key', new KioskError('access-denied', { apiCode: -2 }), 'access-denied'],
    ['a wrong state', new KioskError('order-wrong-state', { apiCode: -143 }), 'order-wrong-state'],
  ])('%s on assign is shown as it is, not as a refused blank', async (_, error, code) => {
    const session = await atBlank()
    rig.api.fail('assignBlank', error)

    const snapshot = await session.enterBlank(scan('AA005501'))

    expect(snapshot).toMatchObject({ stage: 'blank', error: { code } })
    expect(rig.printer.jobs).toHaveLength(0)
  })

  it('a damaged document is never fetched again: its blank can only be written off', async () => {
    const session = await atBlank()
    rig.api.document = () => Buffer.from('%PDF-1.7\nhalf')

    const broken = await session.enterBlank(scan('AA005501'))

    expect(broken).toMatchObject({ stage: 'check', error: { code: 'document-invalid' } })
    expect(broken.retryable).toBe(false)
    expect(rig.printer.jobs).toHaveLength(0)

    // production served the token's one download already: asking again would be refused
    const resumed = await session.resume()
    expect(resumed).toMatchObject({ stage: 'check', error: { code: 'document-gone' } })
    expect(rig.api.count('fetchTicketDocument')).toBe(1)

    const spoiled = await session.reportSpoiled()
    expect(spoiled).toMatchObject({ stage: 'blank', notice: { kind: 'blank-spoiled' } })
    expect(rig.api.count('markBlankDefect')).toBe(1)
  })

  it('a download refused before it reached the server may be tried again', async () => {
    const session = await atBlank()
    const good = rig.api.document
    rig.api.document = () => {
      throw new KioskError('api-unreachable', { detail: 'ECONNREFUSED' })
    }

    const refused = await session.enterBlank(scan('AA005501'))
    expect(refused).toMatchObject({ stage: 'check', retryable: true })

    rig.api.document = good
    const resumed = await session.resume()
    expect(resumed).toMatchObject({ stage: 'check', error: null })
    expect(rig.printer.jobs).toHaveLength(1)
  })

  it('resume never prints a printed ticket again', async () => {
    const session = await atBlank()
    await session.enterBlank(scan('AA005501'))

    const snapshot = await session.resume()

    expect(snapshot).toMatchObject({ stage: 'check', error: { code: 'wrong-stage' } })
    expect(rig.printer.jobs).toHaveLength(1)
    expect(rig.api.count('fetchTicketDocument')).toBe(1)
  })

  it('a token missing from the assign answer is read from the order', async () => {
    const session = await atBlank()
    rig.api.omitToken = true

    const snapshot = await session.enterBlank(scan('AA005501'))

    expect(snapshot).toMatchObject({ stage: 'check', error: null })
    const fetched = rig.api.calls.find((c) => c.method === 'fetchTicketDocument')
    expect(fetched?.args[0]).toMatchObject({ token: 'token-5500101-1' })
  })

  it('asks for the document with the layout of the printer profile', async () => {
    const session = await atBlank()

    await session.enterBlank(scan('AA005501'))

    expect(rig.api.calls.find((c) => c.method === 'fetchTicketDocument')?.args[0]).toEqual({
      token: 'token-5500101-1',
      format: 'PDF',
      documentSize: [80, 150],
      ticketSize: [80, 150],
      documentMargin: [0, 0],
      ticketMargin: [4, 4],
      rotation: 0,
    })
  })
})

describe('serials', () => {
  it.each([
    ['АА005501', 'AA005501'],
    ['аа005501', 'AA005501'],
    [' ВС 123456 ', 'BC123456'],
    ['ЕК-000001', 'EK000001'],
  ])('typed %j is sent as %j', async (text, sent) => {
    const session = await atBlank()

    await session.enterBlank(typed(text))

    expect(rig.api.calls.find((c) => c.method === 'assignBlank')?.args).toEqual([5500101, sent])
  })

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['ФФ005501', 'foreign-characters'],
    ['AA00550!', 'foreign-characters'],
    ['AA00550', 'pattern'],
    ['AA0055011', 'pattern'],
    ['A1', 'pattern'],
    ['12345678', 'pattern'],
  ])('%j never reaches the API', async (serial, reason) => {
    const session = await atBlank()

    const snapshot = await session.enterBlank(typed(serial))

    expect(snapshot).toMatchObject({
      stage: 'blank',
      error: { code: 'serial-invalid', detail: reason },
    })
    expect(rig.api.count('assignBlank')).toBe(0)
    expect(rig.steps()).not.toContain('assign-intent')
  })
})

describe('one intent at a time', () => {
  it('a second intent while a blank is assigned does nothing', async () => {
    const session = await atBlank()
    const release = rig.api.hold('assignBlank')

    const first = session.enterBlank(scan('AA005501'))
    const during = [
      await session.enterBlank(scan('AA005502')),
      await session.confirmPrinted(),
      await session.reportSpoiled(),
      await session.resume(),
      await session.lookUpOrder(look(PAID.id)),
      await session.reset(),
    ]
    release()
    const after = await first

    for (const snapshot of during) {
      expect(snapshot).toMatchObject({ activity: 'assigning-blank', error: null })
    }
    expect(rig.api.count('assignBlank')).toBe(1)
    expect(rig.api.count('getOrderForPrint')).toBe(1)
    expect(after).toMatchObject({ stage: 'check', currentSerial: 'AA005501', activity: null })
  })

  it('a double tap on confirm payment pays once', async () => {
    const { session, api } = rigWith(UNPAID)
    await session.lookUpOrder(look(UNPAID.id))
    await session.beginPayment()
    const release = api.hold('acceptPayment')

    const first = session.confirmPayment({ received: 2200 })
    const second = await session.confirmPayment({ received: 2200 })
    release()
    await first

    expect(second.activity).toBe('accepting-payment')
    expect(api.count('acceptPayment')).toBe(1)
  })

  it('a second look-up while one runs sends nothing', async () => {
    const { session, api } = rigWith(UNPAID)
    const release = api.hold('getOrderForPrint')

    const first = session.lookUpOrder(look(UNPAID.id))
    const second = await session.lookUpOrder(look(UNPAID.id))
    release()

    expect(second.activity).toBe('looking-up')
    expect((await first).stage).toBe('summary')
    expect(api.count('getOrderForPrint')).toBe(1)
  })

  it('shows each activity to its listeners while it runs', async () => {
    const session = await atBlank()
    const seen: (string | null)[] = []
    session.onChange((s) => seen.push(s.activity))

    await session.enterBlank(scan('AA005501'))

    expect(seen).toEqual(['assigning-blank', 'downloading', 'printing', null])
  })
})

describe('wrong-stage intents', () => {
  type Intent = [string, (s: PrintSession) => Promise<SessionSnapshot>]
  const intents: Intent[] = [
    ['begin-payment', (s) => s.beginPayment()],
    ['cancel-payment', (s) => s.cancelPayment()],
    ['confirm-payment', (s) => s.confirmPayment({ received: 1e6 })],
    ['begin-printing', (s) => s.beginPrinting()],
    ['enter-blank', (s) => s.enterBlank(scan('AA005501'))],
    ['confirm-printed', (s) => s.confirmPrinted()],
    ['report-spoiled', (s) => s.reportSpoiled()],
    ['resume', (s) => s.resume()],
  ]
  const allowed: Record<string, string[]> = {
    start: [],
    summary: ['begin-payment', 'begin-printing'],
    blank: ['enter-blank'],
    check: ['confirm-printed', 'report-spoiled', 'resume'],
  }
  const reach: Record<string, (s: PrintSession) => Promise<unknown>> = {
    start: async () => {},
    summary: (s) => s.lookUpOrder(look(UNPAID.id)),
    blank: async (s) => {
      await s.lookUpOrder(look(UNPAID.id))
      await s.beginPayment()
      await s.confirmPayment({ received: 2200 })
    },
    check: async (s) => {
      await reach['blank']?.(s)
      await s.enterBlank(scan('AA005501'))
    },
  }
  const cases = Object.keys(allowed).flatMap((stage) =>
    intents
      .filter(([name]) => !allowed[stage]?.includes(name))
      .map(([name, act]) => ({ stage, name, act })),
  )

  it.each(cases)('$name at $stage is refused and changes nothing', async ({ stage, act }) => {
    const { session, api } = rigWith(UNPAID)
    await reach[stage]?.(session)
    const was = session.snapshot()
    const calls = api.calls.length
    const steps = rig.steps().length

    const snapshot = await act(session)

    expect(content(snapshot)).toEqual(content({ ...was, error: { code: 'wrong-stage' } }))
    expect(api.calls).toHaveLength(calls)
    expect(rig.steps()).toHaveLength(steps)
  })

  it('look-up is refused in the middle of an order', async () => {
    const session = await atBlank()

    expect(await session.lookUpOrder(look(PAID.id))).toMatchObject({
      stage: 'blank',
      error: { code: 'wrong-stage' },
    })
    expect(rig.api.count('getOrderForPrint')).toBe(1)
  })

  it('confirm-printed before the ticket came out is refused', async () => {
    const session = await atBlank()
    const good = rig.api.document
    rig.api.document = () => Buffer.alloc(0)
    await session.enterBlank(scan('AA005501'))
    rig.api.document = good

    expect(await session.confirmPrinted()).toMatchObject({
      stage: 'check',
      error: { code: 'wrong-stage' },
    })
  })
})

describe('look-up', () => {
  it.each([
    ['letters', { orderId: 'abc', pincode: PINCODE }],
    ['zero', { orderId: '0', pincode: PINCODE }],
    ['empty', { orderId: '', pincode: PINCODE }],
    ['too long', { orderId: '1234567890123', pincode: PINCODE }],
    ['negative', { orderId: '-12097256', pincode: PINCODE }],
    ['a fraction', { orderId: '1.5', pincode: PINCODE }],
    ['pincode with letters', { orderId: '12097256', pincode: '48a1' }],
    ['empty pincode', { orderId: '12097256', pincode: '' }],
    ['pincode with a query', { orderId: '12097256', pincode: '4831&session=x' }],
  ])('%s is an unknown order and sends nothing', async (_, args) => {
    const { session, api } = rigWith(UNPAID)

    const snapshot = await session.lookUpOrder(args)

    expect(content(snapshot)).toEqual({ ...emptySession, error: { code: 'order-not-found' } })
    expect(api.calls).toEqual([])
  })

  it('a wrong pincode is an unknown order', async () => {
    const { session } = rigWith(UNPAID)

    const snapshot = await session.lookUpOrder({ orderId: String(UNPAID.id), pincode: '0000' })

    expect(snapshot).toMatchObject({ stage: 'start', error: { code: 'order-not-found' } })
    expect(rig.steps()).toEqual([])
  })

  it('trims what was typed', async () => {
    const { session, api } = rigWith(UNPAID)

    await session.lookUpOrder({ orderId: ' 12097256 ', pincode: ` ${PINCODE} ` })

    expect(api.calls[0]?.args).toEqual([12097256, PINCODE])
  })

  it.each([
    ['12097256', 12097256],
    [' 1 ', 1],
    ['000123', 123],
  ])('parseOrderId(%j) = %s', (text, id) => {
    expect(parseOrderId(text)).toBe(id)
  })

  it('a new order can be looked up once the last one is done', async () => {
    const { session } = rigWith(PAID, UNPAID)
    await session.lookUpOrder(look(PAID.id))
    await session.beginPrinting()
    for (const serial of ['AA005501', 'AA005502']) {
      await session.enterBlank(scan(serial))
      await session.confirmPrinted()
    }
    expect(session.snapshot().stage).toBe('done')

    expect(await session.lookUpOrder(look(UNPAID.id))).toMatchObject({
      stage: 'summary',
      order: { id: UNPAID.id },
    })
  })
})

describe('lost answers are settled by re-reading the order', () => {
  const methods = () => rig.api.calls.map((c) => c.method)

  async function atPayment() {
    const { session } = rigWith(UNPAID)
    await session.lookUpOrder(look(UNPAID.id))
    await session.beginPayment()
    return session
  }

  it('a payment that went through is found on re-read, not sent again', async () => {
    const session = await atPayment()
    rig.api.fail('acceptPayment', lostAnswer(), true)

    const snapshot = await session.confirmPayment({ received: 2200 })

    expect(snapshot).toMatchObject({
      stage: 'blank',
      error: null,
      notice: { kind: 'payment-accepted' },
    })
    expect(methods()).toEqual(['getOrderForPrint', 'acceptPayment', 'getOrderForPrint'])
    expect(rig.steps()).toEqual([
      'session-opened',
      'payment-intent',
      'payment-unknown',
      'payment-done',
    ])
  })

  it('a payment that did not go through is reported; the next try re-reads first', async () => {
    const session = await atPayment()
    rig.api.fail('acceptPayment', lostAnswer(), false)

    const lost = await session.confirmPayment({ received: 2200 })

    expect(lost).toMatchObject({ stage: 'payment', error: { code: 'outcome-unknown' } })
    expect(rig.api.count('acceptPayment')).toBe(1)

    const again = await session.confirmPayment({ received: 2200 })

    expect(again).toMatchObject({ stage: 'blank', error: null })
    expect(methods()).toEqual([
      'getOrderForPrint',
      'acceptPayment',
      'getOrderForPrint',
      'getOrderForPrint',
      'acceptPayment',
      'getOrderForPrint',
    ])
  })

  it('a payment lost while another desk paid is settled without a second payment', async () => {
    const session = await atPayment()
    rig.api.fail('acceptPayment', lostAnswer(), false)
    await session.confirmPayment({ received: 2200 })
    rig.api.order(UNPAID.id).paid = true

    const again = await session.confirmPayment({ received: 2200 })

    expect(again).toMatchObject({ stage: 'blank', error: null })
    expect(rig.api.count('acceptPayment')).toBe(1)
  })

  it('"already paid" is settled by re-reading', async () => {
    const session = await atPayment()
    rig.api.order(UNPAID.id).paid = true

    const snapshot = await session.confirmPayment({ received: 2200 })

    expect(snapshot).toMatchObject({ stage: 'blank', error: null })
    expect(rig.api.count('acceptPayment')).toBe(1)
  })

  it('a payment whose re-read fails too stays unresolved and is re-read next time', async () => {
    const session = await atPayment()
    rig.api.fail('acceptPayment', lostAnswer(), true)
    rig.api.fail('getOrderForPrint', neverArrived())

    const lost = await session.confirmPayment({ received: 2200 })
    expect(lost).toMatchObject({ stage: 'payment', error: { code: 'api-unreachable' } })

    const again = await session.confirmPayment({ received: 2200 })

    expect(again).toMatchObject({ stage: 'blank', error: null })
    expect(rig.api.count('acceptPayment')).toBe(1)
  })

  it('a refused payment is not re-sent', async () => {
    const session = await atPayment()
    rig.api.fail('acceptPayment', new KioskError('api-rejected', { apiCode: -146, detail: 'шлюз' }))

    const snapshot = await session.confirmPayment({ received: 2200 })

    expect(snapshot).toMatchObject({
      stage: 'payment',
      error: { code: 'api-rejected', detail: 'шлюз' },
    })
    expect(methods()).toEqual(['getOrderForPrint', 'acceptPayment'])
  })

  it('a blank that was assigned is found on re-read and printed', async () => {
    const session = await atBlank()
    rig.api.fail('assignBlank', lostAnswer(), true)

    const snapshot = await session.enterBlank(scan('AA005501'))

    expect(snapshot).toMatchObject({ stage: 'check', currentSerial: 'AA005501', error: null })
    expect(rig.api.count('assignBlank')).toBe(1)
    expect(rig.printer.jobs.map((j) => j.serial)).toEqual(['AA005501'])
    expect(rig.api.calls.find((c) => c.method === 'fetchTicketDocument')?.args[0]).toMatchObject({
      token: 'token-5500101-1',
    })
    expect(rig.steps()).toEqual(
      expect.arrayContaining(['assign-intent', 'assign-unknown', 'assign-done']),
    )
  })

  it('a blank that was not assigned is reported and nothing prints', async () => {
    const session = await atBlank()
    rig.api.fail('assignBlank', lostAnswer(), false)

    const snapshot = await session.enterBlank(scan('AA005501'))

    expect(snapshot).toMatchObject({ stage: 'blank', error: { code: 'outcome-unknown' } })
    expect(rig.api.count('assignBlank')).toBe(1)
    expect(rig.api.count('getOrderForPrint')).toBe(2)
    expect(rig.printer.jobs).toEqual([])
  })

  it('a blank assigned under a lost answer is not assigned again for the same serial', async () => {
    const session = await atBlank()
    rig.api.fail('assignBlank', lostAnswer(), true)
    rig.api.fail('getOrderForPrint', neverArrived())
    const lost = await session.enterBlank(scan('AA005501'))
    expect(lost).toMatchObject({ stage: 'blank', error: { code: 'api-unreachable' } })

    // the cashier scans the same blank again; the server already holds it for this ticket
    const again = await session.enterBlank(scan('AA005501'))

    expect(again).toMatchObject({ stage: 'check', currentSerial: 'AA005501', error: null })
    expect(rig.printer.jobs.map((j) => [j.ticketId, j.serial])).toEqual([[5500101, 'AA005501']])
  })

  it('a defect that went through is found on re-read', async () => {
    const session = await atBlank()
    await session.enterBlank(scan('AA005501'))
    rig.api.fail('markBlankDefect', lostAnswer(), true)

    const snapshot = await session.reportSpoiled()

    expect(snapshot).toMatchObject({
      stage: 'blank',
      error: null,
      notice: { kind: 'blank-spoiled', serial: 'AA005501' },
    })
    expect(rig.api.count('markBlankDefect')).toBe(1)
    expect(rig.steps().slice(-3)).toEqual(['defect-intent', 'defect-unknown', 'defect-done'])
  })

  it('a defect that did not go through is reported and can be tried again', async () => {
    const session = await atBlank()
    await session.enterBlank(scan('AA005501'))
    rig.api.fail('markBlankDefect', lostAnswer(), false)

    const lost = await session.reportSpoiled()

    expect(lost).toMatchObject({ stage: 'check', error: { code: 'outcome-unknown' } })
    expect(rig.api.count('markBlankDefect')).toBe(1)

    const again = await session.reportSpoiled()

    expect(again).toMatchObject({ stage: 'blank', error: null })
    expect(rig.api.count('markBlankDefect')).toBe(2)
  })

  it('a print failure whose defect answer is lost still writes the blank off once', async () => {
    const session = await atBlank()
    rig.printer.failures.push('paper jam')
    rig.api.fail('markBlankDefect', lostAnswer(), true)

    const snapshot = await session.enterBlank(scan('AA005501'))

    expect(snapshot).toMatchObject({ stage: 'blank', error: { code: 'printer-failed' } })
    expect(rig.api.count('markBlankDefect')).toBe(1)
  })
})

describe('kiosk mode', () => {
  it('confirms a printed ticket by itself and goes on to the next', async () => {
    rig = makeRig({ orders: [PAID], mode: 'kiosk' })
    opened.push(rig)
    const { session } = rig
    await session.lookUpOrder(look(PAID.id))
    await session.beginPrinting()

    const first = await session.enterBlank(scan('AA005501'))
    expect(first).toMatchObject({ stage: 'blank', currentTicketId: 5500102, error: null })

    const last = await session.enterBlank(scan('AA005502'))
    expect(last).toMatchObject({ stage: 'done', currentTicketId: null })
    expect(rig.steps().filter((s) => s === 'ticket-confirmed')).toHaveLength(2)
    expect(rig.steps().at(-1)).toBe('session-closed')
  })
})

describe('the journal', () => {
  it('records every intent before its call, and the outcome after', async () => {
    const { session } = rigWith(UNPAID)
    await session.lookUpOrder(look(UNPAID.id))
    await session.beginPayment()
    await session.confirmPayment({ received: 2200 })
    await session.enterBlank(scan('AA005501'))
    await session.reportSpoiled()

    before('journal:payment-intent', 'api:acceptPayment')
    before('api:acceptPayment', 'journal:payment-done')
    before('journal:assign-intent', 'api:assignBlank')
    before('api:assignBlank', 'journal:assign-done')
    before('journal:download-intent', 'api:fetchTicketDocument')
    before('api:fetchTicketDocument', 'journal:document-stored')
    before('journal:document-stored', 'journal:print-intent')
    before('journal:print-intent', 'printer:print')
    before('printer:print', 'journal:print-done')
    before('journal:defect-intent', 'api:markBlankDefect')
    before('api:markBlankDefect', 'journal:defect-done')
  })

  it('writes what a restart needs to reconcile', async () => {
    const session = await atBlank()
    await session.enterBlank(scan('AA005501'))

    const records = rig.journal.read().records
    const sessions = new Set(records.map((r) => r.session))

    expect(sessions.size).toBe(1)
    expect(records[0]).toMatchObject({ step: 'session-opened', orderId: PAID.id, pincode: PINCODE })
    expect(records.find((r) => r.step === 'assign-intent')).toMatchObject({
      orderId: PAID.id,
      ticketId: 5500101,
      serial: 'AA005501',
    })
    expect(records.find((r) => r.step === 'document-stored')?.document).toMatch(/\.pdf$/)
    expect(records.find((r) => r.step === 'print-done')).toMatchObject({ printer: 'fake-printer' })
  })

  it('closes the session on reset, and reset forgets the order', async () => {
    const session = await atBlank()

    const snapshot = await session.reset()

    expect(content(snapshot)).toEqual(emptySession)
    expect(rig.steps().at(-1)).toBe('session-closed')
    expect(rig.journal.read().records.at(-1)?.reason).toBe('blank')
  })
})

describe('what leaves the session', () => {
  it('snapshots carry totals only, never the top-level amount nor the pincode', async () => {
    const { session } = rigWith(UNPAID)
    const seen: SessionSnapshot[] = []
    session.onChange((s) => seen.push(s))
    await session.lookUpOrder(look(UNPAID.id))
    await session.beginPayment()
    await session.confirmPayment({ received: 2200 })
    await session.enterBlank(scan('AA005501'))
    await session.reportSpoiled()
    await session.enterBlank(scan('AA005502'))
    await session.confirmPrinted()

    expect(seen.length).toBeGreaterThan(10)
    for (const snapshot of seen) {
      const text = JSON.stringify(snapshot)
      expect(snapshot.order === null || !('amount' in snapshot.order)).toBe(true)
      expect(Object.keys(snapshot.order ?? {}).sort()).toEqual(
        snapshot.order ? ['customer', 'id', 'paid', 'tickets', 'totals'] : [],
      )
      expect(text).not.toContain(PINCODE)
      expect(text).not.toMatch(/pincode|token|session/i)
    }
  })

  it('logs what happened in domain terms without the pincode or the customer', async () => {
    const session = await atBlank()
    await session.enterBlank(scan('AA005501'))

    const lines = rig.logs.map((r) => `${r.message} ${JSON.stringify(r.fields)}`)

    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringContaining(`order ${PAID.id} found`),
        expect.stringContaining('blank AA005501 assigned to ticket 5500101'),
        expect.stringContaining('ticket 5500101 printed on blank AA005501'),
      ]),
    )
    expect(lines.join('\n')).not.toContain(PINCODE)
    expect(lines.join('\n')).not.toContain('Иванов')
  })
})

// The same session over the real client and the simulator on loopback.
describe('against the simulator', () => {
  let poligon: Poligon
  let dir: string
  let journal: Journal

  beforeAll(async () => {
    poligon = await startPoligon({ port: 0 })
  })

  afterAll(async () => {
    await poligon.close()
  })

  beforeEach(() => {
    poligon.reset()
    dir = mkdtempSync(join(tmpdir(), 'bso-poligon-session-'))
    journal = openJournal(join(dir, 'journal.jsonl'))
  })

  afterEach(() => {
    journal.close()
    rmSync(dir, { recursive: true, force: true })
  })

  function live(mode: 'cashier' | 'kiosk' = 'cashier') {
    const profile = profilePresets['thermal-80x150']
    if (!profile) throw new Error('no thermal preset')

    return new PrintSession({
      api: createApiClient({
        baseUrl: poligon.url,
        partnerKey: poligon.partnerKey,
        timeoutMs: 2000,
        sleep: async () => {},
      }),
      printer: createPdfFolderPrinter({ dir: join(dir, 'printed') }),
      profile,
      journal,
      documents: createDocumentStore(join(dir, 'documents')),
      serialPattern: compileSerialPattern(defaultSerialPattern),
      mode,
    })
  }

  const calls = (endpoint: PoligonEndpoint) =>
    poligon.state().calls.filter((c) => c.endpoint === endpoint)

  it('prints the documented example from payment to done', async () => {
    const session = live()
    await session.lookUpOrder({ orderId: '12097256', pincode: '4831' })
    await session.beginPayment()
    await session.confirmPayment({ received: 2500 })
    await session.enterBlank(typed('АА005501'))
    await session.confirmPrinted()
    await session.enterBlank(scan('AA005502'))
    const done = await session.confirmPrinted()

    expect(done).toMatchObject({ stage: 'done', error: null })
    const state = poligon.state()
    expect(state.payments).toMatchObject([{ orderId: 12097256, amount: 2200 }])
    expect(state.assignments.map((a) => [a.ticketId, a.serial])).toEqual([
      [5446130, 'AA005501'],
      [5446131, 'AA005502'],
    ])
    expect(calls('assign_bso').map((c) => c.params['bso'])).toEqual(['AA005501', 'AA005502'])
    expect(readdirSync(join(dir, 'printed')).sort()).toEqual([
      '12097256-5446130-AA005501.pdf',
      '12097256-5446131-AA005502.pdf',
    ])
  })

  it('shows the totals of a paid order, never its stale top-level amount', async () => {
    const session = live()

    const snapshot = await session.lookUpOrder({ orderId: '12100001', pincode: '5120' })

    expect(snapshot.order?.totals).toEqual({ amount: 9000, comission: 900, total: 9900 })
    expect(JSON.stringify(snapshot)).not.toContain('8910')
    expect(JSON.stringify(snapshot)).not.toContain('5120')
  })

  it('a spoiled blank is marked with the same ticket and serial; a new serial prints', async () => {
    const session = live()
    await session.lookUpOrder({ orderId: '12100001', pincode: '5120' })
    await session.beginPrinting()
    await session.enterBlank(scan('AA005501'))
    await session.reportSpoiled()
    const again = await session.enterBlank(scan('AA005502'))

    expect(again).toMatchObject({ stage: 'check', currentTicketId: 5500101, error: null })
    const state = poligon.state()
    expect(state.defects).toMatchObject([{ ticketId: 5500101, serial: 'AA005501' }])
    expect(state.assignments.map((a) => [a.ticketId, a.serial])).toEqual([
      [5500101, 'AA005501'],
      [5500101, 'AA005502'],
    ])
    expect(new Set(state.downloads.map((d) => d.token)).size).toBe(2)
  })

  it.each<[PoligonEndpoint, 'drop-after' | 'malformed-json' | 'wrong-types']>([
    ['payments/accept', 'drop-after'],
    ['payments/accept', 'malformed-json'],
    ['payments/accept', 'wrong-types'],
  ])('a payment answer lost to %s … %s is reconciled, paid once', async (endpoint, kind) => {
    poligon.injectFaults([{ endpoint, kind }])
    const session = live()
    await session.lookUpOrder({ orderId: '12097256', pincode: '4831' })
    await session.beginPayment()

    const snapshot = await session.confirmPayment({ received: 2200 })

    expect(snapshot).toMatchObject({ stage: 'blank', error: null })
    expect(calls('payments/accept')).toHaveLength(1)
    expect(poligon.state().payments).toHaveLength(1)
  })

  it('a payment lost on its way in is reported; the next try re-reads and pays once', async () => {
    poligon.injectFaults([{ endpoint: 'payments/accept', kind: 'drop-before' }])
    const session = live()
    await session.lookUpOrder({ orderId: '12097256', pincode: '4831' })
    await session.beginPayment()

    const lost = await session.confirmPayment({ received: 2200 })
    expect(lost).toMatchObject({ stage: 'payment', error: { code: 'outcome-unknown' } })

    const again = await session.confirmPayment({ received: 2200 })

    expect(again).toMatchObject({ stage: 'blank', error: null })
    expect(calls('payments/accept')).toHaveLength(2)
    expect(poligon.state().payments).toHaveLength(1)
  })

  it('a blank answer lost to bad-gateway is reconciled from the order', async () => {
    poligon.injectFaults([{ endpoint: 'assign_bso', kind: 'drop-after' }])
    const session = live()
    await session.lookUpOrder({ orderId: '12100001', pincode: '5120' })
    await session.beginPrinting()

    const snapshot = await session.enterBlank(scan('AA005501'))

    expect(snapshot).toMatchObject({ stage: 'check', currentSerial: 'AA005501', error: null })
    expect(calls('assign_bso')).toHaveLength(1)
    expect(poligon.state().downloads).toHaveLength(1)
  })

  it('a blank lost on its way in is reported and not sent again', async () => {
    poligon.injectFaults([{ endpoint: 'assign_bso', kind: 'bad-gateway' }])
    const session = live()
    await session.lookUpOrder({ orderId: '12100001', pincode: '5120' })
    await session.beginPrinting()

    const snapshot = await session.enterBlank(scan('AA005501'))

    expect(snapshot).toMatchObject({ stage: 'blank', error: { code: 'outcome-unknown' } })
    expect(calls('assign_bso')).toHaveLength(1)
    expect(poligon.state().assignments).toHaveLength(0)
  })

  it('a defect answer lost to reset… or done is reconciled from the order', async () => {
    const session = live()
    await session.lookUpOrder({ orderId: '12100001', pincode: '5120' })
    await session.beginPrinting()
    await session.enterBlank(scan('AA005501'))
    poligon.injectFaults([{ endpoint: 'mark_blank_defect', kind: 'drop-after' }])

    const snapshot = await session.reportSpoiled()

    expect(snapshot).toMatchObject({ stage: 'blank', error: null })
    expect(calls('mark_blank_defect')).toHaveLength(1)
    expect(poligon.state().defects).toHaveLength(1)
  })

  it('in kiosk mode a paid order prints through to done', async () => {
    const session = live('kiosk')
    await session.lookUpOrder({ orderId: '12100003', pincode: '2604' })
    await session.beginPrinting()
    for (const serial of ['AA005501', 'AA005502']) {
      expect(await session.enterBlank(scan(serial))).toMatchObject({ stage: 'blank' })
    }

    expect(await session.enterBlank(scan('AA005503'))).toMatchObject({ stage: 'done' })
    expect(poligon.state().assignments).toHaveLength(3)
  })
})
