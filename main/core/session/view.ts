import type { OrderView, TicketView } from '../../../contract/kiosk'
import { goodSerial, type ApiOrder, type ApiTicket } from '../api/schemas'

// What the screens may see of an order: money only from totals (the top-level amount is never
// passed on), and nothing the renderer does not show.
export function toOrderView(
  order: ApiOrder,
  spoiled: ReadonlyMap<number, readonly string[]>,
  printingTicketId: number | null,
): OrderView {
  return {
    id: order.id,
    customer: order.name ?? '',
    paid: order.paid,
    totals: { ...order.totals },
    tickets: order.tickets.map((ticket) =>
      toTicketView(ticket, spoiled.get(ticket.id) ?? [], ticket.id === printingTicketId),
    ),
  }
}

function toTicketView(
  ticket: ApiTicket,
  spoiled: readonly string[],
  printing: boolean,
): TicketView {
  const serial = goodSerial(ticket)
  const venue = ticket.subevent.venue

  return {
    id: ticket.id,
    event: ticket.subevent.title,
    venue: venue.title,
    address: venue.address ?? '',
    date: ticket.subevent.date,
    sector: ticket.sector?.title ?? '',
    row: ticket.admission ? null : ticket.row,
    seat: ticket.admission ? null : ticket.seat,
    admission: ticket.admission === true,
    price: ticket.price,
    progress: printing ? 'printing' : serial ? 'printed' : 'waiting',
    serial,
    spoiledSerials: [...spoiled],
  }
}
