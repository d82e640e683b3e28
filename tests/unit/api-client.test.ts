import { createServer, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  apiRefusal,
  createApiClient,
  ticketToken,
  type ApiClientOptions,
  type PartnerApi,
} from '../../main/core/api/client'
import type { ApiTicket, AssignAnswer } from '../../main/core/api/schemas'
import { KioskError } from '../../main/core/errors'
import { verifyPdf } from '../../main/core/journal/documents'
import { createLogger, formatLogRecord, type LogRecord } from '../../main/core/log'
import {
  POLYGON_PINCODE,
  startPoligon,
  type FaultKind,
  type Poligon,
  type PoligonEndpoint,
} from '../../main/poligon'

const KEY = 'SECRET-partner-KEY-7f3a9c'
const UNPAID = { id: 12097256, pincode: '4831', tickets: [5446130, 5446131], total: 2200 }
const PAID = {
  id: 12100001,
  pincode: '5120',
  tickets: [5500101, 5500102],
  userSession: 'us-demo-2',
}
const PRINTED = { id: 12100004, ticket: 5500401, token: '3f0c6a52-8b1e-4c8e-9d4a-5b2f7e1a9c01' }

let poligon: Poligon
let production: Poligon
const logs: LogRecord[] = []
const errors: unknown[] = []

beforeAll(async () => {
  poligon = await startPoligon({ port: 0, partnerKey: KEY })
  production = await startPoligon({ port: 0, partnerKey: KEY, flavour: 'production' })
})

afterAll(async () => {
  await poligon.close()
  await production.close()
})

beforeEach(() => {
  poligon.reset()
  production.reset()
})

function client(options: Partial<ApiClientOptions> = {}): PartnerApi {
  return createApiClient({
    baseUrl: poligon.url,
    partnerKey: KEY,
    timeoutMs: 2000,
    sleep: async () => {},
    logger: createLogger({ sink: (r) => logs.push(r), level: 'debug' }),
    ...options,
  })
}

async function failure(promise: Promise<unknown>): Promise<KioskError> {
  const error = await promise.then(
    (value) => {
      throw new Error(`expected a failure, got ${JSON.stringify(value)}`)
    },
    (error: unknown) => error,
  )
  errors.push(error)
  if (!(error instanceof KioskError)) throw error

  return error
}

const callsOf = (server: Poligon, endpoint: PoligonEndpoint) =>
  server.state().calls.filter((call) => call.endpoint === endpoint)

async function assigned(api: PartnerApi, ticketId: number, serial: string): Promise<string> {
  const token = ticketToken(await api.assignBlank(ticketId, serial))
  if (!token) throw new Error('no token')

  return token
}

describe('look-ups', () => {
  it('finds an order by number and pincode, with money from totals only', async () => {
    const order = await client().getOrderForPrint(UNPAID.id, UNPAID.pincode)

    expect(order).toMatchObject({
      id: UNPAID.id,
      paid: false,
      totals: { amount: 2000, comission: 200, total: 2200 },
    })
    expect(order.tickets.map((t) => t.id)).toEqual(UNPAID.tickets)
    expect(order.tickets[0]).toMatchObject({ row: '5', seat: '12', blank: null, admission: false })
    expect(order).not.toHaveProperty('amount')
    expect(callsOf(poligon, 'get_order_for_print')[0]?.params).toEqual({
      id: String(UNPAID.id),
      pincode: UNPAID.pincode,
      session: '***',
    })
  })

  it("opens any order with the polygon's pincode", async () => {
    const order = await client().getOrderForPrint(PAID.id, POLYGON_PINCODE)

    expect(order.id).toBe(PAID.id)
  })

  it('finds an order by its user session', async () => {
    const order = await client().getOrder(PAID.id, PAID.userSession)

    expect(order).toMatchObject({ id: PAID.id, paid: true })
    expect(callsOf(poligon, 'get_order')[0]?.params).toMatchObject({
      id: String(PAID.id),
      user_session: PAID.userSession,
      extended: 'true',
    })
  })

  it('finds the current order of a user session', async () => {
    const order = await client().getCurrentOrder('us-demo-1')

    expect(order.id).toBe(12100005)
    expect(callsOf(poligon, 'get_current_order')[0]?.params).toMatchObject({ extended: 'true' })
  })

  it('names the host only', () => {
    expect(client().host).toBe(`127.0.0.1:${poligon.port}`)
  })
})

describe('state changes', () => {
  it('accepts the payment of totals.total', async () => {
    await client().acceptPayment(UNPAID.id, UNPAID.total)

    expect(poligon.state().payments).toMatchObject([{ orderId: UNPAID.id, amount: 2200 }])
    expect(callsOf(poligon, 'payments/accept')[0]?.params).toEqual({
      order_id: String(UNPAID.id),
      amount: '2200',
      session: '***',
    })
  })

  it('sends kopecks exactly as they came', async () => {
    const api = client()
    const order = await api.getOrderForPrint(12100002, '7311')

    await api.acceptPayment(order.id, order.totals.total)

    expect(callsOf(poligon, 'payments/accept')[0]?.params['amount']).toBe('4948.5')
    expect(poligon.state().payments[0]?.amount).toBe(4948.5)
  })

  it('assigns a blank and gets the ticket token from the answer', async () => {
    const answer = await client().assignBlank(PAID.tickets[0] ?? 0, 'AA005501')

    const token = poligon.state().assignments[0]?.token
    expect(token).toMatch(/^[0-9a-f-]{36}$/)
    expect(ticketToken(answer)).toBe(token)
    expect(callsOf(poligon, 'assign_bso')[0]?.params).toEqual({
      id: String(PAID.tickets[0]),
      bso: 'AA005501',
      session: '***',
    })
  })

  it('marks a blank defective with the same ticket and serial', async () => {
    const api = client()
    const ticketId = PAID.tickets[0] ?? 0
    await api.assignBlank(ticketId, 'AA005501')

    await api.markBlankDefect(ticketId, 'AA005501')

    expect(poligon.state().defects).toMatchObject([{ ticketId, serial: 'AA005501' }])
    expect(callsOf(poligon, 'mark_blank_defect')[0]?.params).toMatchObject({
      id: String(ticketId),
      bso: 'AA005501',
    })
  })
})

describe('ticket documents', () => {
  it('downloads the PDF with the layout of the printer profile', async () => {
    const api = client()
    const token = await assigned(api, PAID.tickets[0] ?? 0, 'AA005501')

    const document = await api.fetchTicketDocument({
      token,
      documentSize: [80, 150],
      ticketSize: [80, 150],
      documentMargin: [0, 0],
      ticketMargin: [4, 4],
      rotation: -90,
    })

    expect(document.contentType).toBe('application/pdf')
    expect(verifyPdf(document.bytes)).toBeNull()
    expect(callsOf(poligon, 'ticket')[0]?.params).toEqual({
      format: 'PDF',
      document_size: '80,150',
      ticket_size: '80,150',
      document_margin: '0,0',
      ticket_margin: '4,4',
      rotation: '-90',
      session: '***',
      token,
    })
  })

  it('downloads the FOP form on request', async () => {
    const api = client()
    const token = await assigned(api, PAID.tickets[0] ?? 0, 'AA005501')

    const document = await api.fetchTicketDocument({ token, format: 'FOP' })

    expect(document.contentType).toContain('xml')
    expect(document.bytes.toString('utf8')).toContain('<')
  })

  it('on production, a second download of a token is refused as gone', async () => {
    const api = client({ baseUrl: production.url })
    const token = await assigned(api, PAID.tickets[0] ?? 0, 'AA005501')
    await api.fetchTicketDocument({ token })

    const error = await failure(api.fetchTicketDocument({ token }))

    expect(error.code).toBe('document-gone')
    expect(error.outcomeUnknown).toBe(false)
  })

  it('an unknown token is gone', async () => {
    const error = await failure(client().fetchTicketDocument({ token: 'no-such-token' }))

    expect(error.code).toBe('document-gone')
  })

  it('a layout the server refuses is an API refusal', async () => {
    const error = await failure(
      client().fetchTicketDocument({ token: PRINTED.token, rotation: 45 }),
    )

    expect(error).toMatchObject({ code: 'api-rejected', apiCode: -200 })
  })
})

describe('API refusals', () => {
  const ticket = PAID.tickets[0] ?? 0

  it.each<[string, (api: PartnerApi) => Promise<unknown>, string, number]>([
    ['unknown order', (api) => api.getOrderForPrint(99999999, '4831'), 'order-not-found', 0],
    ['wrong pincode', (api) => api.getOrderForPrint(UNPAID.id, '0000'), 'order-not-found', 0],
    ['order of another session', (api) => api.getOrder(PAID.id, 'us-other'), 'order-not-found', 0],
    ['no current order', (api) => api.getCurrentOrder('us-nobody'), 'order-not-found', 0],
    ['paying a paid order', (api) => api.acceptPayment(PAID.id, 9900), 'order-wrong-state', -143],
    ['paying the wrong amount', (api) => api.acceptPayment(UNPAID.id, 2000), 'api-rejected', -200],
    ['paying an unknown order', (api) => api.acceptPayment(99999999, 1), 'order-not-found', 0],
    [
      'a blank on an unpaid order',
      (api) => api.assignBlank(5446130, 'AA005501'),
      'order-wrong-state',
      -143,
    ],
    ['a Cyrillic serial', (api) => api.assignBlank(ticket, 'АА005501'), 'api-rejected', -200],
    [
      'a second blank',
      (api) => api.assignBlank(PRINTED.ticket, 'AA005501'),
      'order-wrong-state',
      -143,
    ],
    ['a used serial', (api) => api.assignBlank(ticket, 'AB000001'), 'api-rejected', -250],
    ['an unknown ticket', (api) => api.assignBlank(1, 'AA005501'), 'order-not-found', 0],
    [
      'defect of a foreign serial',
      (api) => api.markBlankDefect(PRINTED.ticket, 'AA005501'),
      'api-rejected',
      -200,
    ],
    [
      'defect with no blank',
      (api) => api.markBlankDefect(ticket, 'AA005501'),
      'order-wrong-state',
      -143,
    ],
  ])('%s', async (_, act, code, apiCode) => {
    const error = await failure(act(client()))

    expect(error).toMatchObject({ code, apiCode, outcomeUnknown: false })
  })

  it('does not tell a wrong pincode from an unknown order', async () => {
    const api = client()

    const wrongPin = await failure(api.getOrderForPrint(UNPAID.id, '0000'))
    const unknown = await failure(api.getOrderForPrint(99999999, '0000'))

    expect(wrongPin.toView()).toEqual(unknown.toView())
    expect(wrongPin.message).toBe(unknown.message)
  })

  it('shows the text the API wrote for people', async () => {
    const error = await failure(client().assignBlank(ticket, 'AB000001'))

    expect(error.detail).toBe('Бланк AB000001 уже использован')
  })

  it.each<[string, (api: PartnerApi) => Promise<unknown>]>([
    ['get_order_for_print', (api) => api.getOrderForPrint(UNPAID.id, UNPAID.pincode)],
    ['get_order', (api) => api.getOrder(PAID.id, PAID.userSession)],
    ['get_current_order', (api) => api.getCurrentOrder('us-demo-1')],
    ['payments/accept', (api) => api.acceptPayment(UNPAID.id, UNPAID.total)],
    ['assign_bso', (api) => api.assignBlank(ticket, 'AA005501')],
    ['mark_blank_defect', (api) => api.markBlankDefect(PRINTED.ticket, 'AB000001')],
    ['ticket', (api) => api.fetchTicketDocument({ token: PRINTED.token })],
  ])('a wrong partner key is refused on %s, and nothing changes', async (_, act) => {
    const error = await failure(act(client({ partnerKey: 'WRONG-key-0042' })))

    expect(error).toMatchObject({ code: 'access-denied', apiCode: -2, outcomeUnknown: false })
    const state = poligon.state()
    expect([state.payments, state.assignments, state.defects, state.downloads]).toEqual([
      [],
      [],
      [],
      [],
    ])
  })
})

describe('transport failures', () => {
  const reads: [PoligonEndpoint, (api: PartnerApi) => Promise<unknown>][] = [
    ['get_order_for_print', (api) => api.getOrderForPrint(UNPAID.id, UNPAID.pincode)],
    ['get_order', (api) => api.getOrder(PAID.id, PAID.userSession)],
    ['get_current_order', (api) => api.getCurrentOrder('us-demo-1')],
  ]
  const changes: [PoligonEndpoint, (api: PartnerApi) => Promise<unknown>][] = [
    ['payments/accept', (api) => api.acceptPayment(UNPAID.id, UNPAID.total)],
    ['assign_bso', (api) => api.assignBlank(PAID.tickets[0] ?? 0, 'AA005501')],
    ['mark_blank_defect', (api) => api.markBlankDefect(PRINTED.ticket, 'AB000001')],
  ]
  const faults: [FaultKind, string, string | undefined][] = [
    ['delay', 'api-timeout', undefined],
    ['drop-after', 'api-unreachable', 'ECONNRESET'],
    ['drop-before', 'api-unreachable', 'ECONNRESET'],
    ['reset', 'api-unreachable', 'ECONNRESET'],
    ['bad-gateway', 'api-http-status', 'HTTP 502'],
    ['malformed-json', 'api-bad-answer', 'not an API envelope'],
    ['wrong-types', 'api-bad-answer', 'not an API envelope'],
  ]
  const fast = { timeoutMs: 150 }
  const cases = (list: typeof reads) =>
    list.flatMap(([endpoint, act]) =>
      faults.map(([kind, code, detail]) => ({ endpoint, act, kind, code, detail })),
    )

  it.each(cases(changes))(
    '$kind on $endpoint: $code, outcome unknown, sent once',
    async ({ endpoint, act, kind, code, detail }) => {
      poligon.injectFaults([{ endpoint, kind, times: 5, delayMs: 600 }])

      const error = await failure(act(client(fast)))

      expect(error).toMatchObject({ code, outcomeUnknown: true })
      if (detail) expect(error.detail).toBe(detail)
      expect(callsOf(poligon, endpoint)).toHaveLength(1)
    },
  )

  it.each(cases(reads))(
    '$kind on $endpoint: $code, nothing unknown, tried three times',
    async ({ endpoint, act, kind, code, detail }) => {
      poligon.injectFaults([{ endpoint, kind, times: 5, delayMs: 600 }])

      const error = await failure(act(client(fast)))

      expect(error).toMatchObject({ code, outcomeUnknown: false })
      if (detail) expect(error.detail).toBe(detail)
      expect(callsOf(poligon, endpoint)).toHaveLength(3)
    },
  )

  it('a read that fails twice and then answers succeeds, with a pause that grows', async () => {
    const pauses: number[] = []
    poligon.injectFaults([{ endpoint: 'get_order_for_print', kind: 'bad-gateway', times: 2 }])

    const api = client({ retryPauseMs: 100, sleep: async (ms) => void pauses.push(ms) })
    const order = await api.getOrderForPrint(UNPAID.id, UNPAID.pincode)

    expect(order.id).toBe(UNPAID.id)
    expect(callsOf(poligon, 'get_order_for_print')).toHaveLength(3)
    expect(pauses).toEqual([100, 200])
  })

  it('readRetries: 0 tries a read once', async () => {
    poligon.injectFaults([{ endpoint: 'get_order_for_print', kind: 'reset', times: 5 }])

    await failure(client({ readRetries: 0 }).getOrderForPrint(UNPAID.id, UNPAID.pincode))

    expect(callsOf(poligon, 'get_order_for_print')).toHaveLength(1)
  })

  it('an API refusal is final: a read is not tried again', async () => {
    await failure(client().getOrderForPrint(UNPAID.id, '0000'))

    expect(callsOf(poligon, 'get_order_for_print')).toHaveLength(1)
  })

  it('a payment whose answer was delayed did happen: its outcome is unknown', async () => {
    poligon.injectFaults([{ endpoint: 'payments/accept', kind: 'delay', delayMs: 600 }])

    const error = await failure(client(fast).acceptPayment(UNPAID.id, UNPAID.total))

    expect(error).toMatchObject({ code: 'api-timeout', outcomeUnknown: true })
    expect(poligon.state().payments).toHaveLength(1)
  })

  it('a connection refused never reached the server: nothing is unknown', async () => {
    const closed = await closedPort()
    const api = client({ baseUrl: `http://127.0.0.1:${closed}` })

    const read = await failure(api.getOrderForPrint(UNPAID.id, UNPAID.pincode))
    const change = await failure(api.assignBlank(PAID.tickets[0] ?? 0, 'AA005501'))
    const document = await failure(api.fetchTicketDocument({ token: PRINTED.token }))

    for (const error of [read, change, document]) {
      expect(error).toMatchObject({ code: 'api-unreachable', detail: 'ECONNREFUSED' })
      expect(error.outcomeUnknown).toBe(false)
    }
  })

  it('a document download is never repeated on its own', async () => {
    poligon.injectFaults([{ endpoint: 'ticket', kind: 'reset', times: 3 }])

    const error = await failure(client().fetchTicketDocument({ token: PRINTED.token }))

    expect(error.code).toBe('api-unreachable')
    expect(callsOf(poligon, 'ticket')).toHaveLength(1)
  })

  it('a slow document times out by its own limit', async () => {
    poligon.injectFaults([{ endpoint: 'ticket', kind: 'delay', delayMs: 600 }])

    const api = client({ timeoutMs: 5000, documentTimeoutMs: 150 })
    const error = await failure(api.fetchTicketDocument({ token: PRINTED.token }))

    expect(error).toMatchObject({ code: 'api-timeout', outcomeUnknown: false })
  })

  it('a document cut in half arrives, and is caught as a damaged PDF', async () => {
    poligon.injectFaults([{ endpoint: 'ticket', kind: 'malformed-json' }])

    const document = await client().fetchTicketDocument({ token: PRINTED.token })

    expect(verifyPdf(document.bytes)).toBe('PDF cut short (no %%EOF)')
  })

  it('a JSON "success" where a document should be is never taken for a document', async () => {
    poligon.injectFaults([{ endpoint: 'ticket', kind: 'wrong-types' }])

    const error = await failure(client().fetchTicketDocument({ token: PRINTED.token }))

    expect(error.code).toBe('api-bad-answer')
  })

  it.each([['bad-gateway'], ['reset']] as const)(
    'a document lost to %s is an error',
    async (kind) => {
      poligon.injectFaults([{ endpoint: 'ticket', kind }])

      const error = await failure(client().fetchTicketDocument({ token: PRINTED.token }))

      expect(['api-http-status', 'api-unreachable']).toContain(error.code)
    },
  )
})

// Answers the simulator never gives, from a tiny server on loopback.
describe('odd answers', () => {
  let stub: Server
  let url: string
  let answer: (res: ServerResponse) => void
  let hits: string[]

  beforeAll(async () => {
    stub = createServer((req, res) => {
      hits.push(req.url ?? '')
      answer(res)
    })
    await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`
  })

  afterAll(async () => {
    stub.closeAllConnections()
    await new Promise((resolve) => stub.close(resolve))
  })

  beforeEach(() => {
    hits = []
  })

  const json = (status: number, body: unknown) => (res: ServerResponse) => {
    res.writeHead(status, { 'content-type': 'application/json' })
    res.end(typeof body === 'string' ? body : JSON.stringify(body))
  }

  it.each<[string, (res: ServerResponse) => void, Record<string, unknown>]>([
    [
      'an unknown code',
      json(200, { code: -999, message: 'Что-то новое' }),
      { code: 'api-rejected', apiCode: -999, detail: 'Что-то новое' },
    ],
    [
      'an unknown positive code',
      json(200, { code: 2, message: {} }),
      { code: 'api-rejected', apiCode: 2 },
    ],
    [
      'a documented code we do not name',
      json(200, { code: -6, message: 'Нет мест' }),
      { code: 'api-rejected', apiCode: -6 },
    ],
    ['code as text', json(200, { code: '1', message: {} }), { code: 'api-bad-answer' }],
    ['code not whole', json(200, { code: 1.5, message: {} }), { code: 'api-bad-answer' }],
    ['no code', json(200, { message: {} }), { code: 'api-bad-answer' }],
    ['an empty answer', json(200, ''), { code: 'api-bad-answer' }],
    ['JSON null', json(200, 'null'), { code: 'api-bad-answer' }],
    ['an array', json(200, '[1]'), { code: 'api-bad-answer' }],
    ['HTML with 200', json(200, '<html>ok</html>'), { code: 'api-bad-answer' }],
    [
      'success with HTTP 500',
      json(500, { code: 1, message: {} }),
      { code: 'api-http-status', detail: 'HTTP 500' },
    ],
    [
      'a refusal with HTTP 500',
      json(500, { code: -250, message: 'Ошибка' }),
      { code: 'api-rejected', apiCode: -250 },
    ],
    [
      'HTML with 503',
      json(503, '<html>down</html>'),
      { code: 'api-http-status', detail: 'HTTP 503' },
    ],
    [
      'HTML with 404',
      json(404, '<html>no</html>'),
      { code: 'api-http-status', detail: 'HTTP 404' },
    ],
  ])('%s is never a success', async (_, reply, want) => {
    answer = reply

    const read = await failure(client({ baseUrl: url }).getOrderForPrint(1, '1'))
    const change = await failure(client({ baseUrl: url }).acceptPayment(1, 1))

    expect(read).toMatchObject(want)
    expect(change).toMatchObject(want)
  })

  it.each<[string, (res: ServerResponse) => void, boolean]>([
    ['HTTP 500', json(500, '<html/>'), true],
    ['HTTP 502', json(502, '<html/>'), true],
    ['HTTP 400', json(400, '<html/>'), false],
    ['HTTP 403', json(403, '<html/>'), false],
    ['an API refusal', json(200, { code: -999, message: 'x' }), false],
    ['garbage with 200', json(200, 'garbage'), true],
  ])('a state change answered with %s: outcome unknown is %s', async (_, reply, unknown) => {
    answer = reply

    const error = await failure(client({ baseUrl: url }).assignBlank(1, 'AA005501'))

    expect(error.outcomeUnknown).toBe(unknown)
  })

  it('cuts a long API text to 300 characters', async () => {
    answer = json(200, { code: -250, message: 'я'.repeat(1000) })

    const error = await failure(client({ baseUrl: url }).getOrderForPrint(1, '1'))

    expect(error.detail).toBe('я'.repeat(300))
  })

  it('refuses an answer too large to be an order', async () => {
    const big = JSON.stringify({ code: 1, message: { pad: 'x'.repeat(5 * 1024 * 1024) } })
    answer = json(200, big)

    const error = await failure(client({ baseUrl: url, readRetries: 0 }).getOrderForPrint(1, '1'))

    expect(error).toMatchObject({ code: 'api-bad-answer', detail: 'answer too large' })
  })

  it('never follows a redirect', async () => {
    answer = (res) => {
      res.writeHead(302, { location: `${url}/elsewhere` })
      res.end()
    }

    const error = await failure(client({ baseUrl: url, readRetries: 0 }).getOrderForPrint(1, '1'))

    expect(error.code).toBe('api-bad-answer')
    expect(hits).toHaveLength(1)
  })

  it.each<[string, unknown, string]>([
    ['a payload that is no order', 'text', 'api-bad-answer'],
    ['an order without totals', { id: 1, paid: true, tickets: [] }, 'api-bad-answer'],
    [
      'money as text',
      { id: 1, paid: true, tickets: [], totals: { amount: '1', comission: 0, total: 1 } },
      'api-bad-answer',
    ],
    [
      'negative money',
      { id: 1, paid: true, tickets: [], totals: { amount: -1, comission: 0, total: 1 } },
      'api-bad-answer',
    ],
    [
      'paid as text',
      { id: 1, paid: 'true', tickets: [], totals: { amount: 1, comission: 0, total: 1 } },
      'api-bad-answer',
    ],
  ])('a success carrying %s is refused', async (_, message, code) => {
    answer = json(200, { code: 1, message })

    const error = await failure(client({ baseUrl: url }).getOrderForPrint(1, '1'))

    expect(error.code).toBe(code)
    expect(hits).toHaveLength(1)
  })

  it('sends a token as one path segment', async () => {
    answer = json(404, { code: 0, message: 'Билет не найден' })

    const error = await failure(client({ baseUrl: url }).fetchTicketDocument({ token: '../a b' }))

    expect(error.code).toBe('document-gone')
    expect(hits[0]).toMatch(/^\/ticket\/\.\.%2Fa%20b\?/)
  })

  it('an assign answer without a usable token is no error: the order has it', async () => {
    answer = json(200, { code: 1, message: { token: 42 } })

    const answerOf = await client({ baseUrl: url }).assignBlank(1, 'AA005501')

    expect(ticketToken(answerOf)).toBeNull()
  })
})

describe('the partner key never leaves the client', () => {
  it('is in no error or log line of any failure above', () => {
    expect(errors.length).toBeGreaterThan(50)

    for (const error of errors) {
      const kiosk = error as KioskError
      const text = JSON.stringify({
        message: kiosk.message,
        detail: kiosk.detail,
        stack: kiosk.stack,
        view: kiosk.toView?.(),
        cause: String(kiosk.cause),
      })
      expect(text).not.toContain(KEY)
      expect(text).not.toContain('WRONG-key-0042')
    }

    expect(logs.length).toBeGreaterThan(0)
    const lines = logs.map(formatLogRecord).join('\n') + JSON.stringify(logs)
    expect(lines).not.toContain(KEY)
    expect(lines).not.toContain('WRONG-key-0042')
  })

  it('says what it retried in the log, without the query', async () => {
    logs.length = 0
    poligon.injectFaults([{ endpoint: 'get_order_for_print', kind: 'reset' }])

    await client().getOrderForPrint(UNPAID.id, UNPAID.pincode)

    const warning = logs.find((r) => r.level === 'warn')
    expect(warning?.fields).toMatchObject({
      path: '/jtransport/partner/get_order_for_print',
      attempt: 1,
      code: 'api-unreachable',
    })
    expect(JSON.stringify(logs)).not.toContain(UNPAID.pincode)
  })
})

describe('apiRefusal', () => {
  it.each<[number, unknown, Record<string, unknown>]>([
    [0, 'Заказ не найден', { code: 'order-not-found', apiCode: 0, detail: undefined }],
    [-2, 'Доступ запрещён', { code: 'access-denied', apiCode: -2, detail: 'Доступ запрещён' }],
    [-143, 'Уже оплачен', { code: 'order-wrong-state', apiCode: -143 }],
    [-200, 'Параметр', { code: 'api-rejected', apiCode: -200, detail: 'Параметр' }],
    [-250, 'Ошибка', { code: 'api-rejected', apiCode: -250 }],
    [-999, { text: 'object' }, { code: 'api-rejected', apiCode: -999, detail: undefined }],
    [-999, '', { code: 'api-rejected', apiCode: -999, detail: undefined }],
  ])('code %s', (code, message, want) => {
    expect(apiRefusal(code, message)).toMatchObject({ ...want, outcomeUnknown: false })
  })
})

describe('ticketToken', () => {
  const ticket = (fields: Partial<ApiTicket>) => fields as ApiTicket

  it.each<[string, AssignAnswer, ApiTicket | undefined, string | null]>([
    ['token in the answer', { token: 'tok-1' }, undefined, 'tok-1'],
    ['the answer wins over the order', { token: 'tok-1' }, ticket({ token: 'tok-2' }), 'tok-1'],
    ['link', { link: 'https://api.example.test/ticket/tok-3' }, undefined, 'tok-3'],
    [
      'link with a query',
      { link: 'https://x.test/ticket/tok-4?session=k&format=PDF' },
      undefined,
      'tok-4',
    ],
    ['link with a fragment', { link: '/ticket/tok-5#top' }, undefined, 'tok-5'],
    ['a link with no path names no token', { link: 'https://api.example.test/' }, undefined, null],
    ['a percent-encoded token is decoded', { link: '/ticket/tok%2B6' }, undefined, 'tok+6'],
    ['link with a trailing slash', { link: '/ticket/tok-6/' }, undefined, 'tok-6'],
    ['url', { url: 'https://x.test/ticket/tok-7' }, undefined, 'tok-7'],
    ['link before url', { link: '/ticket/tok-8', url: '/ticket/tok-9' }, undefined, 'tok-8'],
    ['empty token, then link', { token: '', link: '/ticket/tok-10' }, undefined, 'tok-10'],
    ['ticket token', { token: null }, ticket({ token: 'tok-11' }), 'tok-11'],
    ['ticket print_token', null, ticket({ print_token: 'tok-12' }), 'tok-12'],
    ['ticket uuid', undefined, ticket({ uuid: 'tok-13' }), 'tok-13'],
    ['token before print_token', null, ticket({ token: 'a', print_token: 'b', uuid: 'c' }), 'a'],
    ['nothing anywhere', {}, ticket({}), null],
    ['no answer, no ticket', null, undefined, null],
    ['empty link', { link: '' }, undefined, null],
  ])('%s', (_, answer, fromOrder, want) => {
    expect(ticketToken(answer, fromOrder)).toBe(want)
  })
})

async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  await new Promise((resolve) => server.close(resolve))

  return port
}
