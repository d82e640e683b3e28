import { type IncomingMessage, type ServerResponse, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

import { parseLayout, renderTicketFop, renderTicketPdf } from './documents'
import { FAULT_DOES_THE_WORK, FaultQueue, isEndpoint, isFaultKind } from './faults'
import {
  type Answer,
  CODE_ACCESS_DENIED,
  CODE_FAILED,
  CODE_INVALID,
  CODE_OK,
  PoligonStore,
  TEXT,
} from './state'
import type { FaultKind, Poligon, PoligonEndpoint, PoligonOptions } from './types'

const PARTNER_PREFIX = '/jtransport/partner/'
const TICKET_PREFIX = '/ticket/'
const CONTROL_PREFIX = '/__poligon/'
const DEFAULT_PARTNER_KEY = 'training-key'

/** The real API writes `"version": "2.1"` on these methods and `"api": 2.1` on the rest. */
const VERSION_KEYED: ReadonlySet<PoligonEndpoint> = new Set([
  'payments/accept',
  'mark_blank_defect',
])

type Reply =
  | { kind: 'envelope'; status: number; answer: Answer }
  | { kind: 'document'; contentType: string; body: Uint8Array; code: number }

interface Call {
  endpoint: PoligonEndpoint
  query: URLSearchParams
  token: string | null
}

function envelope(endpoint: PoligonEndpoint | null, answer: Answer): Record<string, unknown> {
  const version =
    endpoint !== null && VERSION_KEYED.has(endpoint) ? { version: '2.1' } : { api: 2.1 }
  return { message: answer.message, code: answer.code, ts: Date.now(), ...version }
}

function invalid(message: string): Answer {
  return { code: CODE_INVALID, message }
}

function idParam(query: URLSearchParams, name: string): number | Answer {
  const raw = query.get(name)
  if (raw === null || raw === '') return invalid(`Не указан параметр ${name}`)
  if (!/^\d{1,15}$/.test(raw)) return invalid(`Параметр ${name} должен быть целым числом`)
  return Number(raw)
}

function textParam(query: URLSearchParams, name: string): string | Answer {
  const raw = query.get(name)
  if (raw === null || raw === '') return invalid(`Не указан параметр ${name}`)
  return raw
}

function amountParam(query: URLSearchParams): number | Answer {
  const raw = query.get('amount')
  if (raw === null || raw === '') return invalid('Не указан параметр amount')
  if (!/^\d+(\.\d+)?$/.test(raw)) return invalid('Параметр amount должен быть числом')
  return Number(raw)
}

function isAnswer(value: unknown): value is Answer {
  return typeof value === 'object' && value !== null && 'code' in value
}

function redacted(call: Call): Record<string, string> {
  const params = Object.fromEntries(call.query)
  if ('session' in params) params['session'] = '***'
  if (call.token !== null) params['token'] = call.token
  return params
}

/** Every number and boolean in the payload turned into a string, as a sloppy proxy would. */
function stringified(value: unknown): unknown {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (Array.isArray(value)) return value.map(stringified)
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stringified(v)]))
  }
  return value
}

function routeOf(path: string): { endpoint: PoligonEndpoint; token: string | null } | null {
  if (path.startsWith(TICKET_PREFIX)) {
    const token = path.slice(TICKET_PREFIX.length)
    return /^[\w-]+$/.test(token) ? { endpoint: 'ticket', token } : null
  }

  const name = path.startsWith(PARTNER_PREFIX) ? path.slice(PARTNER_PREFIX.length) : ''
  return isEndpoint(name) && name !== 'ticket' ? { endpoint: name, token: null } : null
}

export async function startPoligon(options: PoligonOptions = {}): Promise<Poligon> {
  const flavour = options.flavour ?? 'polygon'
  const partnerKey = options.partnerKey ?? DEFAULT_PARTNER_KEY
  const latencyMs = options.latencyMs ?? 0
  const control = options.control ?? false
  if (partnerKey === '') throw new RangeError('partnerKey must not be empty')
  if (!(latencyMs >= 0)) throw new RangeError(`latencyMs must be ≥ 0, got ${latencyMs}`)

  const store = new PoligonStore(flavour)
  const faults = new FaultQueue()
  const timers = new Set<NodeJS.Timeout>()
  faults.add(options.faults ?? [])

  function wait(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve()
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer)
        resolve()
      }, ms)
      timers.add(timer)
    })
  }

  async function work(call: Call): Promise<Reply> {
    const { query } = call
    if (query.get('session') !== partnerKey) {
      const answer = { code: CODE_ACCESS_DENIED, message: TEXT.accessDenied }
      return { kind: 'envelope', status: call.endpoint === 'ticket' ? 403 : 200, answer }
    }

    if (call.endpoint === 'ticket') return downloadTicket(call.token ?? '', query)
    return { kind: 'envelope', status: 200, answer: partnerMethod(call.endpoint, query) }
  }

  function partnerMethod(endpoint: PoligonEndpoint, query: URLSearchParams): Answer {
    switch (endpoint) {
      case 'get_order_for_print': {
        const id = idParam(query, 'id')
        const pincode = textParam(query, 'pincode')
        if (isAnswer(id)) return id
        if (isAnswer(pincode)) return pincode
        return store.orderForPrint(id, pincode)
      }
      case 'get_order': {
        const id = idParam(query, 'id')
        const userSession = textParam(query, 'user_session')
        if (isAnswer(id)) return id
        if (isAnswer(userSession)) return userSession
        return store.order(id, userSession)
      }
      case 'get_current_order': {
        const userSession = textParam(query, 'user_session')
        return isAnswer(userSession) ? userSession : store.currentOrder(userSession)
      }
      case 'payments/accept': {
        const orderId = idParam(query, 'order_id')
        const amount = amountParam(query)
        if (isAnswer(orderId)) return orderId
        if (isAnswer(amount)) return amount
        return store.acceptPayment(orderId, amount)
      }
      case 'assign_bso':
      case 'mark_blank_defect': {
        const ticketId = idParam(query, 'id')
        const serial = textParam(query, 'bso')
        if (isAnswer(ticketId)) return ticketId
        if (isAnswer(serial)) return serial
        return endpoint === 'assign_bso'
          ? store.assignBlank(ticketId, serial)
          : store.markBlankDefect(ticketId, serial)
      }
      case 'ticket':
        return invalid(TEXT.unknownMethod)
    }
  }

  async function downloadTicket(token: string, query: URLSearchParams): Promise<Reply> {
    const found = store.ticketByToken(token)
    if (!found.ok) return { kind: 'envelope', status: found.status, answer: found.answer }

    const layout = parseLayout(query)
    if (typeof layout === 'string') {
      return { kind: 'envelope', status: 400, answer: invalid(layout) }
    }

    const { order, ticket } = found
    const document =
      layout.format === 'PDF'
        ? { contentType: 'application/pdf', body: await renderTicketPdf(order, ticket, layout) }
        : {
            contentType: 'application/xml; charset=utf-8',
            body: new TextEncoder().encode(renderTicketFop(order, ticket, layout)),
          }
    store.recordDownload(token, ticket.id, layout.format)
    return { kind: 'document', ...document, code: CODE_OK }
  }

  function sendEnvelope(
    res: ServerResponse,
    status: number,
    endpoint: PoligonEndpoint | null,
    answer: Answer,
  ): void {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' })
    res.end(JSON.stringify(envelope(endpoint, answer)))
  }

  function sendReply(res: ServerResponse, call: Call, reply: Reply, fault: FaultKind | null): void {
    if (fault === 'drop-after') {
      res.socket?.destroy()
      return
    }

    if (reply.kind === 'document') {
      sendDocument(res, reply, fault)
      return
    }

    const body = envelope(call.endpoint, reply.answer)
    const text =
      fault === 'wrong-types'
        ? JSON.stringify({
            ...body,
            code: String(reply.answer.code),
            message: stringified(body['message']),
          })
        : JSON.stringify(body)
    res.writeHead(fault === 'malformed-json' || fault === 'wrong-types' ? 200 : reply.status, {
      'content-type': 'application/json; charset=utf-8',
    })
    res.end(fault === 'malformed-json' ? text.slice(0, Math.max(1, text.length >> 1)) : text)
  }

  /**
   * A document has no JSON to spoil: `malformed-json` cuts the document in half, and
   * `wrong-types` answers a JSON "success" where the document should be.
   */
  function sendDocument(
    res: ServerResponse,
    reply: Extract<Reply, { kind: 'document' }>,
    fault: FaultKind | null,
  ): void {
    if (fault === 'wrong-types') {
      sendEnvelope(res, 200, 'ticket', { code: CODE_OK, message: null })
      return
    }

    const body =
      fault === 'malformed-json' ? reply.body.subarray(0, reply.body.length >> 1) : reply.body
    res.writeHead(200, { 'content-type': reply.contentType, 'content-length': body.length })
    res.end(body)
  }

  function refuse(req: IncomingMessage, res: ServerResponse, fault: FaultKind): void {
    if (fault === 'reset') {
      req.socket.resetAndDestroy()
    } else if (fault === 'bad-gateway') {
      res.writeHead(502, { 'content-type': 'text/html; charset=utf-8' })
      res.end(
        '<html><head><title>502 Bad Gateway</title></head><body><center>' +
          '<h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>',
      )
    } else {
      res.socket?.destroy()
    }
  }

  async function serveCall(req: IncomingMessage, res: ServerResponse, call: Call): Promise<void> {
    const fault = faults.take(call.endpoint)
    const record = { endpoint: call.endpoint, params: redacted(call), fault: fault?.kind ?? null }
    if (fault !== null && !FAULT_DOES_THE_WORK[fault.kind]) {
      store.recordCall({ ...record, code: null })
      refuse(req, res, fault.kind)
      return
    }

    const reply = await work(call)
    store.recordCall({
      ...record,
      code: reply.kind === 'document' ? reply.code : reply.answer.code,
    })
    await wait(latencyMs + (fault?.kind === 'delay' ? fault.delayMs : 0))
    if (!res.destroyed) sendReply(res, call, reply, fault?.kind ?? null)
  }

  function serveControl(res: ServerResponse, path: string, query: URLSearchParams): void {
    const json = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' })
      res.end(JSON.stringify(body))
    }

    if (path === 'state') return json(200, store.snapshot())
    if (path === 'reset') {
      store.reset()
      faults.clear()
      return json(200, { ok: true })
    }
    if (path === 'faults/clear') {
      faults.clear()
      return json(200, { ok: true, faults: [] })
    }
    if (path !== 'faults') return json(404, { error: `no control endpoint ${path}` })

    const endpoint = query.get('endpoint') ?? ''
    const kind = query.get('kind') ?? ''
    if (!isEndpoint(endpoint) || !isFaultKind(kind)) {
      return json(400, { error: 'endpoint and kind must name a known endpoint and fault' })
    }
    try {
      const times = query.get('times')
      const delayMs = query.get('delayMs')
      faults.add([
        {
          endpoint,
          kind,
          ...(times === null ? {} : { times: Number(times) }),
          ...(delayMs === null ? {} : { delayMs: Number(delayMs) }),
        },
      ])
    } catch (error) {
      return json(400, { error: String(error) })
    }
    return json(200, { ok: true, faults: faults.list() })
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    if (control && url.pathname.startsWith(CONTROL_PREFIX)) {
      serveControl(res, url.pathname.slice(CONTROL_PREFIX.length), url.searchParams)
      return
    }

    const route = routeOf(url.pathname)
    if (route === null || req.method !== 'GET') {
      sendEnvelope(res, route === null ? 404 : 405, null, invalid(TEXT.unknownMethod))
      return
    }
    await serveCall(req, res, { ...route, query: url.searchParams })
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent || res.destroyed) return
      sendEnvelope(res, 500, null, {
        code: CODE_FAILED,
        message: `Внутренняя ошибка симулятора: ${String(error)}`,
      })
    })
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })

  const port = (server.address() as AddressInfo).port
  let closing: Promise<void> | undefined
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    flavour,
    partnerKey,
    state: () => store.snapshot(),
    injectFaults: (list) => faults.add(list),
    clearFaults: () => faults.clear(),
    reset: () => {
      store.reset()
      faults.clear()
    },
    close: () => {
      closing ??= new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer)
        timers.clear()
        server.close((error) => (error === undefined ? resolve() : reject(error)))
        server.closeAllConnections()
      })
      return closing
    },
  }
}
