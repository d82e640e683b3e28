import { useActivity } from '../hooks'
import { useTranslation } from '../i18n'
import type { AppInfo, TicketView } from '../../../contract/kiosk'
import { formatEventDate, formatMoney } from '../format'

export function usePlaceText(): (ticket: TicketView) => string {
  const { t } = useTranslation()

  return (ticket) => {
    if (ticket.admission || ticket.row === null || ticket.seat === null) {
      return t('order.admission')
    }

    return t('order.rowSeat', { row: ticket.row, seat: ticket.seat })
  }
}

interface TicketTableProps {
  tickets: TicketView[]
  info: AppInfo
  showPrice?: boolean
}

export function TicketTable({ tickets, info, showPrice = true }: TicketTableProps) {
  const { t } = useTranslation()
  const placeText = usePlaceText()

  return (
    <div className="table-frame">
      <table data-testid="ticket-table" className="ticket-table">
        <thead>
          <tr>
            <th>{t('order.event')}</th>
            <th>{t('order.date')}</th>
            <th>{t('order.place')}</th>
            {showPrice && <th className="money">{t('order.price')}</th>}
            <th>{t('order.status')}</th>
          </tr>
        </thead>
        <tbody>
          {tickets.map((ticket) => (
            <tr
              key={ticket.id}
              data-testid="ticket-row"
              data-ticket-id={ticket.id}
              data-progress={ticket.progress}
            >
              <td>
                <div className="ticket-event">{ticket.event}</div>
                <div className="ticket-venue">{ticket.venue}</div>
              </td>
              <td>{formatEventDate(ticket.date, info.lang, info.timeZone)}</td>
              <td>
                <div>{ticket.sector}</div>
                <div className="ticket-place">{placeText(ticket)}</div>
              </td>
              {showPrice && <td className="money">{formatMoney(ticket.price, info.lang)}</td>}
              <td>
                <ProgressText ticket={ticket} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

export function ProgressText({ ticket }: { ticket: TicketView }) {
  const { t } = useTranslation()
  // "printing" with nothing running: the download or the print failed and waits for a decision
  const activity = useActivity()
  const stopped = ticket.progress === 'printing' && activity === null
  const progress = stopped ? 'stopped' : ticket.progress

  return (
    <div className={`progress progress-${progress}`}>
      <div>{t(`order.progress.${progress}`)}</div>
      {ticket.serial && (
        <div data-testid="ticket-serial" className="serial">
          {ticket.serial}
        </div>
      )}
      {ticket.spoiledSerials.length > 0 && (
        <div className="spoiled" title={ticket.spoiledSerials.join(', ')}>
          {t('order.spoiled', { count: ticket.spoiledSerials.length })}:{' '}
          {ticket.spoiledSerials.join(', ')}
        </div>
      )}
    </div>
  )
}

interface ProgressListProps {
  tickets: TicketView[]
  currentTicketId: number | null
}

export function ProgressList({ tickets, currentTicketId }: ProgressListProps) {
  const { t } = useTranslation()
  const placeText = usePlaceText()

  return (
    <section className="progress-list">
      <h2>{t('blank.progressTitle')}</h2>
      <ol>
        {tickets.map((ticket, index) => (
          <li
            key={ticket.id}
            data-testid="progress-item"
            data-ticket-id={ticket.id}
            data-progress={ticket.progress}
            className={ticket.id === currentTicketId ? 'current' : undefined}
          >
            <span className="progress-number">{index + 1}</span>
            <span className="progress-what">
              <span className="ticket-event">{ticket.event}</span>
              <span className="ticket-place">
                {ticket.sector}, {placeText(ticket)}
              </span>
            </span>
            <ProgressText ticket={ticket} />
          </li>
        ))}
      </ol>
    </section>
  )
}
