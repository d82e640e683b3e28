import { randomUUID } from 'node:crypto'
import type { ErrorView } from '../../../contract/errors'
import type {
  ConfirmPaymentArgs,
  EnterBlankArgs,
  LookUpOrderArgs,
  Mode,
  Notice,
  SessionSnapshot,
  Stage,
  Activity,
  Unsubscribe,
} from '../../../contract/kiosk'
import { checkSerial, normalizeTypedSerial } from '../../../contract/serial'
import { ticketToken, type PartnerApi } from '../api/client'
import { goodSerial, type ApiOrder, type ApiTicket } from '../api/schemas'
import { KioskError, toKioskError } from '../errors'
import type { DocumentStore } from '../journal/documents'
import type { Journal, JournalEntry } from '../journal/journal'
import { silentLogger, type Logger, type Redactor } from '../log'
import type { Printer, PrinterProfile } from '../printing/printer'
import type { RecoveredBlank, RecoveryPlan } from './recovery'
import { toOrderView } from './view'

export interface SessionDeps {
  api: PartnerApi
  printer: Printer
  profile: PrinterProfile
  journal: Journal
  documents: DocumentStore
  serialPattern: RegExp
  mode: Mode
  logger?: Logger
  redactor?: Redactor
  // the loaded stack of blanks: a kiosk takes its serials in order; a cashier is warned when
  // the scanned blank is not the one on top
  stock?: BlankStock
}

export interface BlankStock {
  nextSerial(): string | null
}

// The blank being worked on: assigned on the server, maybe downloaded, maybe printed.
interface CurrentBlank {
  ticketId: number
  serial: string
  token: string | null
  documentPath: string | null
  printed: boolean
  // a download was sent and its document never stored: on production the token may be used
  // up, so it is never asked for again; the blank can only be written off
  downloadSpent: boolean
}

interface State {
  sessionId: string | null
  stage: Stage
  activity: Activity | null
  order: ApiOrder | null
  pincode: string | null
  currentTicketId: number | null
  blank: CurrentBlank | null
  spoiled: Map<number, string[]>
  // a payment whose answer never came: the next confirmation re-reads before it sends again
  paymentUnresolved: boolean
  // serials this session sent to assign_bso, answered or not
  announced: Set<string>
  // the journal already holds this session's closing record
  closed: boolean
  error: ErrorView | null
  notice: Notice | null
}

const initialState = (): State => ({
  sessionId: null,
  stage: 'start',
  activity: null,
  order: null,
  pincode: null,
  currentTicketId: null,
  blank: null,
  spoiled: new Map(),
  paymentUnresolved: false,
  announced: new Set(),
  closed: false,
  error: null,
  notice: null,
})

// The print session of DESIGN.md: one order at a time, one intent at a time. Main owns it; the
// screens send intents and get snapshots back. Each step that changes the server is journaled
// before the call and after the answer; an answer that never came is settled by re-reading the
// order, never by sending the call again blindly.
// the steps that went wrong or whose outcome is not known, written to the log as well
const loggedFailures: ReadonlySet<JournalEntry['step']> = new Set([
  'payment-unknown',
  'payment-failed',
  'assign-failed',
  'assign-unknown',
  'download-failed',
  'print-failed',
  'defect-failed',
  'defect-unknown',
])

export class PrintSession {
  private state: State = initialState()
  private readonly listeners = new Set<(snapshot: SessionSnapshot) => void>()
  private readonly log: Logger
  private recovered: RecoveryPlan | null = null
  private seq = 0

  constructor(private readonly deps: SessionDeps) {
    this.log = deps.logger ?? silentLogger
  }

  snapshot(): SessionSnapshot {
    const s = this.state
    const order = s.order
      ? toOrderView(s.order, s.spoiled, s.blank?.printed === false ? s.blank.ticketId : null)
      : null

    this.seq += 1

    return {
      seq: this.seq,
      stage: s.stage,
      activity: s.activity,
      order,
      currentTicketId: s.currentTicketId,
      currentSerial: s.blank?.serial ?? null,
      retryable: s.blank !== null && !s.blank.printed && !s.blank.downloadSpent,
      error: s.error,
      notice: s.notice,
    }
  }

  onChange(listener: (snapshot: SessionSnapshot) => void): Unsubscribe {
    this.listeners.add(listener)

    return () => this.listeners.delete(listener)
  }

  async lookUpOrder(args: LookUpOrderArgs): Promise<SessionSnapshot> {
    return this.intent(['start', 'done'], 'looking-up', async () => {
      const orderId = parseOrderId(args.orderId)
      const pincode = args.pincode.trim()
      if (!/^\d{4,12}$/.test(pincode)) throw new KioskError('order-not-found')

      this.deps.redactor?.forgetCustomer()
      this.deps.redactor?.addCustomerSecret(pincode)
      const order = await this.deps.api.getOrderForPrint(orderId, pincode)
      this.deps.redactor?.addCustomerSecret(order.name)

      this.state = { ...initialState(), order, pincode, sessionId: randomUUID(), stage: 'summary' }
      this.record({ step: 'session-opened', orderId: order.id, pincode })
      this.log.info(`order ${order.id} found`, { tickets: order.tickets.length, paid: order.paid })
    })
  }

  async beginPayment(): Promise<SessionSnapshot> {
    return this.intent(['summary'], null, async () => {
      const order = this.requireOrder()
      if (this.deps.mode === 'kiosk') throw new KioskError('pay-at-desk')
      if (order.paid) throw new KioskError('order-wrong-state')

      this.state.stage = 'payment'
    })
  }

  async cancelPayment(): Promise<SessionSnapshot> {
    return this.intent(['payment'], null, async () => {
      this.state.stage = 'summary'
    })
  }

  async confirmPayment(args: ConfirmPaymentArgs): Promise<SessionSnapshot> {
    return this.intent(['payment'], 'accepting-payment', async () => {
      const order = this.requireOrder()
      if (this.deps.mode === 'kiosk') throw new KioskError('pay-at-desk')
      const amount = order.totals.total
      if (!(args.received >= amount)) throw new KioskError('amount-short')

      if (this.state.paymentUnresolved && (await this.reread()).paid) {
        this.paymentSettled(amount, 'payment found on re-read')
        return
      }

      await this.acceptPayment(order.id, amount)
    })
  }

  // A kiosk with a loaded stack prints the whole order from it in one go; from the blank
  // screen (after a failed print) the customer's tap tries again on the next blank.
  async beginPrinting(): Promise<SessionSnapshot> {
    const fromStock = this.fromStock()
    const stages: Stage[] = fromStock ? ['summary', 'blank'] : ['summary']

    return this.intent(stages, fromStock ? 'assigning-blank' : null, async () => {
      const order = this.requireOrder()
      if (!order.paid) {
        throw new KioskError(this.deps.mode === 'kiosk' ? 'pay-at-desk' : 'order-wrong-state')
      }

      if (this.state.stage === 'summary') {
        this.nextTicket()
        if (this.stageNow() === 'done') throw new KioskError('nothing-to-print')
      }

      if (fromStock) await this.printFromStock()
    })
  }

  // read through a call, so TypeScript does not keep a stage narrowed across a transition
  private stageNow(): Stage {
    return this.state.stage
  }

  private fromStock(): boolean {
    return this.deps.mode === 'kiosk' && this.deps.stock !== undefined
  }

  private async printFromStock(): Promise<void> {
    while (this.stageNow() === 'blank') {
      const ticketId = this.state.currentTicketId
      if (ticketId === null) throw new KioskError('wrong-stage')

      const serial = this.deps.stock?.nextSerial() ?? null
      if (!serial) throw new KioskError('stock-empty')

      const readiness = await this.deps.printer.checkReady()
      if (!readiness.ready) {
        throw new KioskError('printer-unavailable', { detail: readiness.reason })
      }

      this.state.activity = 'assigning-blank'
      this.publish()
      await this.assignBlank(ticketId, serial)
      await this.downloadAndPrint()
    }
  }

  async enterBlank(args: EnterBlankArgs): Promise<SessionSnapshot> {
    return this.intent(['blank'], 'assigning-blank', async () => {
      const ticketId = this.state.currentTicketId
      // a kiosk's customer never types a serial: the kiosk takes the next one from the stack
      if (ticketId === null || this.fromStock()) throw new KioskError('wrong-stage')

      const serial = normalizeTypedSerial(args.serial)
      const check = checkSerial(serial, this.deps.serialPattern)
      if (!check.ok) throw new KioskError('serial-invalid', { detail: check.reason })

      const readiness = await this.deps.printer.checkReady()
      if (!readiness.ready) {
        throw new KioskError('printer-unavailable', { detail: readiness.reason })
      }

      const expected = this.deps.stock?.nextSerial() ?? null
      await this.assignBlank(ticketId, serial)
      await this.downloadAndPrint()

      if (expected && expected !== serial && this.state.notice === null) {
        this.log.warn(`blank ${serial} scanned; the stack has ${expected} on top`)
        this.state.notice = { kind: 'serial-not-next', serial, expected }
      }
    })
  }

  async confirmPrinted(): Promise<SessionSnapshot> {
    return this.intent(['check'], null, async () => {
      const blank = this.state.blank
      if (!blank?.printed) throw new KioskError('wrong-stage')

      this.confirmCurrent()
    })
  }

  private confirmCurrent(): void {
    const blank = this.state.blank
    if (!blank) return

    this.record({ step: 'ticket-confirmed', ticketId: blank.ticketId, serial: blank.serial })
    this.state.blank = null
    this.nextTicket()
  }

  async reportSpoiled(): Promise<SessionSnapshot> {
    return this.intent(['check'], 'marking-defect', async () => {
      const blank = this.state.blank
      if (!blank) throw new KioskError('wrong-stage')

      await this.markDefect(blank)
    })
  }

  // Picks up where the current ticket stopped: a stored document is printed from disk, an
  // assigned blank without a document is downloaded; nothing that completed is repeated. From
  // the recovery screen it first asks the server what really happened to each announced step.
  async resume(): Promise<SessionSnapshot> {
    return this.intent(['check', 'recovery'], 'reconciling', async () => {
      if (this.state.stage === 'recovery') {
        await this.recover()
        return
      }

      if (!this.state.blank) {
        this.nextTicket()
        return
      }

      // a printed blank is done with: printing again would feed the next, unassigned blank
      if (this.state.blank.printed) throw new KioskError('wrong-stage')

      await this.downloadAndPrint()
    })
  }

  // An unfinished session found in the journal on start: shown on the recovery screen with the
  // order as the server has it now; nothing is sent until the operator chooses to finish it.
  async restore(plan: RecoveryPlan): Promise<SessionSnapshot> {
    this.deps.redactor?.addCustomerSecret(plan.pincode)
    this.state = {
      ...initialState(),
      sessionId: plan.sessionId,
      stage: 'recovery',
      pincode: plan.pincode,
      spoiled: plan.spoiled,
      paymentUnresolved: plan.payment === 'pending',
    }
    this.recovered = plan
    this.log.info(`unfinished session of order ${plan.orderId} found in the journal`)

    // shown as the journal has it until the operator finishes: a blank that was assigned but
    // never confirmed is not a printed ticket
    const blank = plan.blank
    if (blank) {
      this.state.currentTicketId = blank.ticketId
      this.state.blank = {
        ticketId: blank.ticketId,
        serial: blank.serial,
        token: blank.token,
        documentPath: blank.download === 'done' ? blank.documentPath : null,
        printed: false,
        downloadSpent: blank.download === 'pending' || blank.download === 'failed',
      }
    }

    try {
      this.state.order = await this.deps.api.getOrderForPrint(plan.orderId, plan.pincode)
      this.deps.redactor?.addCustomerSecret(this.state.order.name)
    } catch (error) {
      this.state.error = toKioskError(error).toView()
    }

    return this.publish()
  }

  private async recover(): Promise<void> {
    const plan = this.recovered
    if (!plan) throw new KioskError('wrong-stage')

    const order = await this.deps.api.getOrderForPrint(plan.orderId, plan.pincode)
    this.state.order = order

    if (plan.payment === 'pending' && !order.paid) {
      this.state.stage = 'payment'
      throw new KioskError('outcome-unknown', { detail: 'payment not found on the server' })
    }

    if (plan.payment === 'pending') this.paymentSettled(order.totals.total, 'payment found')

    this.recovered = null
    const blank = plan.blank
    if (!blank) {
      this.nextTicket()
      return
    }

    await this.recoverBlank(blank, findTicket(order, blank.ticketId))
  }

  private async recoverBlank(blank: RecoveredBlank, ticket: ApiTicket): Promise<void> {
    const held = holdsBlank(ticket, blank.serial)
    const token = blank.token ?? ticketToken(null, ticket)
    this.state.currentTicketId = blank.ticketId
    this.state.blank = null

    // the server no longer shows this blank on the ticket: it was never assigned, or the
    // defect went through before the crash
    if (!held) {
      const gone = { ticketId: blank.ticketId, serial: blank.serial }
      if (blank.defect === 'pending') this.defectSettled(gone)
      else this.record({ step: 'assign-failed', ...gone, reason: 'not on the server' })
      this.nextTicket()
      return
    }

    if (blank.assign !== 'done') this.blankAssigned(blank.ticketId, blank.serial, token)

    const current: CurrentBlank = {
      ticketId: blank.ticketId,
      serial: blank.serial,
      token,
      documentPath: blank.download === 'done' ? blank.documentPath : null,
      printed: blank.print === 'done',
      downloadSpent: blank.download === 'pending' || blank.download === 'failed',
    }
    this.state.blank = current

    // a spoiled blank, or a job that failed, is written off before anything else
    if (blank.defect === 'pending' || blank.print === 'failed') {
      this.state.stage = 'check'
      await this.markDefect(current)
      return
    }

    // a download that was announced but never stored may have used up the token (production
    // serves a document once): it is not tried again, the blank is written off instead
    if (blank.download === 'pending' || blank.download === 'failed') {
      this.state.stage = 'check'
      if (this.deps.mode === 'kiosk') await this.markDefect(current)
      else throw new KioskError('document-gone')
      return
    }

    if (blank.print === 'done') {
      this.state.stage = 'check'
      if (this.deps.mode === 'kiosk') this.confirmCurrent()
      return
    }

    // a job that was sent but never reported back may be on paper: a person must look at it;
    // a kiosk has nobody to look, so the blank is written off and the ticket printed again
    if (blank.print === 'pending') {
      current.printed = true
      this.state.stage = 'check'
      this.state.notice = { kind: 'check-blank', serial: blank.serial }
      if (this.deps.mode === 'kiosk') await this.markDefect(current)
      return
    }

    await this.downloadAndPrint()
  }

  async reset(): Promise<SessionSnapshot> {
    if (this.state.activity !== null) return this.snapshot()

    if (this.state.sessionId && !this.state.closed) {
      this.record({ step: 'session-closed', reason: this.state.stage })
    }
    this.state = initialState()
    this.deps.redactor?.forgetCustomer()

    return this.publish()
  }

  private async acceptPayment(orderId: number, amount: number): Promise<void> {
    this.record({ step: 'payment-intent', orderId, amount })

    try {
      await this.deps.api.acceptPayment(orderId, amount)
    } catch (error) {
      const failure = toKioskError(error)

      if (failure.outcomeUnknown || failure.code === 'order-wrong-state') {
        this.state.paymentUnresolved = true
        this.record({ step: 'payment-unknown', orderId, amount, reason: failure.code })
        this.state.activity = 'reconciling'
        this.publish()

        const order = await this.reread()
        if (!order.paid) throw new KioskError('outcome-unknown', { detail: failure.code })

        this.paymentSettled(amount, 'payment found on re-read')
        return
      }

      this.record({ step: 'payment-failed', orderId, amount, reason: failure.code })
      throw failure
    }

    const order = await this.reread()
    if (!order.paid) {
      this.state.paymentUnresolved = true
      throw new KioskError('outcome-unknown', { detail: 'order still unpaid after payment' })
    }

    this.paymentSettled(amount, 'payment accepted')
  }

  private paymentSettled(amount: number, how: string): void {
    const order = this.requireOrder()

    this.state.paymentUnresolved = false
    this.record({ step: 'payment-done', orderId: order.id, amount })
    this.log.info(`${how}: ${amount} for order ${order.id}`)
    this.state.notice = { kind: 'payment-accepted', amount }
    this.nextTicket()
  }

  private async assignBlank(ticketId: number, serial: string): Promise<void> {
    this.record({ step: 'assign-intent', ticketId, serial })
    this.state.announced.add(serial)

    let answer
    try {
      answer = await this.deps.api.assignBlank(ticketId, serial)
    } catch (error) {
      const failure = toKioskError(error)
      if (!failure.outcomeUnknown) {
        this.record({ step: 'assign-failed', ticketId, serial, reason: failure.code })
        const fresh = await this.reread().catch(() => null)

        // "already has a blank" may be this very blank, from an earlier call whose answer was
        // lost: then it is assigned, and refusing it would leave the ticket stuck unprinted
        const ticket = fresh?.tickets.find((t) => t.id === ticketId)
        if (ticket && holdsBlank(ticket, serial)) {
          this.blankAssigned(ticketId, serial, ticketToken(null, ticket))
          return
        }

        // or an earlier blank of this session whose answer was lost: that blank is the
        // ticket's now, and the cashier prints on it or writes it off from the check screen
        const held = ticket ? goodSerial(ticket) : null
        if (ticket && held && this.state.announced.has(held)) {
          this.blankAssigned(ticketId, held, ticketToken(null, ticket))
          this.state.stage = 'check'
          throw new KioskError('outcome-unknown', { detail: `ticket holds blank ${held}` })
        }

        // only the server's refusal is about the blank; a network failure or a refused key is
        // not, and "take the next blank" would waste one
        if (failure.code !== 'api-rejected') throw failure
        throw new KioskError('serial-rejected', { detail: failure.detail ?? failure.code })
      }

      this.record({ step: 'assign-unknown', ticketId, serial, reason: failure.code })
      this.state.activity = 'reconciling'
      this.publish()

      const ticket = findTicket(await this.reread(), ticketId)
      if (!holdsBlank(ticket, serial)) {
        throw new KioskError('outcome-unknown', { detail: failure.code })
      }

      this.blankAssigned(ticketId, serial, ticketToken(null, ticket))
      return
    }

    let token = ticketToken(answer)
    if (!token) token = ticketToken(answer, findTicket(await this.reread(), ticketId))

    this.blankAssigned(ticketId, serial, token)
  }

  private blankAssigned(ticketId: number, serial: string, token: string | null): void {
    this.state.blank = {
      ticketId,
      serial,
      token,
      documentPath: null,
      printed: false,
      downloadSpent: false,
    }
    this.markAssignedLocally(ticketId, serial)
    this.record({ step: 'assign-done', ticketId, serial, ...(token ? { token } : {}) })
    this.log.info(`blank ${serial} assigned to ticket ${ticketId}`)
  }

  private async downloadAndPrint(): Promise<void> {
    const blank = this.state.blank
    const order = this.requireOrder()
    if (!blank) throw new KioskError('wrong-stage')

    this.state.stage = 'check'
    if (!blank.documentPath) await this.download(blank)

    const documentPath = blank.documentPath
    if (!documentPath) throw new KioskError('document-invalid')

    this.state.activity = 'printing'
    this.publish()

    const document = await this.deps.documents.load(documentPath)
    const printer = this.deps.printer
    const profile = this.deps.profile
    const job = { ticketId: blank.ticketId, serial: blank.serial, printer: printer.name }
    this.record({ step: 'print-intent', ...job, profile: profile.id, document: documentPath })

    const outcome = await printer
      .print({
        document,
        profile,
        orderId: order.id,
        ticketId: blank.ticketId,
        serial: blank.serial,
      })
      .catch((error: unknown) => ({
        status: 'failed' as const,
        printer: printer.name,
        jobId: null,
        reason: (error as Error).message,
      }))

    if (outcome.status === 'failed') {
      this.record({ step: 'print-failed', ...job, jobId: outcome.jobId, reason: outcome.reason })
      this.log.warn(`ticket ${blank.ticketId} did not print on blank ${blank.serial}`, {
        reason: outcome.reason,
      })

      // the blank may have been fed and half-printed: it is written off, never reused
      this.state.activity = 'marking-defect'
      this.publish()
      await this.markDefect(blank)
      throw new KioskError('printer-failed', { detail: outcome.reason })
    }

    blank.printed = true
    this.record({ step: 'print-done', ...job, jobId: outcome.jobId })
    this.log.info(`ticket ${blank.ticketId} printed on blank ${blank.serial}`, {
      job: outcome.jobId,
    })

    if (this.deps.mode === 'kiosk') this.confirmCurrent()
  }

  private async download(blank: CurrentBlank): Promise<void> {
    this.state.activity = 'downloading'
    this.publish()

    if (!blank.token) {
      const ticket = findTicket(await this.reread(), blank.ticketId)
      blank.token = ticketToken(null, ticket)
    }

    const token = blank.token
    if (!token || blank.downloadSpent) throw new KioskError('document-gone')

    const profile = this.deps.profile
    this.record({ step: 'download-intent', ticketId: blank.ticketId, token })

    try {
      const document = await this.deps.api.fetchTicketDocument({
        token,
        format: 'PDF',
        documentSize: profile.documentSize,
        ticketSize: profile.ticketSize,
        documentMargin: profile.documentMargin,
        ticketMargin: profile.ticketMargin,
        rotation: profile.rotation,
      })
      const stored = await this.deps.documents.store(token, document.bytes)

      blank.documentPath = stored.path
      this.record({
        step: 'document-stored',
        ticketId: blank.ticketId,
        token,
        document: stored.path,
      })
    } catch (error) {
      const failure = toKioskError(error)
      this.record({
        step: 'download-failed',
        ticketId: blank.ticketId,
        token,
        reason: failure.code,
      })

      // only a connection that was refused outright never reached the server
      blank.downloadSpent = !(failure.code === 'api-unreachable' && !failure.outcomeUnknown)
      if (blank.downloadSpent && this.deps.mode === 'kiosk') {
        this.state.activity = 'marking-defect'
        this.publish()
        await this.markDefect(blank)
      }

      throw failure
    }
  }

  private async markDefect(blank: CurrentBlank): Promise<void> {
    const { ticketId, serial } = blank
    this.record({ step: 'defect-intent', ticketId, serial })

    try {
      await this.deps.api.markBlankDefect(ticketId, serial)
    } catch (error) {
      const failure = toKioskError(error)
      const reason = failure.code
      this.record({
        step: failure.outcomeUnknown ? 'defect-unknown' : 'defect-failed',
        ticketId,
        serial,
        reason,
      })
      this.state.activity = 'reconciling'
      this.publish()

      // the defect took effect if the ticket no longer holds this blank
      const ticket = findTicket(await this.reread(), ticketId)
      if (holdsBlank(ticket, serial)) throw new KioskError('outcome-unknown', { detail: reason })
    }

    this.defectSettled(blank)
    this.state.stage = 'blank'
  }

  private defectSettled(blank: { ticketId: number; serial: string }): void {
    const { ticketId, serial } = blank

    this.record({ step: 'defect-done', ticketId, serial })
    this.log.info(`blank ${serial} of ticket ${ticketId} marked defective`)
    this.state.spoiled.set(ticketId, [...(this.state.spoiled.get(ticketId) ?? []), serial])
    this.state.blank = null
    this.markFreedLocally(ticketId)
    this.state.notice = { kind: 'blank-spoiled', serial }
    this.state.currentTicketId = ticketId
  }

  private nextTicket(): void {
    const order = this.requireOrder()
    const next = order.tickets.find((ticket) => goodSerial(ticket) === null)

    if (next) {
      this.state.currentTicketId = next.id
      this.state.stage = 'blank'
      return
    }

    this.state.currentTicketId = null
    this.state.stage = 'done'
    if (this.state.sessionId && !this.state.closed) {
      this.record({ step: 'session-closed', reason: 'done' })
      this.state.closed = true
    }
    this.log.info(`order ${order.id}: every ticket printed`)
  }

  private async reread(): Promise<ApiOrder> {
    const order = this.requireOrder()
    const pincode = this.state.pincode ?? ''
    const fresh = await this.deps.api.getOrderForPrint(order.id, pincode)

    this.state.order = fresh
    return fresh
  }

  private markAssignedLocally(ticketId: number, serial: string): void {
    const ticket = findTicket(this.requireOrder(), ticketId)
    const letters = /^[A-Z]*/.exec(serial)?.[0] ?? ''
    const digits = serial.slice(letters.length)

    ticket.blank = {
      seria: letters,
      number: Number(digits) || 0,
      number_str: digits,
      defect: false,
    }
  }

  private markFreedLocally(ticketId: number): void {
    findTicket(this.requireOrder(), ticketId).blank = null
  }

  private requireOrder(): ApiOrder {
    if (!this.state.order) throw new KioskError('wrong-stage')

    return this.state.order
  }

  private record(entry: Omit<JournalEntry, 'session'>): void {
    const session = this.state.sessionId
    if (!session) return

    const orderId = entry.orderId ?? this.state.order?.id
    const record = this.deps.journal.append({ session, ...(orderId ? { orderId } : {}), ...entry })

    // the journal holds every step; the log also says where a step went wrong, for whoever
    // reads the log first (never the token or the pincode: only these fields)
    if (loggedFailures.has(entry.step)) {
      this.log.warn(`${entry.step}: ${entry.reason ?? 'no reason given'}`, {
        order: record.orderId,
        ticket: record.ticketId,
        serial: record.serial,
      })
    }
  }

  private publish(): SessionSnapshot {
    const snapshot = this.snapshot()
    for (const listener of this.listeners) listener(snapshot)

    return snapshot
  }

  // One intent at a time: while a call is running every other intent is answered with the
  // current snapshot and does nothing.
  private async intent(
    stages: Stage[],
    activity: Activity | null,
    work: () => Promise<void>,
  ): Promise<SessionSnapshot> {
    if (this.state.activity !== null) return this.snapshot()

    if (!stages.includes(this.state.stage)) {
      this.state.error = { code: 'wrong-stage' }
      return this.publish()
    }

    this.state.activity = activity
    this.state.error = null
    this.state.notice = null
    if (activity) this.publish()

    try {
      await work()
    } catch (error) {
      const failure = toKioskError(error)
      if (failure.code === 'internal')
        this.log.error('session step failed', { cause: String(error) })
      this.state.error = failure.toView()
    } finally {
      this.state.activity = null
    }

    return this.publish()
  }
}

export function parseOrderId(text: string): number {
  const digits = text.trim()
  if (!/^\d{1,12}$/.test(digits) || Number(digits) <= 0) throw new KioskError('order-not-found')

  return Number(digits)
}

function holdsBlank(ticket: ApiTicket, serial: string): boolean {
  return goodSerial(ticket) === serial
}

function findTicket(order: ApiOrder, ticketId: number): ApiTicket {
  const ticket = order.tickets.find((t) => t.id === ticketId)
  if (!ticket) throw new KioskError('api-bad-answer', { detail: `ticket ${ticketId} missing` })

  return ticket
}
