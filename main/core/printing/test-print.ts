import { renderTicketPdf } from '../../poligon/documents'
import { seedOrders } from '../../poligon/seed'
import type { PoligonOrder } from '../../poligon/types'
import type { JobOutcome, Printer, PrinterProfile } from './printer'

export const testSerial = 'TEST000000'

// A ticket that cannot pass for a real one: the simulator's first seeded order, its customer
// replaced by a label and its blank by a serial no partner series uses.
function sampleOrder(): PoligonOrder {
  const seed = seedOrders[0]
  if (!seed) throw new Error('the simulator has no seed orders')

  const order = structuredClone(seed.order) as PoligonOrder
  order.name = 'ТЕСТОВАЯ ПЕЧАТЬ / TEST PRINT'
  for (const ticket of order.tickets) {
    ticket.blank = { seria: 'TEST', number: 0, number_str: '000000', defect: false }
  }

  return order
}

// The document /ticket/<token> would send for this profile, drawn by the simulator's maker.
export async function sampleTicketPdf(profile: PrinterProfile): Promise<Uint8Array> {
  const order = sampleOrder()
  const ticket = order.tickets[0]
  if (!ticket) throw new Error('the sample order has no ticket')

  return renderTicketPdf(order, ticket, {
    format: 'PDF',
    documentSize: [...profile.documentSize],
    ticketSize: [...profile.ticketSize],
    documentMargin: [...profile.documentMargin],
    ticketMargin: [...profile.ticketMargin],
    rotation: profile.rotation,
  })
}

// Prints the sample on the chosen printer and profile, followed to its end like a real ticket,
// so a cashier can check alignment and the barcode before spending a blank.
export async function printTestTicket(
  printer: Printer,
  profile: PrinterProfile,
): Promise<JobOutcome> {
  const readiness = await printer.checkReady()
  if (!readiness.ready) {
    return { status: 'failed', printer: printer.name, jobId: null, reason: readiness.reason }
  }

  const order = sampleOrder()
  const document = Buffer.from(await sampleTicketPdf(profile))

  return printer.print({
    document,
    profile,
    orderId: order.id,
    ticketId: order.tickets[0]?.id ?? 0,
    serial: testSerial,
  })
}
