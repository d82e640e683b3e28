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
}

export type RequestChannel = keyof KioskRequests

export interface KioskEvents {
  'session-changed': SessionSnapshot
}

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
  onSessionChanged(listener: (snapshot: SessionSnapshot) => void): Unsubscribe
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
} as const satisfies Record<Exclude<keyof KioskApi, 'onSessionChanged'>, RequestChannel>

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
  error: null,
  notice: null,
}
