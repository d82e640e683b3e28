import { useTranslation } from '../i18n'
import type { AppInfo, SessionSnapshot, TicketView } from '../../../contract/kiosk'
import { Screen } from '../components/Screen'
import { usePlaceText } from '../components/Tickets'
import { useBusy } from '../hooks'
import { send } from '../intents'
import { OrderHeading } from './SummaryScreen'

interface StageProps {
  info: AppInfo
  snapshot: SessionSnapshot
}

export function RecoveryScreen({ info, snapshot }: StageProps) {
  const { t } = useTranslation()
  const busy = useBusy()
  const tickets = snapshot.order?.tickets ?? []
  const printed = tickets.filter((ticket) => ticket.progress === 'printed')
  // on its blank, but nobody said yet how the print came out: not "left to print"
  const checking = tickets.filter((ticket) => ticket.progress !== 'printed' && ticket.serial)
  const left = tickets.filter((ticket) => ticket.progress !== 'printed' && !ticket.serial)

  return (
    <Screen stage="recovery" info={info} snapshot={snapshot}>
      <div className="recovery-layout">
        <h1>{t('recovery.title')}</h1>
        <p className="hint">{t('recovery.hint')}</p>
        {snapshot.order && <OrderHeading order={snapshot.order} />}
        <div className="recovery-columns">
          <RecoveryList testId="recovery-printed" title={t('recovery.printed')} tickets={printed} />
          {checking.length > 0 && (
            <RecoveryList
              testId="recovery-checking"
              title={t('recovery.checking')}
              tickets={checking}
            />
          )}
          <RecoveryList testId="recovery-left" title={t('recovery.left')} tickets={left} />
        </div>
      </div>
      <div className="actions actions-bar">
        <button
          type="button"
          data-testid="handover-button"
          className="button button-secondary"
          disabled={busy && !snapshot.activity}
          onClick={() => void send((kiosk) => kiosk.resetSession(), { evenIfBusy: true })}
        >
          {t(info.mode === 'kiosk' ? 'recovery.handover' : 'recovery.later')}
        </button>
        <button
          type="button"
          data-testid="resume-button"
          className="button button-primary"
          disabled={busy}
          onClick={() => void send((kiosk) => kiosk.resumeSession())}
        >
          {t('recovery.resume')}
        </button>
      </div>
    </Screen>
  )
}

interface RecoveryListProps {
  testId: string
  title: string
  tickets: TicketView[]
}

function RecoveryList({ testId, title, tickets }: RecoveryListProps) {
  const { t } = useTranslation()
  const placeText = usePlaceText()

  return (
    <section data-testid={testId} className="recovery-list">
      <h2>
        {title}: {tickets.length}
      </h2>
      {tickets.length === 0 ? (
        <p className="hint">{t('recovery.none')}</p>
      ) : (
        <ul>
          {tickets.map((ticket) => (
            <li key={ticket.id} data-testid="ticket-row" data-progress={ticket.progress}>
              <span className="ticket-event">{ticket.event}</span>
              <span className="ticket-place">
                {ticket.sector}, {placeText(ticket)}
              </span>
              {ticket.serial && (
                <span data-testid="ticket-serial" className="serial">
                  {ticket.serial}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
