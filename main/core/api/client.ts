import axios, { type AxiosInstance, type AxiosResponse } from 'axios'
import { KioskError } from '../errors'
import { silentLogger, type Logger } from '../log'
import {
  assignAnswerSchema,
  envelopeSchema,
  orderSchema,
  type ApiOrder,
  type AssignAnswer,
} from './schemas'

export interface ApiClientOptions {
  baseUrl: string
  partnerKey: string
  timeoutMs?: number
  documentTimeoutMs?: number
  // read-only look-ups may be repeated after a short pause; state changes never are
  readRetries?: number
  retryPauseMs?: number
  logger?: Logger
  sleep?: (ms: number) => Promise<void>
}

export type DocumentFormat = 'PDF' | 'FOP'

export type Pair = readonly [number, number]

export interface TicketDocumentRequest {
  token: string
  format?: DocumentFormat
  documentSize?: Pair
  ticketSize?: Pair
  documentMargin?: Pair
  ticketMargin?: Pair
  rotation?: number
}

export interface TicketDocument {
  bytes: Buffer
  contentType: string
}

export interface PartnerApi {
  readonly host: string
  getOrderForPrint(orderId: number, pincode: string): Promise<ApiOrder>
  getOrder(orderId: number, userSession: string): Promise<ApiOrder>
  getCurrentOrder(userSession: string): Promise<ApiOrder>
  acceptPayment(orderId: number, amount: number): Promise<void>
  assignBlank(ticketId: number, serial: string): Promise<AssignAnswer>
  fetchTicketDocument(request: TicketDocumentRequest): Promise<TicketDocument>
  markBlankDefect(ticketId: number, serial: string): Promise<void>
}

// an answer larger than this is not an order: refuse it before parsing
const maxJsonBytes = 4 * 1024 * 1024
const maxDocumentBytes = 16 * 1024 * 1024

type Params = Record<string, string | number>

type Kind = 'read' | 'change'

export function createApiClient(options: ApiClientOptions): PartnerApi {
  const log = options.logger ?? silentLogger
  const sleep = options.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)))
  const readRetries = options.readRetries ?? 2
  const retryPauseMs = options.retryPauseMs ?? 300

  // axios never retries by itself; every call below goes out exactly once per attempt
  const http: AxiosInstance = axios.create({
    baseURL: options.baseUrl.replace(/\/+$/, ''),
    timeout: options.timeoutMs ?? 15_000,
    validateStatus: () => true,
    maxRedirects: 0,
    transitional: { silentJSONParsing: false, clarifyTimeoutError: true },
  })

  const call = async (path: string, params: Params, kind: Kind): Promise<unknown> => {
    const attempts = kind === 'read' ? readRetries + 1 : 1

    for (let attempt = 1; ; attempt++) {
      try {
        return await callOnce(path, params, kind)
      } catch (error) {
        const transient = error instanceof KioskError && isTransient(error)
        if (!transient || attempt >= attempts) throw error

        log.warn('read failed, trying again', { path, attempt, code: error.code })
        await sleep(retryPauseMs * attempt)
      }
    }
  }

  const callOnce = async (path: string, params: Params, kind: Kind): Promise<unknown> => {
    const started = Date.now()
    const response = await http
      .get<string>(path, {
        params: { ...params, session: options.partnerKey },
        responseType: 'text',
        maxContentLength: maxJsonBytes,
      })
      .catch((error: unknown) => {
        throw transportError(error, kind)
      })

    const message = readEnvelope(response, kind)
    log.debug('api answered', { path, status: response.status, ms: Date.now() - started })

    return message
  }

  return {
    host: new URL(options.baseUrl).host,

    async getOrderForPrint(orderId, pincode) {
      const message = await call(
        '/jtransport/partner/get_order_for_print',
        { id: orderId, pincode },
        'read',
      )

      return parseOrder(message)
    },

    async getOrder(orderId, userSession) {
      const params = { id: orderId, user_session: userSession, extended: 'true' }
      const message = await call('/jtransport/partner/get_order', params, 'read')

      return parseOrder(message)
    },

    async getCurrentOrder(userSession) {
      const params = { user_session: userSession, extended: 'true' }
      const message = await call('/jtransport/partner/get_current_order', params, 'read')

      return parseOrder(message)
    },

    async acceptPayment(orderId, amount) {
      // amount goes out exactly as totals.total came in: String() of a JSON number round-trips
      await call('/jtransport/partner/payments/accept', { order_id: orderId, amount }, 'change')
    },

    async assignBlank(ticketId, serial) {
      const message = await call(
        '/jtransport/partner/assign_bso',
        { id: ticketId, bso: serial },
        'change',
      )
      const parsed = assignAnswerSchema.safeParse(typeof message === 'object' ? message : null)

      return parsed.success ? parsed.data : null
    },

    async markBlankDefect(ticketId, serial) {
      const params = { id: ticketId, bso: serial }
      await call('/jtransport/partner/mark_blank_defect', params, 'change')
    },

    async fetchTicketDocument(request) {
      const response = await http
        .get<ArrayBuffer>(`/ticket/${encodeURIComponent(request.token)}`, {
          params: { ...documentParams(request), session: options.partnerKey },
          responseType: 'arraybuffer',
          maxContentLength: maxDocumentBytes,
          timeout: options.documentTimeoutMs ?? options.timeoutMs ?? 30_000,
        })
        .catch((error: unknown) => {
          throw transportError(error, 'read')
        })

      const contentType = String(response.headers['content-type'] ?? '')
      const bytes = Buffer.from(response.data)

      if (contentType.includes('json') || response.status >= 400) {
        throw documentRefusal(response.status, bytes)
      }

      return { bytes, contentType }
    },
  }
}

function transportError(error: unknown, kind: Kind): KioskError {
  const code = axios.isAxiosError(error) ? (error.code ?? '') : ''
  const outcomeUnknown = kind === 'change'

  if (code === 'ETIMEDOUT' || code === 'ECONNABORTED') {
    return new KioskError('api-timeout', { outcomeUnknown })
  }

  if (code === 'ERR_BAD_RESPONSE' || code === 'ERR_FR_MAX_BODY_LENGTH_EXCEEDED') {
    return new KioskError('api-bad-answer', { detail: 'answer too large', outcomeUnknown })
  }

  // a refused connection never reached the server, so nothing happened there
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new KioskError('api-unreachable', { detail: code })
  }

  return new KioskError('api-unreachable', { detail: code || 'connection lost', outcomeUnknown })
}

function readEnvelope(response: AxiosResponse<string>, kind: Kind): unknown {
  const outcomeUnknown = kind === 'change'
  const body = parseJson(response.data)
  const envelope = envelopeSchema.safeParse(body)

  if (!envelope.success) {
    if (response.status >= 400) {
      return throwStatus(response.status, outcomeUnknown)
    }

    throw new KioskError('api-bad-answer', { detail: 'not an API envelope', outcomeUnknown })
  }

  if (envelope.data.code !== 1) throw apiRefusal(envelope.data.code, envelope.data.message)

  if (response.status >= 400) return throwStatus(response.status, outcomeUnknown)

  return envelope.data.message
}

function throwStatus(status: number, outcomeUnknown: boolean): never {
  // a 4xx means the request was refused before any work; a 5xx may come after the work
  throw new KioskError('api-http-status', {
    detail: `HTTP ${status}`,
    outcomeUnknown: outcomeUnknown && status >= 500,
  })
}

function parseJson(text: unknown): unknown {
  if (typeof text !== 'string') return undefined

  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

// Known codes from the operator's docs; every other code is an error with its message.
export function apiRefusal(apiCode: number, message: unknown): KioskError {
  const detail =
    typeof message === 'string' && message.length > 0 ? message.slice(0, 300) : undefined
  const options = detail === undefined ? { apiCode } : { apiCode, detail }

  switch (apiCode) {
    case 0:
      return new KioskError('order-not-found', { apiCode })
    case -2:
      return new KioskError('access-denied', options)
    case -143:
      return new KioskError('order-wrong-state', options)
    default:
      return new KioskError('api-rejected', options)
  }
}

function documentRefusal(status: number, bytes: Buffer): KioskError {
  const envelope = envelopeSchema.safeParse(parseJson(bytes.toString('utf8')))

  // a token that is gone (already downloaded on production, or replaced) cannot come back
  const gone = status === 404 || status === 410
  if (gone || (envelope.success && envelope.data.code === 0)) {
    const message = envelope.success ? envelope.data.message : undefined
    const detail = typeof message === 'string' ? message.slice(0, 300) : `HTTP ${status}`

    return new KioskError('document-gone', { detail })
  }

  // a "success" envelope where the document should be is no refusal: the answer is wrong
  if (envelope.success && envelope.data.code === 1) {
    return new KioskError('api-bad-answer', { detail: 'JSON where a document should be' })
  }

  if (envelope.success) return apiRefusal(envelope.data.code, envelope.data.message)

  return new KioskError('api-http-status', { detail: `HTTP ${status}` })
}

function documentParams(request: TicketDocumentRequest): Params {
  const params: Params = { format: request.format ?? 'PDF' }
  const pair = (value: Pair) => `${value[0]},${value[1]}`

  if (request.documentSize) params['document_size'] = pair(request.documentSize)
  if (request.ticketSize) params['ticket_size'] = pair(request.ticketSize)
  if (request.documentMargin) params['document_margin'] = pair(request.documentMargin)
  if (request.ticketMargin) params['ticket_margin'] = pair(request.ticketMargin)
  if (request.rotation !== undefined) params['rotation'] = request.rotation

  return params
}

function parseOrder(message: unknown): ApiOrder {
  const order = orderSchema.safeParse(message)

  if (!order.success) {
    const issue = order.error.issues[0]
    const where = issue ? `${issue.path.join('.')}: ${issue.message}` : 'order'

    throw new KioskError('api-bad-answer', { detail: where })
  }

  return order.data
}

function isTransient(error: KioskError): boolean {
  return (
    error.code === 'api-timeout' ||
    error.code === 'api-unreachable' ||
    (error.code === 'api-http-status' && /HTTP 5/.test(error.detail ?? '')) ||
    error.code === 'api-bad-answer'
  )
}

// Where the ticket's token comes from (API.md, "Decisions"): the assign_bso answer first
// (`token`, or the last path segment of `link`/`url`), else the re-read order's ticket.
export function ticketToken(
  answer: AssignAnswer,
  ticket?: ApiOrder['tickets'][number],
): string | null {
  // the last segment of the link's path, decoded; a link with no path names no token
  const fromLink = (link: string | null | undefined) => {
    if (!link) return null

    let path: string
    try {
      path = new URL(link, 'http://relative.invalid').pathname
    } catch {
      return null
    }

    const last = path.split('/').filter(Boolean).pop()
    if (!last) return null

    try {
      return decodeURIComponent(last)
    } catch {
      return null
    }
  }

  return (
    answer?.token ||
    fromLink(answer?.link) ||
    fromLink(answer?.url) ||
    ticket?.token ||
    ticket?.print_token ||
    ticket?.uuid ||
    null
  )
}
