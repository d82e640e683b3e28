import { spawn } from 'node:child_process'
import { once } from 'node:events'

import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import {
  CODE_ACCESS_DENIED,
  CODE_FAILED,
  CODE_INVALID,
  CODE_NOT_FOUND,
  CODE_OK,
  CODE_WRONG_STATE,
  FAULT_DOES_THE_WORK,
  POLYGON_PINCODE,
  STATUS_AWAITING_PAYMENT,
  STATUS_PAID,
  type Fault,
  type FaultKind,
  type Poligon,
  type PoligonEndpoint,
  type PoligonOptions,
  type PoligonOrder,
  type PoligonState,
  seedOrders,
  startPoligon,
} from '../../main/poligon'

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

interface Envelope {
  message: unknown
  code: unknown
  ts: unknown
  api?: unknown
  version?: unknown
}

interface Reply {
  status: number
  type: string
  body: Envelope
}

let poligon: Poligon
const running: Poligon[] = []

async function start(options: PoligonOptions = {}): Promise<Poligon> {
  poligon = await startPoligon({ port: 0, ...options })
  running.push(poligon)
  return poligon
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((p) => p.close()))
})

type Params = Record<string, string | number>

function urlOf(path: string, params: Params, session: string | null): string {
  const query = new URLSearchParams(
    Object.entries(params).map(([k, v]): [string, string] => [k, String(v)]),
  )
  if (session !== null) query.set('session', session)
  return `${poligon.url}${path}?${query}`
}

async function get(path: string, params: Params = {}, session?: string | null): Promise<Reply> {
  const response = await fetch(
    urlOf(path, params, session === undefined ? 'training-key' : session),
  )
  const type = response.headers.get('content-type') ?? ''
  const text = await response.text()
  return { status: response.status, type, body: JSON.parse(text) as Envelope }
}

function partner(method: string, params: Params = {}, session?: string | null): Promise<Reply> {
  return get(`/jtransport/partner/${method}`, params, session)
}

async function orderOf(id: number, pincode = POLYGON_PINCODE): Promise<PoligonOrder> {
  const reply = await partner('get_order_for_print', { id, pincode })
  expect(reply.body.code).toBe(CODE_OK)
  return reply.body.message as PoligonOrder
}

function firstTicketId(orderId: number, index = 0): number {
  const ticket = seedOrders.find((s) => s.id === orderId)?.order.tickets[index]
  if (ticket === undefined) throw new Error(`no ticket ${index} in ${orderId}`)
  return ticket.id
}

async function assign(ticketId: number, bso: string): Promise<Envelope> {
  return (await partner('assign_bso', { id: ticketId, bso })).body
}

function tokenOf(body: Envelope): string {
  const token = (body.message as { token?: unknown }).token
  if (typeof token !== 'string') throw new Error(`no token in ${JSON.stringify(body)}`)
  return token
}

describe('seed orders', () => {
  it('keeps the fixed ids and pincodes others rely on', () => {
    expect(seedOrders.map((s) => [s.id, s.pincode])).toEqual([
      [12097256, '4831'],
      [12100001, '5120'],
      [12100002, '7311'],
      [12100003, '2604'],
      [12100004, '1357'],
      [12100020, '9020'],
      [12100005, '2468'],
    ])
  })

  it('reproduces the operator example and catches a client that shows the top-level amount', () => {
    const example = seedOrders[0]?.order
    expect(example).toMatchObject({
      id: 12097256,
      name: 'Иванов Иван Иванович',
      status: STATUS_AWAITING_PAYMENT,
      amount: 2200,
      paid: false,
      totals: { amount: 2000, comission: 200, total: 2200 },
      epay: true,
      frontend_id: 216,
      eticket: false,
      is_mine: false,
      formulaOrder: false,
    })
    expect(example?.tickets.map((t) => [t.price, t.commission, t.admission])).toEqual([
      [1000, 100, false],
      [1000, 100, false],
    ])

    const differing = seedOrders.filter((s) => s.order.amount !== s.order.totals.total)
    expect(differing.length).toBeGreaterThanOrEqual(2)
  })

  it('has consistent totals, unique ids and barcodes, and future events', () => {
    const tickets = seedOrders.flatMap((s) => s.order.tickets)
    expect(new Set(tickets.map((t) => t.id)).size).toBe(tickets.length)
    expect(new Set(tickets.map((t) => t.barcode)).size).toBe(tickets.length)

    for (const { order } of seedOrders) {
      const price = order.tickets.reduce((sum, t) => sum + t.price, 0)
      const fee = order.tickets.reduce((sum, t) => sum + t.commission, 0)
      expect(order.totals).toEqual({ amount: price, comission: fee, total: price + fee })
      expect(order.status).toBe(order.paid ? STATUS_PAID : STATUS_AWAITING_PAYMENT)
    }

    for (const ticket of tickets) {
      expect(ticket.barcode).toMatch(/^\d{12,13}$/)
      expect(ticket.subevent.date).toBeGreaterThan(Date.UTC(2026, 11, 31))
      if (ticket.admission) expect([ticket.row, ticket.seat]).toEqual([null, null])
      else expect([typeof ticket.row, typeof ticket.seat]).toEqual(['string', 'string'])
      expect(ticket.token === null).toBe(ticket.blank === null)
    }
  })

  it('covers the shapes the brief asks for', () => {
    const byId = new Map(seedOrders.map((s) => [s.id, s.order]))
    expect(byId.get(12100002)?.totals).toEqual({ amount: 4498.5, comission: 450, total: 4948.5 })
    expect(byId.get(12100002)?.tickets.every((t) => t.admission)).toBe(true)
    expect(new Set(byId.get(12100003)?.tickets.map((t) => t.subevent.venue.id)).size).toBe(2)
    expect(byId.get(12100004)?.tickets.map((t) => t.blank?.number_str)).toEqual([
      '000001',
      '000002',
    ])
    expect(byId.get(12100020)?.tickets).toHaveLength(20)
    expect(seedOrders.find((s) => s.id === 12100005)?.userSession).toBe('us-demo-1')
  })
})

describe('partner key', () => {
  beforeEach(async () => {
    await start()
  })

  const methods = [
    'get_order_for_print',
    'get_order',
    'get_current_order',
    'payments/accept',
    'assign_bso',
    'mark_blank_defect',
  ]
  const wrongKeys: (string | null)[] = [null, '', 'Training-Key', 'training-key ', 'x']

  it.each(methods)('%s refuses a missing or wrong key with code -2', async (method) => {
    for (const key of wrongKeys) {
      const reply = await partner(method, { id: 12097256, pincode: '9876' }, key)
      expect(reply.status).toBe(200)
      expect(reply.body.code).toBe(CODE_ACCESS_DENIED)
      expect(reply.body.message).toBe('Доступ запрещён: неверный ключ партнёра')
    }
  })

  it('guards the ticket document with HTTP 403 and code -2', async () => {
    const reply = await get('/ticket/3f0c6a52-8b1e-4c8e-9d4a-5b2f7e1a9c01', {}, 'wrong')
    expect(reply.status).toBe(403)
    expect(reply.body.code).toBe(CODE_ACCESS_DENIED)
  })

  it('accepts a custom key and never records it', async () => {
    await poligon.close()
    await start({ partnerKey: 'secret-42' })
    expect((await partner('get_order_for_print', { id: 12097256, pincode: 9876 })).body.code).toBe(
      CODE_ACCESS_DENIED,
    )

    const reply = await partner('get_order_for_print', { id: 12097256, pincode: 9876 }, 'secret-42')
    expect(reply.body.code).toBe(CODE_OK)
    expect(JSON.stringify(poligon.state())).not.toContain('secret-42')
    expect(poligon.state().calls[1]?.params['session']).toBe('***')
  })
})

describe('get_order_for_print', () => {
  it('on the polygon opens every order with 9876 and with its own pincode', async () => {
    await start()

    for (const seed of seedOrders) {
      for (const pincode of [POLYGON_PINCODE, seed.pincode]) {
        const reply = await partner('get_order_for_print', { id: seed.id, pincode })
        expect(reply.body).toMatchObject({ code: CODE_OK, api: 2.1 })
        expect(reply.body.message).toEqual(seed.order)
        expect(reply.type).toContain('application/json')
      }
    }
  })

  it('on production opens an order only with its own pincode', async () => {
    await start({ flavour: 'production' })

    const own = await partner('get_order_for_print', { id: 12097256, pincode: 4831 })
    const polygonPin = await partner('get_order_for_print', { id: 12097256, pincode: 9876 })
    const otherOrders = await partner('get_order_for_print', { id: 12097256, pincode: 5120 })
    expect(own.body.code).toBe(CODE_OK)
    expect(polygonPin.body).toMatchObject({ code: CODE_NOT_FOUND, message: 'Заказ не найден' })
    expect(otherOrders.body.code).toBe(CODE_NOT_FOUND)
  })

  it('answers a wrong pincode exactly like an unknown order', async () => {
    await start()

    const wrongPin = await partner('get_order_for_print', { id: 12097256, pincode: 1111 })
    const unknown = await partner('get_order_for_print', { id: 99999999, pincode: 9876 })
    const strip = ({ ts: _ts, ...rest }: Envelope): Omit<Envelope, 'ts'> => rest
    expect(strip(wrongPin.body)).toEqual(strip(unknown.body))
    expect(strip(wrongPin.body)).toEqual({ code: 0, message: 'Заказ не найден', api: 2.1 })
  })

  it.each([
    [{ pincode: 9876 }, 'Не указан параметр id'],
    [{ id: 'abc', pincode: 9876 }, 'Параметр id должен быть целым числом'],
    [{ id: '-1', pincode: 9876 }, 'Параметр id должен быть целым числом'],
    [{ id: 12097256 }, 'Не указан параметр pincode'],
  ])('refuses bad parameters %j with -200', async (params, message) => {
    await start()
    const reply = await partner('get_order_for_print', params)
    expect(reply.body).toMatchObject({ code: CODE_INVALID, message })
  })

  it('serves no internal field such as the user session', async () => {
    await start()
    const order = await orderOf(12100005)
    expect(JSON.stringify(order)).not.toContain('us-demo')
    expect(Object.keys(order).sort()).toEqual(
      [
        'id',
        'name',
        'status',
        'date',
        'subevents',
        'amount',
        'epay',
        'frontend_id',
        'eticket',
        'paid',
        'tickets',
        'totals',
        'is_mine',
        'formulaOrder',
      ].sort(),
    )
  })
})

describe('get_order and get_current_order', () => {
  beforeEach(async () => {
    await start()
  })

  it('finds an order made in the user session', async () => {
    const reply = await partner('get_order', {
      id: 12100005,
      user_session: 'us-demo-1',
      extended: 'true',
    })
    expect(reply.body.code).toBe(CODE_OK)
    expect((reply.body.message as PoligonOrder).id).toBe(12100005)
  })

  it('answers 0 for another session, an order of nobody, or an unknown order', async () => {
    const cases = [
      { id: 12100005, user_session: 'us-demo-2' },
      { id: 12097256, user_session: 'us-demo-1' },
      { id: 42, user_session: 'us-demo-1' },
    ]
    for (const params of cases) {
      const reply = await partner('get_order', { ...params, extended: 'true' })
      expect(reply.body).toMatchObject({ code: CODE_NOT_FOUND, message: 'Заказ не найден' })
    }
  })

  it('takes the latest order of the session as the current one', async () => {
    const first = await partner('get_current_order', {
      user_session: 'us-demo-1',
      extended: 'true',
    })
    const second = await partner('get_current_order', { user_session: 'us-demo-2' })
    const nobody = await partner('get_current_order', { user_session: 'us-nobody' })
    const missing = await partner('get_current_order', {})

    expect((first.body.message as PoligonOrder).id).toBe(12100005)
    expect((second.body.message as PoligonOrder).id).toBe(12100001)
    expect(nobody.body.code).toBe(CODE_NOT_FOUND)
    expect(missing.body.code).toBe(CODE_INVALID)
  })
})

describe('payments/accept', () => {
  beforeEach(async () => {
    await start()
  })

  it('accepts exactly totals.total once, marks the order paid and records it', async () => {
    const reply = await partner('payments/accept', { order_id: 12097256, amount: 2200 })
    expect(reply.body).toMatchObject({
      code: CODE_OK,
      message: { order_id: 12097256, amount: 2200, paid: true },
      version: '2.1',
    })
    expect(reply.body).not.toHaveProperty('api')

    const order = await orderOf(12097256)
    expect([order.paid, order.status]).toEqual([true, STATUS_PAID])

    const again = await partner('payments/accept', { order_id: 12097256, amount: 2200 })
    expect(again.body).toMatchObject({ code: CODE_WRONG_STATE, version: '2.1' })
    expect(poligon.state().payments).toEqual([
      { orderId: 12097256, amount: 2200, at: expect.any(Number) },
    ])
  })

  it.each(['4948.5', '4948.50'])('compares kopecks as numbers (%s)', async (amount) => {
    const reply = await partner('payments/accept', { order_id: 12100002, amount })
    expect(reply.body.code).toBe(CODE_OK)
    expect(poligon.state().payments[0]?.amount).toBe(4948.5)
  })

  it.each(['2000', '2200.01', '2199.99', '4948', '', 'abc', '2200,00', '-2200', '0x898', '2.2e3'])(
    'refuses the amount %j with -200 and changes nothing',
    async (amount) => {
      const reply = await partner('payments/accept', { order_id: 12097256, amount })
      expect(reply.body.code).toBe(CODE_INVALID)
      expect(typeof reply.body.message).toBe('string')
      expect(poligon.state().payments).toEqual([])
      expect((await orderOf(12097256)).paid).toBe(false)
    },
  )

  it('refuses the top-level amount where it differs from totals.total', async () => {
    const reply = await partner('payments/accept', { order_id: 12100002, amount: 4498.5 })
    expect(reply.body.code).toBe(CODE_INVALID)
  })

  it('answers -143 for a paid seed order and 0 for an unknown one', async () => {
    const paid = await partner('payments/accept', { order_id: 12100001, amount: 9900 })
    const unknown = await partner('payments/accept', { order_id: 31337, amount: 100 })
    expect(paid.body.code).toBe(CODE_WRONG_STATE)
    expect(unknown.body).toMatchObject({ code: CODE_NOT_FOUND, version: '2.1' })
  })
})

describe('assign_bso', () => {
  beforeEach(async () => {
    await start()
  })

  it('puts the blank and a new token on the ticket', async () => {
    const ticketId = firstTicketId(12100001)
    const body = await assign(ticketId, 'AA005501')
    expect(body).toMatchObject({
      code: CODE_OK,
      api: 2.1,
      message: { ticket_id: ticketId, bso: 'AA005501' },
    })
    expect(tokenOf(body)).toMatch(UUID_V4)

    const ticket = (await orderOf(12100001)).tickets[0]
    expect(ticket?.blank).toEqual({
      seria: 'AA',
      number: 5501,
      number_str: '005501',
      defect: false,
    })
    expect(ticket?.token).toBe(tokenOf(body))
    expect(poligon.state().assignments).toEqual([
      { ticketId, serial: 'AA005501', token: tokenOf(body), at: expect.any(Number) },
    ])
  })

  it.each([
    ['АА005501', 'Серия БСО должна быть латиницей'],
    ['ФФ005501', 'Серия БСО должна быть латиницей'],
    ['AА005501', 'Серия БСО должна быть латиницей'],
  ])('refuses the Cyrillic serial %s with -200', async (bso, message) => {
    const body = await assign(firstTicketId(12100001), bso)
    expect(body).toMatchObject({ code: CODE_INVALID, message })
    expect(poligon.state().assignments).toEqual([])
  })

  it.each(['aa005501', ' AA005501', 'AA005501 ', 'AA-005501', '005501', 'AA', 'A1B2', 'AA00550A'])(
    'refuses the malformed serial %j with -200',
    async (bso) => {
      const body = await assign(firstTicketId(12100001), bso)
      expect(body.code).toBe(CODE_INVALID)
      expect((await orderOf(12100001)).tickets[0]?.blank).toBeNull()
    },
  )

  it('refuses a ticket of an unpaid order with -143, then takes it once paid', async () => {
    const ticketId = firstTicketId(12097256)
    expect((await assign(ticketId, 'AA005501')).code).toBe(CODE_WRONG_STATE)

    await partner('payments/accept', { order_id: 12097256, amount: 2200 })
    expect((await assign(ticketId, 'AA005501')).code).toBe(CODE_OK)
  })

  it('refuses a second blank on a printed ticket with -143', async () => {
    const ticketId = firstTicketId(12100001)
    await assign(ticketId, 'AA005501')
    expect((await assign(ticketId, 'AA005502')).code).toBe(CODE_WRONG_STATE)
    expect((await assign(firstTicketId(12100004), 'AA005503')).code).toBe(CODE_WRONG_STATE)
  })

  it('refuses a serial used before, including a seeded one, with -250', async () => {
    await assign(firstTicketId(12100001), 'AA005501')
    expect((await assign(firstTicketId(12100001, 1), 'AA005501')).code).toBe(CODE_FAILED)
    expect((await assign(firstTicketId(12100003), 'AB000001')).code).toBe(CODE_FAILED)
  })

  it('answers 0 for an unknown ticket and -200 without parameters', async () => {
    expect((await assign(1, 'AA005501')).code).toBe(CODE_NOT_FOUND)
    expect((await partner('assign_bso', { id: firstTicketId(12100001) })).body.code).toBe(
      CODE_INVALID,
    )
    expect((await partner('assign_bso', { bso: 'AA005501' })).body.code).toBe(CODE_INVALID)
  })
})

describe('mark_blank_defect', () => {
  beforeEach(async () => {
    await start()
  })

  it('frees the ticket for a new blank with a new token, and kills the old token', async () => {
    const ticketId = firstTicketId(12100003)
    const first = tokenOf(await assign(ticketId, 'AA005501'))

    const defect = await partner('mark_blank_defect', { id: ticketId, bso: 'AA005501' })
    expect(defect.body).toMatchObject({
      code: CODE_OK,
      version: '2.1',
      message: { ticket_id: ticketId, bso: 'AA005501', defect: true },
    })
    expect(defect.body).not.toHaveProperty('api')

    const freed = (await orderOf(12100003)).tickets[0]
    expect([freed?.blank, freed?.token]).toEqual([null, null])
    expect((await get(`/ticket/${first}`)).status).toBe(404)

    expect((await assign(ticketId, 'AA005501')).code).toBe(CODE_FAILED)
    const second = tokenOf(await assign(ticketId, 'AA005502'))
    expect(second).not.toBe(first)
    expect((await orderOf(12100003)).tickets[0]?.blank?.number_str).toBe('005502')

    const state = poligon.state()
    expect(state.defects).toEqual([{ ticketId, serial: 'AA005501', at: expect.any(Number) }])
    expect(state.assignments.map((a) => [a.serial, a.token])).toEqual([
      ['AA005501', first],
      ['AA005502', second],
    ])
  })

  it('answers -200 for a serial that is not the ticket blank', async () => {
    const ticketId = firstTicketId(12100003)
    await assign(ticketId, 'AA005501')

    for (const bso of ['AA005502', 'АА005501', 'aa005501']) {
      const reply = await partner('mark_blank_defect', { id: ticketId, bso })
      expect(reply.body.code).toBe(CODE_INVALID)
    }
    expect(poligon.state().defects).toEqual([])
  })

  it('answers -143 for a ticket with no blank, also after the defect', async () => {
    const ticketId = firstTicketId(12100003)
    const none = await partner('mark_blank_defect', { id: ticketId, bso: 'AA005501' })
    expect(none.body.code).toBe(CODE_WRONG_STATE)

    await assign(ticketId, 'AA005501')
    await partner('mark_blank_defect', { id: ticketId, bso: 'AA005501' })
    const twice = await partner('mark_blank_defect', { id: ticketId, bso: 'AA005501' })
    expect(twice.body.code).toBe(CODE_WRONG_STATE)
  })

  it('spoils a seeded blank and answers 0 for an unknown ticket', async () => {
    const seeded = await partner('mark_blank_defect', {
      id: firstTicketId(12100004),
      bso: 'AB000001',
    })
    const unknown = await partner('mark_blank_defect', { id: 7, bso: 'AB000001' })
    expect(seeded.body.code).toBe(CODE_OK)
    expect(unknown.body.code).toBe(CODE_NOT_FOUND)
  })
})

describe('ticket documents', () => {
  async function download(token: string, params: Params = {}): Promise<Response> {
    return fetch(urlOf(`/ticket/${token}`, params, 'training-key'))
  }

  it('serves PDF by default, FOP on request, any number of times on the polygon', async () => {
    await start()
    const token = tokenOf(await assign(firstTicketId(12100001), 'AA005501'))

    for (let i = 0; i < 3; i++) {
      const pdf = await download(token)
      expect(pdf.status).toBe(200)
      expect(pdf.headers.get('content-type')).toBe('application/pdf')
      expect(
        Buffer.from(await pdf.arrayBuffer())
          .subarray(0, 5)
          .toString(),
      ).toBe('%PDF-')
    }

    const fop = await download(token, { format: 'FOP' })
    expect(fop.headers.get('content-type')).toContain('application/xml')
    expect(await fop.text()).toContain('<fo:root')

    const downloads = poligon.state().downloads
    expect(downloads.map((d) => d.format)).toEqual(['PDF', 'PDF', 'PDF', 'FOP'])
    expect(downloads.every((d) => d.token === token)).toBe(true)
  })

  it('on production serves a token once, then 410 with -250', async () => {
    await start({ flavour: 'production' })
    const token = tokenOf(await assign(firstTicketId(12100001), 'AA005501'))

    expect((await download(token)).status).toBe(200)
    const again = await get(`/ticket/${token}`)
    expect(again.status).toBe(410)
    expect(again.body).toMatchObject({ code: CODE_FAILED, message: 'Билет уже был получен' })
    expect(poligon.state().downloads).toHaveLength(1)

    const bad = await download(tokenOf(await assign(firstTicketId(12100001, 1), 'AA005502')), {
      rotation: 45,
    })
    expect(bad.status).toBe(400)
    expect(poligon.state().downloads).toHaveLength(1)
  })

  it('answers 404 with code 0 for an unknown token', async () => {
    await start()
    for (const token of ['00000000-0000-4000-8000-000000000000', 'nope']) {
      const reply = await get(`/ticket/${token}`)
      expect(reply.status).toBe(404)
      expect(reply.body.code).toBe(CODE_NOT_FOUND)
    }
  })

  it.each([
    { document_size: 'abc' },
    { document_size: '80' },
    { document_size: '80,150,3' },
    { document_size: '0,150' },
    { document_size: '-80,150' },
    { document_size: '80,1001' },
    { document_size: '80,1e2' },
    { ticket_size: '80,' },
    { ticket_size: '0,0' },
    { document_margin: '-1,0' },
    { document_margin: 'x,y' },
    { ticket_margin: '0,1001' },
    { rotation: '45' },
    { rotation: '90.0' },
    { rotation: 'ninety' },
    { format: 'PNG' },
  ])('refuses %j with HTTP 400 and -200', async (params) => {
    await start()
    const reply = await get('/ticket/3f0c6a52-8b1e-4c8e-9d4a-5b2f7e1a9c01', params)
    expect(reply.status).toBe(400)
    expect(reply.body.code).toBe(CODE_INVALID)
    expect(poligon.state().downloads).toEqual([])
  })

  it.each(['-90', '0', '180', '270', '450', '-270'])('takes rotation %s', async (rotation) => {
    await start()
    const reply = await download('3f0c6a52-8b1e-4c8e-9d4a-5b2f7e1a9c01', { rotation })
    expect(reply.status).toBe(200)
  })
})

describe('routing', () => {
  beforeEach(async () => {
    await start()
  })

  it.each([
    '/',
    '/jtransport/partner/',
    '/jtransport/partner/nope',
    '/jtransport/partner/ticket',
    '/ticket/',
    '/ticket/a/b',
    '/ticket/%E0%A4%A',
  ])('answers %s with 404 and -200', async (path) => {
    const reply = await get(path)
    expect(reply.status).toBe(404)
    expect(reply.body).toMatchObject({ code: CODE_INVALID, api: 2.1 })
  })

  it('refuses a method other than GET', async () => {
    const url = urlOf(
      '/jtransport/partner/payments/accept',
      { order_id: 12097256, amount: 2200 },
      'training-key',
    )
    const response = await fetch(url, { method: 'POST' })
    expect(response.status).toBe(405)
    expect(poligon.state().payments).toEqual([])
  })

  it('records every call with its outcome and the session hidden', async () => {
    await partner('get_order_for_print', { id: 12097256, pincode: 1 })
    await partner('payments/accept', { order_id: 12097256, amount: 2200 })
    await fetch(urlOf('/ticket/3f0c6a52-8b1e-4c8e-9d4a-5b2f7e1a9c01', {}, 'training-key'))

    expect(poligon.state().calls).toEqual([
      {
        endpoint: 'get_order_for_print',
        params: { id: '12097256', pincode: '1', session: '***' },
        code: CODE_NOT_FOUND,
        fault: null,
        at: expect.any(Number),
      },
      expect.objectContaining({ endpoint: 'payments/accept', code: CODE_OK }),
      expect.objectContaining({
        endpoint: 'ticket',
        code: CODE_OK,
        params: { session: '***', token: '3f0c6a52-8b1e-4c8e-9d4a-5b2f7e1a9c01' },
      }),
    ])
  })

  it('hands out deep copies of the state and resets to the seed', async () => {
    const copy = poligon.state()
    const first = copy.orders[0]
    if (first !== undefined) first.paid = true
    expect((await orderOf(12097256)).paid).toBe(false)

    await partner('payments/accept', { order_id: 12097256, amount: 2200 })
    await assign(firstTicketId(12097256), 'AA005501')
    poligon.reset()

    const state = poligon.state()
    expect(state.orders).toEqual(seedOrders.map((s) => s.order))
    expect([state.payments, state.assignments, state.calls]).toEqual([[], [], []])
    expect((await assign(firstTicketId(12100001), 'AA005501')).code).toBe(CODE_OK)
  })
})

describe('control endpoints', () => {
  it('are off by default', async () => {
    await start()
    for (const path of ['/__poligon/state', '/__poligon/reset', '/__poligon/faults']) {
      const reply = await get(path)
      expect(reply.status).toBe(404)
      expect(reply.body.code).toBe(CODE_INVALID)
    }
  })

  it('show the state, inject faults and reset when on', async () => {
    await start({ control: true })
    await partner('payments/accept', { order_id: 12097256, amount: 2200 })

    const state = (await (await fetch(`${poligon.url}/__poligon/state`)).json()) as PoligonState
    expect(state.payments).toHaveLength(1)

    const bad = await fetch(`${poligon.url}/__poligon/faults?endpoint=nope&kind=reset`)
    expect(bad.status).toBe(400)

    const query = 'endpoint=get_order_for_print&kind=bad-gateway&times=2'
    const added = (await (await fetch(`${poligon.url}/__poligon/faults?${query}`)).json()) as {
      faults: Fault[]
    }
    expect(added.faults).toEqual([
      { endpoint: 'get_order_for_print', kind: 'bad-gateway', times: 2, delayMs: 1000 },
    ])
    expect((await fetch(urlOf('/jtransport/partner/get_order_for_print', {}, null))).status).toBe(
      502,
    )

    await fetch(`${poligon.url}/__poligon/reset`)
    expect(poligon.state().payments).toEqual([])
    expect((await partner('get_order_for_print', { id: 12097256, pincode: 9876 })).status).toBe(200)
  })
})

describe('faults', () => {
  const payment = { order_id: 12097256, amount: 2200 }

  async function payOnce(): Promise<Response | Error> {
    return fetch(urlOf('/jtransport/partner/payments/accept', payment, 'training-key')).catch(
      (error: unknown) => error as Error,
    )
  }

  function withFault(kind: FaultKind, extra: Partial<Fault> = {}): Promise<Poligon> {
    return start({ faults: [{ endpoint: 'payments/accept', kind, ...extra }] })
  }

  it('documents which faults do the work', () => {
    expect(FAULT_DOES_THE_WORK).toEqual({
      delay: true,
      'drop-after': true,
      'drop-before': false,
      'bad-gateway': false,
      reset: false,
      'malformed-json': true,
      'wrong-types': true,
    })
  })

  it('delay holds the answer back but does the work at once', async () => {
    await withFault('delay', { delayMs: 300 })
    const started = performance.now()
    const pending = payOnce()

    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(poligon.state().payments).toHaveLength(1)

    const response = await pending
    expect(performance.now() - started).toBeGreaterThanOrEqual(290)
    expect(response).toBeInstanceOf(Response)
    expect(((await (response as Response).json()) as Envelope).code).toBe(CODE_OK)
  })

  it('drop-after pays and sends nothing', async () => {
    await withFault('drop-after')
    expect(await payOnce()).toBeInstanceOf(TypeError)
    expect(poligon.state().payments).toHaveLength(1)
    expect((await orderOf(12097256)).paid).toBe(true)
    expect(poligon.state().calls[0]).toMatchObject({ code: CODE_OK, fault: 'drop-after' })
  })

  it.each(['drop-before', 'reset'] as const)('%s neither pays nor answers', async (kind) => {
    await withFault(kind)
    expect(await payOnce()).toBeInstanceOf(TypeError)
    expect(poligon.state().payments).toEqual([])
    expect(poligon.state().calls[0]).toMatchObject({ code: null, fault: kind })
    expect((await orderOf(12097256)).paid).toBe(false)
  })

  it('bad-gateway answers 502 with an HTML page and does not pay', async () => {
    await withFault('bad-gateway')
    const response = (await payOnce()) as Response
    expect(response.status).toBe(502)
    expect(response.headers.get('content-type')).toContain('text/html')
    expect(await response.text()).toContain('502 Bad Gateway')
    expect(poligon.state().payments).toEqual([])
  })

  it('malformed-json pays and answers 200 with a body that is not JSON', async () => {
    await withFault('malformed-json')
    const response = (await payOnce()) as Response
    const text = await response.text()

    expect(response.status).toBe(200)
    expect(text.startsWith('{"message":')).toBe(true)
    expect(() => JSON.parse(text)).toThrow(SyntaxError)
    expect(poligon.state().payments).toHaveLength(1)
  })

  it('wrong-types pays and answers a valid envelope with strings for numbers', async () => {
    await withFault('wrong-types')
    const body = (await ((await payOnce()) as Response).json()) as Envelope
    expect(body).toMatchObject({
      code: '1',
      message: { order_id: '12097256', amount: '2200', paid: 'true' },
      version: '2.1',
    })
    expect(typeof body.ts).toBe('number')
    expect(poligon.state().payments).toHaveLength(1)
  })

  it('wrong-types turns totals.total of an order into a string', async () => {
    await start({ faults: [{ endpoint: 'get_order_for_print', kind: 'wrong-types' }] })
    const reply = await partner('get_order_for_print', { id: 12097256, pincode: 9876 })
    const order = reply.body.message as { totals: { total: unknown }; paid: unknown }
    expect([reply.body.code, order.totals.total, order.paid]).toEqual(['1', '2200', 'false'])
  })

  it('counts times, hits only its endpoint and queues in order', async () => {
    await start({
      faults: [
        { endpoint: 'get_order_for_print', kind: 'bad-gateway', times: 2 },
        { endpoint: 'get_order_for_print', kind: 'malformed-json' },
      ],
    })
    const url = urlOf(
      '/jtransport/partner/get_order_for_print',
      { id: 12097256, pincode: 9876 },
      'training-key',
    )

    expect((await partner('get_current_order', { user_session: 'us-demo-1' })).body.code).toBe(1)
    expect((await fetch(url)).status).toBe(502)
    expect((await fetch(url)).status).toBe(502)
    await expect(fetch(url).then((r) => r.json())).rejects.toThrow(SyntaxError)
    expect(((await (await fetch(url)).json()) as Envelope).code).toBe(CODE_OK)
  })

  it('can be injected and cleared at run time, also on the ticket endpoint', async () => {
    await start({ flavour: 'production' })
    const token = '3f0c6a52-8b1e-4c8e-9d4a-5b2f7e1a9c01'
    poligon.injectFaults([{ endpoint: 'ticket', kind: 'drop-after' }])

    await expect(fetch(urlOf(`/ticket/${token}`, {}, 'training-key'))).rejects.toThrow(TypeError)
    expect(poligon.state().downloads).toHaveLength(1)
    expect((await get(`/ticket/${token}`)).status).toBe(410)

    poligon.injectFaults([{ endpoint: 'payments/accept', kind: 'reset', times: 5 }])
    poligon.clearFaults()
    const paid = (await ((await payOnce()) as Response).json()) as Envelope
    expect(paid.code).toBe(CODE_OK)
    expect(poligon.state().payments).toHaveLength(1)
  })

  it.each(['malformed-json', 'wrong-types'] as const)(
    '%s on a document still counts the download',
    async (kind) => {
      await start({ faults: [{ endpoint: 'ticket', kind }] })
      const response = await fetch(
        urlOf('/ticket/3f0c6a52-8b1e-4c8e-9d4a-5b2f7e1a9c01', {}, 'training-key'),
      )
      const bytes = Buffer.from(await response.arrayBuffer())

      expect(response.status).toBe(200)
      if (kind === 'malformed-json') {
        expect(bytes.subarray(0, 5).toString()).toBe('%PDF-')
        expect(bytes.includes('%%EOF')).toBe(false)
      } else {
        expect(JSON.parse(bytes.toString())).toMatchObject({ code: CODE_OK, message: null })
      }
      expect(poligon.state().downloads).toHaveLength(1)
    },
  )

  it('refuses a fault with a count or delay that makes no sense', async () => {
    await start()
    const endpoint: PoligonEndpoint = 'assign_bso'
    for (const fault of [
      { endpoint, kind: 'reset', times: 0 },
      { endpoint, kind: 'reset', times: 1.5 },
      { endpoint, kind: 'delay', delayMs: Number.NaN },
      { endpoint, kind: 'delay', delayMs: -1 },
    ] satisfies Fault[]) {
      expect(() => poligon.injectFaults([fault])).toThrow(RangeError)
    }
  })
})

describe('latency', () => {
  it('is added to every answer', async () => {
    await start({ latencyMs: 150 })
    const started = performance.now()
    await partner('get_current_order', { user_session: 'us-demo-1' })
    expect(performance.now() - started).toBeGreaterThanOrEqual(140)
  })
})

describe('standalone CLI', () => {
  it('listens on 127.0.0.1, prints its URL and key, and stops on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'main/poligon/cli.ts', '--port', '0', '--key', 'k-1'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    )
    const [chunk] = (await once(child.stdout, 'data')) as [Buffer]
    const line = chunk.toString()
    const url = /http:\/\/127\.0\.0\.1:\d+/.exec(line)?.[0]
    expect(line).toContain('k-1')
    expect(url).toBeDefined()

    const reply = await fetch(
      `${url}/jtransport/partner/get_current_order?session=k-1&user_session=us-demo-1`,
    )
    expect(((await reply.json()) as Envelope).code).toBe(CODE_OK)
    expect((await fetch(`${url}/__poligon/state`)).status).toBe(200)

    child.kill('SIGTERM')
    const [code] = (await once(child, 'exit')) as [number | null]
    expect(code).toBe(0)
  })
})
