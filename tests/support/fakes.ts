import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { compileSerialPattern, defaultSerialPattern } from '../../contract/serial'
import type { Mode } from '../../contract/kiosk'
import { apiRefusal, type PartnerApi, type TicketDocumentRequest } from '../../main/core/api/client'
import type { ApiOrder, ApiTicket, AssignAnswer } from '../../main/core/api/schemas'
import { KioskError } from '../../main/core/errors'
import { ledgerJournal, type Ledger } from '../../main/core/kiosk/ledger'
import { createDocumentStore } from '../../main/core/journal/documents'
import { openJournal, type Journal, type JournalEntry } from '../../main/core/journal/journal'
import { Redactor, createLogger, type LogRecord } from '../../main/core/log'
import type { JobOutcome, PrintJob, Printer, Readiness } from '../../main/core/printing/printer'
import { profilePresets } from '../../main/core/printing/printer'
import { PrintSession } from '../../main/core/session/session'

// Small fakes that record what happened (DESIGN.md: fakes over mocks), shared by the session and
// service tests. The fake API keeps the simulator's rules for the calls the session makes.

export const PINCODE = '4831'

export function pdfBytes(label: string): Buffer {
  return Buffer.from(`%PDF-1.7\n% ${label}\n%%EOF\n`, 'latin1')
}

function ticket(id: number, blank: ApiTicket['blank'] = null): ApiTicket {
  return {
    id,
    barcode: `29${id}0011`,
    price: 1000,
    commission: 100,
    row: '5',
    seat: String(id % 100),
    admission: false,
    sector: { id: 9001, title: 'Партер' },
    subevent: {
      id: 70001,
      title: 'Щелкунчик',
      date: Date.UTC(2027, 0, 5, 16),
      age: 6,
      venue: { id: 101, title: 'Большой театр', address: 'Театральная площадь, 1' },
    },
    blank,
    token: blank ? `old-token-${id}` : null,
  }
}

// The top-level `amount` is stale on purpose: it must never reach a snapshot.
export function makeOrder(options: { id?: number; paid: boolean; tickets?: number[] }): ApiOrder {
  const tickets = (options.tickets ?? [5446130, 5446131]).map((id) => ticket(id))
  const amount = tickets.length * 1000
  const comission = tickets.length * 100

  return {
    id: options.id ?? 12097256,
    name: 'Иванов Иван Иванович',
    status: options.paid ? 3 : 2,
    date: Date.UTC(2026, 11, 1, 9),
    paid: options.paid,
    tickets,
    totals: { amount, comission, total: amount + comission },
    amount: 1,
  } as ApiOrder
}

export function printedBlank(serial: string): NonNullable<ApiTicket['blank']> {
  const digits = serial.slice(2)
  return { seria: serial.slice(0, 2), number: Number(digits), number_str: digits, defect: false }
}

export type ApiMethod = Exclude<keyof PartnerApi, 'host'>

export interface ApiCall {
  method: ApiMethod
  args: unknown[]
}

interface PlannedFailure {
  error: KioskError
  // true: the server did the work and only the answer was lost
  workDone: boolean
}

export const lostAnswer = () => new KioskError('api-timeout', { outcomeUnknown: true })
export const neverArrived = () => new KioskError('api-unreachable', { detail: 'ECONNREFUSED' })

export class FakeApi implements PartnerApi {
  readonly host = 'fake.test'
  readonly calls: ApiCall[] = []
  // what happened, in order, together with the journal's steps (see recordingJournal)
  timeline: string[] = []
  private readonly orders = new Map<number, ApiOrder>()
  private readonly failures = new Map<ApiMethod, PlannedFailure[]>()
  private readonly pending = new Map<ApiMethod, Promise<void>>()
  private readonly spent = new Set<string>()
  private tokens = 0
  omitToken = false
  document: (token: string) => Buffer = (token) => pdfBytes(token)

  constructor(...orders: ApiOrder[]) {
    for (const order of orders) this.orders.set(order.id, structuredClone(order))
  }

  order(id: number): ApiOrder {
    const order = this.orders.get(id)
    if (!order) throw new Error(`no order ${id}`)
    return order
  }

  count(method: ApiMethod): number {
    return this.calls.filter((call) => call.method === method).length
  }

  fail(method: ApiMethod, error: KioskError, workDone = false): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), { error, workDone }])
  }

  // the next call of the method waits until the returned function is called
  hold(method: ApiMethod): () => void {
    let release = () => {}
    this.pending.set(method, new Promise<void>((resolve) => (release = resolve)))
    return () => release()
  }

  private async enter<T>(method: ApiMethod, args: unknown[], work: () => T): Promise<T> {
    this.calls.push({ method, args })
    this.timeline.push(`api:${method}`)

    const held = this.pending.get(method)
    if (held) {
      this.pending.delete(method)
      await held
    }

    const failure = this.failures.get(method)?.shift()
    if (failure) {
      if (failure.workDone) work()
      throw failure.error
    }

    return work()
  }

  getOrderForPrint(orderId: number, pincode: string): Promise<ApiOrder> {
    return this.enter('getOrderForPrint', [orderId, pincode], () => {
      const order = this.orders.get(orderId)
      if (!order || pincode !== PINCODE) throw apiRefusal(0, 'Заказ не найден')
      return structuredClone(order)
    })
  }

  getOrder(orderId: number, userSession: string): Promise<ApiOrder> {
    return this.enter('getOrder', [orderId, userSession], () =>
      structuredClone(this.order(orderId)),
    )
  }

  getCurrentOrder(userSession: string): Promise<ApiOrder> {
    return this.enter('getCurrentOrder', [userSession], () => {
      throw apiRefusal(0, 'Заказ не найден')
    })
  }

  acceptPayment(orderId: number, amount: number): Promise<void> {
    return this.enter('acceptPayment', [orderId, amount], () => {
      const order = this.order(orderId)
      if (order.paid) throw apiRefusal(-143, 'Заказ уже оплачен')
      if (amount !== order.totals.total) throw apiRefusal(-200, 'Сумма не совпадает')
      order.paid = true
    })
  }

  assignBlank(ticketId: number, serial: string): Promise<AssignAnswer> {
    return this.enter('assignBlank', [ticketId, serial], () => {
      if (!/^[A-Z]+[0-9]+$/.test(serial)) throw apiRefusal(-200, 'Неверный формат БСО')

      const { order, ticket } = this.find(ticketId)
      if (!order.paid) throw apiRefusal(-143, 'Заказ не оплачен')
      if (ticket.blank && !ticket.blank.defect) throw apiRefusal(-143, 'Билету уже назначен бланк')
      if (this.spent.has(serial)) throw apiRefusal(-250, `Бланк ${serial} уже использован`)

      this.tokens += 1
      ticket.blank = printedBlank(serial)
      ticket.token = `token-${ticketId}-${this.tokens}`
      this.spent.add(serial)
      return this.omitToken ? { ticket_id: ticketId } : { token: ticket.token }
    })
  }

  fetchTicketDocument(request: TicketDocumentRequest) {
    return this.enter('fetchTicketDocument', [request], () => {
      const known = [...this.orders.values()].some((o) =>
        o.tickets.some((t) => t.token === request.token),
      )
      if (!known) throw new KioskError('document-gone', { detail: 'HTTP 404' })
      return { bytes: this.document(request.token), contentType: 'application/pdf' }
    })
  }

  markBlankDefect(ticketId: number, serial: string): Promise<void> {
    return this.enter('markBlankDefect', [ticketId, serial], () => {
      const { ticket } = this.find(ticketId)
      if (!ticket.blank) throw apiRefusal(-143, 'Билету не назначен бланк')
      if (`${ticket.blank.seria}${ticket.blank.number_str}` !== serial) {
        throw apiRefusal(-200, `Бланк ${serial} не назначен этому билету`)
      }
      ticket.blank = null
      ticket.token = null
    })
  }

  private find(ticketId: number): { order: ApiOrder; ticket: ApiTicket } {
    for (const order of this.orders.values()) {
      const ticket = order.tickets.find((t) => t.id === ticketId)
      if (ticket) return { order, ticket }
    }
    throw apiRefusal(0, 'Билет не найден')
  }
}

export class FakePrinter implements Printer {
  readonly kind = 'pdf-folder'
  readonly name = 'fake-printer'
  readonly jobs: PrintJob[] = []
  failures: string[] = []
  throws: Error[] = []
  readiness: Readiness = { ready: true }
  timeline: string[] | null = null

  async listPrinters() {
    return [{ name: this.name, ready: this.readiness.ready }]
  }

  async checkReady(): Promise<Readiness> {
    return this.readiness
  }

  async print(job: PrintJob): Promise<JobOutcome> {
    this.jobs.push(job)
    this.timeline?.push('printer:print')

    const thrown = this.throws.shift()
    if (thrown) throw thrown

    const reason = this.failures.shift()
    if (reason !== undefined) return { status: 'failed', printer: this.name, jobId: 'j', reason }

    return { status: 'completed', printer: this.name, jobId: `job-${this.jobs.length}` }
  }
}

// a real journal in a temp folder whose steps also go into a shared timeline
function recordingJournal(path: string, timeline: () => string[]): Journal {
  const journal = openJournal(path)

  return {
    ...journal,
    append(entry: JournalEntry) {
      timeline().push(`journal:${entry.step}`)
      return journal.append(entry)
    },
    close: () => journal.close(),
  }
}

export interface Rig {
  session: PrintSession
  api: FakeApi
  printer: FakePrinter
  journal: Journal
  logs: LogRecord[]
  redactor: Redactor
  dir: string
  steps(): string[]
  close(): void
}

export function makeRig(options: {
  orders: ApiOrder[]
  mode?: Mode
  api?: PartnerApi
  serialPattern?: string
  // the kiosk's ledger: the session writes through it and takes its blanks from it
  ledger?: Ledger
}): Rig & { partnerApi: PartnerApi } {
  const dir = mkdtempSync(join(tmpdir(), 'bso-session-'))
  const api = new FakeApi(...options.orders)
  const printer = new FakePrinter()
  printer.timeline = api.timeline
  const recorded = recordingJournal(join(dir, 'journal.jsonl'), () => api.timeline)
  const ledger = options.ledger
  const journal = ledger ? ledgerJournal(recorded, ledger) : recorded
  const logs: LogRecord[] = []
  const redactor = new Redactor()
  const logger = createLogger({ sink: (r) => logs.push(r), level: 'debug', redactor })
  const partnerApi = options.api ?? api
  const profile = profilePresets['thermal-80x150']
  if (!profile) throw new Error('the thermal preset is gone')

  const session = new PrintSession({
    api: partnerApi,
    printer,
    profile,
    journal,
    documents: createDocumentStore(join(dir, 'documents')),
    serialPattern: compileSerialPattern(options.serialPattern ?? defaultSerialPattern),
    mode: options.mode ?? 'cashier',
    logger,
    redactor,
    ...(ledger ? { stock: { nextSerial: () => ledger.nextSerial() } } : {}),
  })

  return {
    session,
    api,
    partnerApi,
    printer,
    journal,
    logs,
    redactor,
    dir,
    steps: () => journal.read().records.map((r) => r.step),
    close: () => {
      journal.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
