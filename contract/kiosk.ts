// The one contract between the trusted side (main) and the screens (renderer). Preload, the
// web shell and the renderer import it as types; main validates every argument at runtime
// (contract/schemas.ts) because the renderer's input is never trusted.

import type { ErrorView, Lang } from './errors'

export type Mode = 'cashier' | 'kiosk'

export type SerialSource = 'scan' | 'typed'

export interface Totals {
  amount: number
  comission: number
  total: number
}

export type TicketProgress = 'waiting' | 'printing' | 'printed'

export interface TicketView {
  id: number
  event: string
  venue: string
  address: string
  // ms epoch; shown in the venue's time zone
  date: number
  sector: string
  row: string | null
  seat: string | null
  admission: boolean
  price: number
  progress: TicketProgress
  // the good blank the ticket was printed on, once it is
  serial: string | null
  spoiledSerials: string[]
}

export interface OrderView {
  id: number
  customer: string
  paid: boolean
  totals: Totals
  tickets: TicketView[]
}

// summary: the order is shown; payment: the cashier counts the money; blank: waiting for the
// serial of the current ticket's blank; check: the ticket came out, the cashier looks at it;
// done: every ticket has its blank; recovery: an unfinished session was found on start.
export type Stage = 'start' | 'summary' | 'payment' | 'blank' | 'check' | 'done' | 'recovery'

// what main is doing right now; while it is set, every intent, reset too, is ignored
export type Activity =
  | 'looking-up'
  | 'accepting-payment'
  | 'assigning-blank'
  | 'downloading'
  | 'printing'
  | 'marking-defect'
  | 'reconciling'

export interface SessionSnapshot {
  // grows with every snapshot main makes: a pushed snapshot and an intent's answer can arrive
  // in either order, and the screens keep the newer one
  seq: number
  stage: Stage
  activity: Activity | null
  order: OrderView | null
  currentTicketId: number | null
  // the blank of the current ticket while it is being printed or checked
  currentSerial: string | null
  // the current blank's ticket did not come out and may be tried again on the same blank
  // (false once its document may be used up: then the blank can only be written off)
  retryable: boolean
  error: ErrorView | null
  // a one-line note for the operator that is not an error (e.g. "blank AA005501 spoiled")
  notice: Notice | null
}

export type Notice =
  | { kind: 'payment-accepted'; amount: number }
  | { kind: 'blank-spoiled'; serial: string }
  | { kind: 'reconciled' }
  // after a restart: a job was sent for this blank; a person must look whether it printed
  | { kind: 'check-blank'; serial: string }
  // cashier mode: the scanned blank is not the one the loaded stack has on top
  | { kind: 'serial-not-next'; serial: string; expected: string }

export interface AppInfo {
  version: string
  mode: Mode
  training: boolean
  lang: Lang
  timeZone: string
  // the API's host only: the partner key never leaves main
  apiHost: string
  printerName: string
  serialPattern: string
}

// What main says about the terminal as a whole, apart from the order on screen. The kiosk's
// idle timer, its out-of-service monitor, the blank stock and the operator's lock all live in
// main; the screens only show this.
export interface TerminalSnapshot {
  seq: number
  mode: Mode
  // the language the screens speak now: the customer may switch it; it returns to the
  // setting when the kiosk forgets the customer
  lang: Lang
  // kiosk: nobody is using the screen, the attract screen is up
  attract: boolean
  outOfService: OutOfService | null
  stock: StockView | null
  service: ServiceLock
}

// why a kiosk cannot serve now; `reason` is a short code shown beside the words, so that an
// operator on the phone can be told it
export type OutOfServiceCause =
  | 'api'
  | 'printer'
  | 'no-stock'
  | 'stock-empty'
  | 'stock-refused'
  // a session the journal shows unfinished: an operator finishes it behind the PIN
  | 'unfinished-session'

export interface OutOfService {
  cause: OutOfServiceCause
  reason: string
  // what the API or the printer said, for the operator
  detail?: string
}

export const outOfServiceReasons: Record<OutOfServiceCause, string> = {
  api: 'E-API',
  printer: 'E-PRN',
  'no-stock': 'E-BSO0',
  'stock-empty': 'E-BSO1',
  'stock-refused': 'E-BSO2',
  'unfinished-session': 'E-REC',
}

// The window event a web page's bridge sends when its socket to main closes and when it is
// open again: `detail` is { up: boolean }. Electron's preload never sends it.
export const linkEvent = 'kiosk-link'

export interface LinkEventDetail {
  up: boolean
  // the app was started again, under a new address: this page cannot link to it
  restarted?: boolean
}

// The faults that clear by themselves (the server answers again, the queue is enabled again):
// the kiosk watches for that. The others wait for an operator with a stack or the PIN.
export const clearsByItself: Record<OutOfServiceCause, boolean> = {
  api: true,
  printer: true,
  'no-stock': false,
  'stock-empty': false,
  'stock-refused': false,
  'unfinished-session': false,
}

export interface StockView {
  firstSerial: string
  lastSerial: string
  count: number
  used: number
  spoiled: number
  left: number
  nextSerial: string | null
  low: boolean
  loadedAt: string
}

export interface ServiceLock {
  open: boolean
  // wrong PIN entries left before the lock-out
  attemptsLeft: number
  // ms epoch; while it is in the future no PIN is even checked
  lockedUntil: number | null
}

export type PrinterSetting =
  | { kind: 'pdf-folder'; dir?: string | undefined }
  | { kind: 'cups'; queue: string }
  | { kind: 'electron'; device: string }

// The settings as the service screen may see them: the partner key only as set or not set
export interface ServiceSettings {
  training: boolean
  apiUrl: string
  partnerKey: 'set' | 'not-set'
  mode: Mode
  printer: PrinterSetting
  profile: string
  profiles: string[]
  serialPattern: string
  lang: Lang
  timeZone: string
  idleSeconds: number
  stockLowAt: number
  autoStart: boolean
}

export interface SettingsChange {
  apiUrl?: string
  // a new key replaces the old one; the old one is never sent back
  partnerKey?: string
  mode?: Mode
  printer?: PrinterSetting
  profile?: string
  serialPattern?: string
  lang?: Lang
  timeZone?: string
  idleSeconds?: number
  stockLowAt?: number
  autoStart?: boolean
}

export interface JournalLine {
  seq: number
  at: string
  step: string
  orderId?: number
  ticketId?: number
  serial?: string
  amount?: number
  count?: number
  reason?: string
}

export interface SpoiledBlank {
  serial: string
  orderId: number | null
  ticketId: number | null
  at: string
}

// Everything from the journal since the last closed shift, so nothing is counted twice
export interface ShiftReport {
  openedAt: string | null
  madeAt: string
  payments: { count: number; amount: number }
  ticketsPrinted: number
  blanksUsed: number
  blanksSpoiled: number
  // null: no stack is loaded (cashier mode may scan loose blanks)
  blanksLeft: number | null
  spoiled: SpoiledBlank[]
  // stacks taken out of the printer with blanks still in them: those blanks are accounted
  // for here, serial by serial
  removed: RemovedBlanks[]
}

export interface RemovedBlanks {
  reason: 'removed' | 'replaced'
  serials: string[]
  at: string
}

export interface ServiceView {
  settings: ServiceSettings
  // a saved change takes effect when the app starts again
  restartNeeded: boolean
  stock: StockView | null
  journal: JournalLine[]
  report: ShiftReport
}

export interface UnlockServiceArgs {
  pin: string
}

export interface SetLanguageArgs {
  lang: Lang
}

export interface LoadStockArgs {
  firstSerial: string
  count: number
  source: SerialSource
}

export interface OperationResult {
  ok: boolean
  // a printer's reason, or where a file was saved
  detail?: string
}

export interface LookUpOrderArgs {
  orderId: string
  pincode: string
}

export interface ConfirmPaymentArgs {
  // what the cashier counted; main checks it covers totals.total and sends totals.total
  received: number
}

export interface EnterBlankArgs {
  serial: string
  source: SerialSource
}

// channel → [argument, answer]; verb first, kebab-case, one style everywhere
export interface KioskRequests {
  'get-app-info': [void, AppInfo]
  'get-session': [void, SessionSnapshot]
  'look-up-order': [LookUpOrderArgs, SessionSnapshot]
  'begin-payment': [void, SessionSnapshot]
  'cancel-payment': [void, SessionSnapshot]
  'confirm-payment': [ConfirmPaymentArgs, SessionSnapshot]
  'begin-printing': [void, SessionSnapshot]
  'enter-blank': [EnterBlankArgs, SessionSnapshot]
  'confirm-printed': [void, SessionSnapshot]
  'report-spoiled': [void, SessionSnapshot]
  'resume-session': [void, SessionSnapshot]
  'reset-session': [void, SessionSnapshot]
  'get-terminal': [void, TerminalSnapshot]
  // a touch that changed nothing in main (a digit on the keypad): the customer is still there
  'report-activity': [void, TerminalSnapshot]
  'wake-up': [void, TerminalSnapshot]
  'set-language': [SetLanguageArgs, TerminalSnapshot]
  'unlock-service': [UnlockServiceArgs, TerminalSnapshot]
  'close-service': [void, TerminalSnapshot]
  'get-service-view': [void, ServiceView]
  'save-settings': [SettingsChange, ServiceView]
  'print-test': [void, OperationResult]
  'load-stock': [LoadStockArgs, ServiceView]
  'remove-stock': [void, ServiceView]
  'print-shift-report': [void, OperationResult]
  'save-shift-report': [void, OperationResult]
  'close-shift': [void, ServiceView]
  'restart-app': [void, OperationResult]
}

export type RequestChannel = keyof KioskRequests

export interface KioskEvents {
  'session-changed': SessionSnapshot
  'terminal-changed': TerminalSnapshot
}

export const eventChannels = [
  'session-changed',
  'terminal-changed',
] as const satisfies readonly (keyof KioskEvents)[]

export type EventChannel = keyof KioskEvents

export type Unsubscribe = () => void

// window.kiosk: intents only, never a generic "send any channel"
export interface KioskApi {
  getAppInfo(): Promise<AppInfo>
  getSession(): Promise<SessionSnapshot>
  lookUpOrder(args: LookUpOrderArgs): Promise<SessionSnapshot>
  beginPayment(): Promise<SessionSnapshot>
  cancelPayment(): Promise<SessionSnapshot>
  confirmPayment(args: ConfirmPaymentArgs): Promise<SessionSnapshot>
  beginPrinting(): Promise<SessionSnapshot>
  enterBlank(args: EnterBlankArgs): Promise<SessionSnapshot>
  confirmPrinted(): Promise<SessionSnapshot>
  reportSpoiled(): Promise<SessionSnapshot>
  resumeSession(): Promise<SessionSnapshot>
  resetSession(): Promise<SessionSnapshot>
  getTerminal(): Promise<TerminalSnapshot>
  reportActivity(): Promise<TerminalSnapshot>
  wakeUp(): Promise<TerminalSnapshot>
  setLanguage(args: SetLanguageArgs): Promise<TerminalSnapshot>
  unlockService(args: UnlockServiceArgs): Promise<TerminalSnapshot>
  closeService(): Promise<TerminalSnapshot>
  getServiceView(): Promise<ServiceView>
  saveSettings(args: SettingsChange): Promise<ServiceView>
  printTest(): Promise<OperationResult>
  loadStock(args: LoadStockArgs): Promise<ServiceView>
  removeStock(): Promise<ServiceView>
  printShiftReport(): Promise<OperationResult>
  saveShiftReport(): Promise<OperationResult>
  closeShift(): Promise<ServiceView>
  restartApp(): Promise<OperationResult>
  onSessionChanged(listener: (snapshot: SessionSnapshot) => void): Unsubscribe
  onTerminalChanged(listener: (snapshot: TerminalSnapshot) => void): Unsubscribe
}

// which channel each method of KioskApi calls; the shells build window.kiosk from this table
export const kioskMethods = {
  getAppInfo: 'get-app-info',
  getSession: 'get-session',
  lookUpOrder: 'look-up-order',
  beginPayment: 'begin-payment',
  cancelPayment: 'cancel-payment',
  confirmPayment: 'confirm-payment',
  beginPrinting: 'begin-printing',
  enterBlank: 'enter-blank',
  confirmPrinted: 'confirm-printed',
  reportSpoiled: 'report-spoiled',
  resumeSession: 'resume-session',
  resetSession: 'reset-session',
  getTerminal: 'get-terminal',
  reportActivity: 'report-activity',
  wakeUp: 'wake-up',
  setLanguage: 'set-language',
  unlockService: 'unlock-service',
  closeService: 'close-service',
  getServiceView: 'get-service-view',
  saveSettings: 'save-settings',
  printTest: 'print-test',
  loadStock: 'load-stock',
  removeStock: 'remove-stock',
  printShiftReport: 'print-shift-report',
  saveShiftReport: 'save-shift-report',
  closeShift: 'close-shift',
  restartApp: 'restart-app',
} as const satisfies Record<
  Exclude<keyof KioskApi, 'onSessionChanged' | 'onTerminalChanged'>,
  RequestChannel
>

export const requestChannels = Object.values(kioskMethods)

export function isRequestChannel(value: unknown): value is RequestChannel {
  return typeof value === 'string' && (requestChannels as readonly string[]).includes(value)
}

// the answer of every request over a transport that cannot throw across it (WebSocket)
export type Reply<T> = { ok: true; value: T } | { ok: false; error: ErrorView }

export const emptySession: SessionSnapshot = {
  seq: 0,
  stage: 'start',
  activity: null,
  order: null,
  currentTicketId: null,
  currentSerial: null,
  retryable: false,
  error: null,
  notice: null,
}
