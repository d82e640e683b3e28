import { randomUUID } from 'node:crypto'

import { POLYGON_PINCODE, STATUS_PAID, seedOrders } from './seed'
import type {
  CallRecord,
  DocumentFormat,
  PoligonFlavour,
  PoligonOrder,
  PoligonState,
  PoligonTicket,
  PoligonWorld,
} from './types'

export const CODE_OK = 1
export const CODE_NOT_FOUND = 0
/**
 * The operator's docs list no code for a wrong partner key; -2 is our pick, chosen so
 * that it collides with none of the documented codes.
 */
export const CODE_ACCESS_DENIED = -2
export const CODE_WRONG_STATE = -143
export const CODE_INVALID = -200
export const CODE_FAILED = -250

export const TEXT = {
  accessDenied: 'Доступ запрещён: неверный ключ партнёра',
  orderNotFound: 'Заказ не найден',
  ticketNotFound: 'Билет не найден',
  alreadyPaid: 'Заказ уже оплачен',
  notPaid: 'Заказ не оплачен',
  wrongAmount: 'Сумма оплаты не совпадает с суммой заказа',
  cyrillicSerial: 'Серия БСО должна быть латиницей',
  badSerial: 'Неверный формат БСО: нужны латинские буквы серии и цифры номера',
  noBlank: 'Билету не назначен бланк',
  alreadyDownloaded: 'Билет уже был получен',
  unknownMethod: 'Неизвестный метод',
} as const

export interface Answer {
  code: number
  message: unknown
}

function fail(code: number, message: string): Answer {
  return { code, message }
}

const SERIAL = /^([A-Z]+)([0-9]+)$/
const CYRILLIC = /[\u0400-\u04ff]/

export function serialOf(ticket: PoligonTicket): string | null {
  return ticket.blank === null ? null : `${ticket.blank.seria}${ticket.blank.number_str}`
}

export type TicketLookup =
  | { ok: true; order: PoligonOrder; ticket: PoligonTicket }
  | { ok: false; status: number; answer: Answer }

/**
 * The simulated server's data and every transition on it. Knows nothing of HTTP: the
 * server parses parameters and hands typed values in.
 */
export class PoligonStore {
  private data: PoligonState = emptyState()
  private pincodes = new Map<number, string>()
  private userSessions = new Map<number, string>()
  private usedSerials = new Set<string>()
  private downloadedTokens = new Set<string>()

  constructor(
    private readonly flavour: PoligonFlavour,
    private readonly now: () => number = Date.now,
  ) {
    this.reset()
  }

  reset(): void {
    this.data = emptyState()
    this.pincodes = new Map()
    this.userSessions = new Map()
    this.usedSerials = new Set()
    this.downloadedTokens = new Set()

    for (const seed of seedOrders) {
      const order = structuredClone(seed.order)
      this.data.orders.push(order)
      this.pincodes.set(order.id, seed.pincode)
      if (seed.userSession !== null) this.userSessions.set(order.id, seed.userSession)
      for (const ticket of order.tickets) {
        const serial = serialOf(ticket)
        if (serial !== null) this.usedSerials.add(serial)
      }
    }
  }

  snapshot(): PoligonState {
    return structuredClone(this.data)
  }

  world(): PoligonWorld {
    return { orders: structuredClone(this.data.orders), usedSerials: [...this.usedSerials] }
  }

  // A world saved by an earlier run, over the seeds: only orders the seeds know are taken,
  // so a file from another version cannot bring orders in that have no pincode.
  restore(world: PoligonWorld): void {
    for (const saved of world.orders) {
      const at = this.data.orders.findIndex((order) => order.id === saved.id)
      if (at >= 0) this.data.orders[at] = structuredClone(saved)
    }
    for (const serial of world.usedSerials) this.usedSerials.add(serial)
  }

  recordCall(call: Omit<CallRecord, 'at'>): void {
    this.data.calls.push({ ...call, at: this.now() })
  }

  orderForPrint(id: number, pincode: string): Answer {
    const order = this.findOrder(id)
    const opens =
      order !== undefined &&
      (pincode === this.pincodes.get(id) ||
        (this.flavour === 'polygon' && pincode === POLYGON_PINCODE))

    // A wrong pincode must not tell a guesser that the order exists.
    if (order === undefined || !opens) return fail(CODE_NOT_FOUND, TEXT.orderNotFound)
    return { code: CODE_OK, message: structuredClone(order) }
  }

  order(id: number, userSession: string): Answer {
    const order = this.findOrder(id)
    if (order === undefined || this.userSessions.get(id) !== userSession) {
      return fail(CODE_NOT_FOUND, TEXT.orderNotFound)
    }
    return { code: CODE_OK, message: structuredClone(order) }
  }

  currentOrder(userSession: string): Answer {
    const mine = this.data.orders.filter((o) => this.userSessions.get(o.id) === userSession)
    const latest = mine.reduce<PoligonOrder | undefined>(
      (best, o) => (best === undefined || o.date > best.date ? o : best),
      undefined,
    )

    if (latest === undefined) return fail(CODE_NOT_FOUND, TEXT.orderNotFound)
    return { code: CODE_OK, message: structuredClone(latest) }
  }

  acceptPayment(orderId: number, amount: number): Answer {
    const order = this.findOrder(orderId)
    if (order === undefined) return fail(CODE_NOT_FOUND, TEXT.orderNotFound)
    if (order.paid) return fail(CODE_WRONG_STATE, TEXT.alreadyPaid)
    if (amount !== order.totals.total) return fail(CODE_INVALID, TEXT.wrongAmount)

    order.paid = true
    order.status = STATUS_PAID
    this.data.payments.push({ orderId, amount, at: this.now() })
    return { code: CODE_OK, message: { order_id: orderId, amount, paid: true } }
  }

  assignBlank(ticketId: number, serial: string): Answer {
    const parts = parseSerial(serial)
    if ('error' in parts) return fail(CODE_INVALID, parts.error)

    const found = this.findTicket(ticketId)
    if (found === undefined) return fail(CODE_NOT_FOUND, TEXT.ticketNotFound)

    const { order, ticket } = found
    if (!order.paid) return fail(CODE_WRONG_STATE, TEXT.notPaid)
    if (ticket.blank !== null && !ticket.blank.defect) {
      return fail(CODE_WRONG_STATE, `Билету уже назначен бланк ${serialOf(ticket)}`)
    }
    if (this.usedSerials.has(serial)) {
      return fail(CODE_FAILED, `Бланк ${serial} уже использован`)
    }

    const token = randomUUID()
    ticket.blank = {
      seria: parts.seria,
      number: parts.number,
      number_str: parts.numberStr,
      defect: false,
    }
    ticket.token = token
    this.usedSerials.add(serial)
    this.data.assignments.push({ ticketId, serial, token, at: this.now() })
    return { code: CODE_OK, message: { ticket_id: ticketId, bso: serial, token } }
  }

  /**
   * A serial that is no blank of this ticket answers -200 (the parameters are wrong); a
   * ticket with no blank at all answers -143 (nothing to spoil in this state).
   */
  markBlankDefect(ticketId: number, serial: string): Answer {
    const found = this.findTicket(ticketId)
    if (found === undefined) return fail(CODE_NOT_FOUND, TEXT.ticketNotFound)

    const { ticket } = found
    const current = serialOf(ticket)
    if (current === null) return fail(CODE_WRONG_STATE, TEXT.noBlank)
    if (current !== serial) {
      return fail(CODE_INVALID, `Бланк ${serial} не назначен этому билету`)
    }

    ticket.blank = null
    ticket.token = null
    this.data.defects.push({ ticketId, serial, at: this.now() })
    return { code: CODE_OK, message: { ticket_id: ticketId, bso: serial, defect: true } }
  }

  ticketByToken(token: string): TicketLookup {
    for (const order of this.data.orders) {
      const ticket = order.tickets.find((t) => t.token === token)
      if (ticket !== undefined) {
        if (this.flavour === 'production' && this.downloadedTokens.has(token)) {
          return { ok: false, status: 410, answer: fail(CODE_FAILED, TEXT.alreadyDownloaded) }
        }
        return { ok: true, order, ticket }
      }
    }
    return { ok: false, status: 404, answer: fail(CODE_NOT_FOUND, TEXT.ticketNotFound) }
  }

  recordDownload(token: string, ticketId: number, format: DocumentFormat): void {
    this.downloadedTokens.add(token)
    this.data.downloads.push({ token, ticketId, format, at: this.now() })
  }

  private findOrder(id: number): PoligonOrder | undefined {
    return this.data.orders.find((o) => o.id === id)
  }

  private findTicket(id: number): { order: PoligonOrder; ticket: PoligonTicket } | undefined {
    for (const order of this.data.orders) {
      const ticket = order.tickets.find((t) => t.id === id)
      if (ticket !== undefined) return { order, ticket }
    }
    return undefined
  }
}

function emptyState(): PoligonState {
  return { orders: [], payments: [], assignments: [], defects: [], downloads: [], calls: [] }
}

type SerialParts = { seria: string; number: number; numberStr: string } | { error: string }

function parseSerial(serial: string): SerialParts {
  if (CYRILLIC.test(serial)) return { error: TEXT.cyrillicSerial }

  const match = SERIAL.exec(serial)
  const seria = match?.[1]
  const numberStr = match?.[2]
  if (seria === undefined || numberStr === undefined || numberStr.length > 12) {
    return { error: TEXT.badSerial }
  }
  return { seria, number: Number(numberStr), numberStr }
}
