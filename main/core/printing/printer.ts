// One Printer interface, three backends (DESIGN.md, "Printing"): pdf-folder for training and
// tests, cups for Linux kiosks, electron for Windows cashier PCs.

export type Pair = readonly [number, number]

// What is sent to /ticket/<token> and what the page is printed on come from one profile, so the
// document and the print always agree.
export interface PrinterProfile {
  id: string
  title: string
  // sheet size, mm
  documentSize: Pair
  // the ticket box on the sheet, mm
  ticketSize: Pair
  // offset of the printable area on the sheet, mm
  documentMargin: Pair
  // offset inside the ticket, mm
  ticketMargin: Pair
  // degrees, a multiple of 90
  rotation: number
  // printer resolution, dots per inch
  dpi: number
  // the media size used when printing, mm
  pageSize: Pair
}

export interface PrintJob {
  document: Buffer
  profile: PrinterProfile
  orderId: number
  ticketId: number
  serial: string
}

export type JobOutcome =
  | { status: 'completed'; printer: string; jobId: string }
  | { status: 'failed'; printer: string; jobId: string | null; reason: string }

export type Readiness = { ready: true } | { ready: false; reason: string }

export interface PrinterInfo {
  name: string
  ready: boolean
}

export interface Printer {
  readonly kind: 'pdf-folder' | 'cups' | 'electron'
  readonly name: string
  listPrinters(): Promise<PrinterInfo[]>
  // asked before a blank is assigned: a blank must not be spent on a printer that cannot print
  checkReady(): Promise<Readiness>
  print(job: PrintJob): Promise<JobOutcome>
}

export const profilePresets: Record<string, PrinterProfile> = {
  'thermal-80x150': {
    id: 'thermal-80x150',
    title: 'Термобланк 80×150 мм, 203 dpi',
    documentSize: [80, 150],
    ticketSize: [80, 150],
    documentMargin: [0, 0],
    ticketMargin: [4, 4],
    rotation: 0,
    dpi: 203,
    pageSize: [80, 150],
  },
  'thermal-80x150-300': {
    id: 'thermal-80x150-300',
    title: 'Термобланк 80×150 мм, 300 dpi',
    documentSize: [80, 150],
    ticketSize: [80, 150],
    documentMargin: [0, 0],
    ticketMargin: [4, 4],
    rotation: 0,
    dpi: 300,
    pageSize: [80, 150],
  },
  'a4-sheet': {
    id: 'a4-sheet',
    title: 'Лист A4, билет 80×150 мм, 300 dpi',
    documentSize: [210, 297],
    ticketSize: [80, 150],
    documentMargin: [10, 10],
    ticketMargin: [4, 4],
    rotation: 0,
    dpi: 300,
    pageSize: [210, 297],
  },
}

export const defaultProfileId = 'thermal-80x150'

// A backend that cannot work in this shell (electron outside Electron) still answers, so the
// session refuses every blank with the reason instead of the app failing to start.
export function createUnavailablePrinter(
  kind: Printer['kind'],
  name: string,
  reason: string,
): Printer {
  return {
    kind,
    name,
    listPrinters: async () => [{ name, ready: false }],
    checkReady: async () => ({ ready: false, reason }),
    print: async () => ({ status: 'failed', printer: name, jobId: null, reason }),
  }
}
