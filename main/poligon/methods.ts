import { parseLayout, renderTicketFop, renderTicketPdf } from './documents'
import {
  type Answer,
  CODE_ACCESS_DENIED,
  CODE_INVALID,
  CODE_OK,
  type PoligonStore,
  TEXT,
} from './state'
import type { PoligonEndpoint } from './types'

export type Reply =
  | { kind: 'envelope'; status: number; answer: Answer }
  | { kind: 'document'; contentType: string; body: Uint8Array; code: number }

export interface Call {
  endpoint: PoligonEndpoint
  query: URLSearchParams
  token: string | null
}

export function invalid(message: string): Answer {
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

export async function callPartner(
  store: PoligonStore,
  partnerKey: string,
  call: Call,
): Promise<Reply> {
  const { query } = call
  if (query.get('session') !== partnerKey) {
    const answer = { code: CODE_ACCESS_DENIED, message: TEXT.accessDenied }
    return { kind: 'envelope', status: call.endpoint === 'ticket' ? 403 : 200, answer }
  }

  if (call.endpoint === 'ticket') return downloadTicket(store, call.token ?? '', query)
  return { kind: 'envelope', status: 200, answer: partnerMethod(store, call.endpoint, query) }
}

function partnerMethod(
  store: PoligonStore,
  endpoint: PoligonEndpoint,
  query: URLSearchParams,
): Answer {
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

async function downloadTicket(
  store: PoligonStore,
  token: string,
  query: URLSearchParams,
): Promise<Reply> {
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
