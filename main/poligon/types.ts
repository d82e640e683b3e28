export type PoligonFlavour = 'polygon' | 'production'

export type PoligonEndpoint =
  | 'get_order_for_print'
  | 'get_order'
  | 'get_current_order'
  | 'payments/accept'
  | 'assign_bso'
  | 'mark_blank_defect'
  | 'ticket'

export type FaultKind =
  | 'delay'
  | 'drop-after'
  | 'drop-before'
  | 'bad-gateway'
  | 'reset'
  | 'malformed-json'
  | 'wrong-types'

export interface Fault {
  endpoint: PoligonEndpoint
  kind: FaultKind
  /** How many calls of the endpoint the fault hits; 1 when absent. */
  times?: number
  /** Only for `delay`: how long the answer is held back. */
  delayMs?: number
}

export interface PoligonOptions {
  /** 'polygon' (the default) or 'production' rules for pincodes and downloads. */
  flavour?: PoligonFlavour
  /** 0 (the default) picks a free port. */
  port?: number
  /** The `session` every call must carry; 'training-key' when absent. */
  partnerKey?: string
  /** Added to every answer, after the work is done. */
  latencyMs?: number
  /** Expose the /__poligon/* control endpoints; off when absent. */
  control?: boolean
  faults?: Fault[]
  /**
   * Where the orders are kept between runs (training mode's data folder): read on start,
   * written after every call that changed them. In memory only when absent.
   */
  worldFile?: string
}

/** What a restart must find as it was: the orders (paid, blanks) and every serial used. */
export interface PoligonWorld {
  orders: PoligonOrder[]
  usedSerials: string[]
}

export interface PoligonBlank {
  seria: string
  number: number
  number_str: string
  defect: boolean
}

export interface PoligonVenue {
  id: number
  title: string
  address: string
}

export interface PoligonSubevent {
  id: number
  title: string
  date: number
  age: number
  venue: PoligonVenue
}

export interface PoligonTicket {
  id: number
  barcode: string
  price: number
  commission: number
  row: string | null
  seat: string | null
  admission: boolean
  sector: { id: number; title: string }
  subevent: PoligonSubevent
  blank: PoligonBlank | null
  token: string | null
}

export interface PoligonOrder {
  id: number
  name: string
  status: number
  date: number
  subevents: unknown[]
  amount: number
  epay: boolean
  frontend_id: number
  eticket: boolean
  paid: boolean
  tickets: PoligonTicket[]
  totals: { amount: number; comission: number; total: number }
  is_mine: boolean
  formulaOrder: boolean
}

export interface PaymentRecord {
  orderId: number
  amount: number
  at: number
}

export interface AssignmentRecord {
  ticketId: number
  serial: string
  token: string
  at: number
}

export interface DefectRecord {
  ticketId: number
  serial: string
  at: number
}

export type DocumentFormat = 'PDF' | 'FOP'

export interface DownloadRecord {
  token: string
  ticketId: number
  at: number
  format: DocumentFormat
}

export interface CallRecord {
  endpoint: PoligonEndpoint
  /** The query as received, with `session` replaced by '***'. */
  params: Record<string, string>
  /** The outcome of the work; null when a fault stopped it before the work was done. */
  code: number | null
  /** The fault that hit this call, if any. */
  fault: FaultKind | null
  at: number
}

export interface PoligonState {
  orders: PoligonOrder[]
  payments: PaymentRecord[]
  assignments: AssignmentRecord[]
  defects: DefectRecord[]
  downloads: DownloadRecord[]
  calls: CallRecord[]
}

export interface Poligon {
  /** http://127.0.0.1:PORT, without a trailing slash. */
  url: string
  port: number
  flavour: PoligonFlavour
  partnerKey: string
  /** A deep copy: changing it changes nothing on the server. */
  state(): PoligonState
  injectFaults(faults: Fault[]): void
  clearFaults(): void
  /** Back to the seed orders, with no records and no faults. */
  reset(): void
  close(): Promise<void>
}
