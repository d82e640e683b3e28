import { useTranslation } from '../i18n'
import type { AppInfo, SessionSnapshot } from '../../../contract/kiosk'
import { isPrintStep, PrintProgress } from '../components/PrintProgress'
import { Screen } from '../components/Screen'
import { ProgressList } from '../components/Tickets'
import { useBusy } from '../hooks'
import { send } from '../intents'
import { CurrentTicket, currentTicketOf } from './BlankScreen'

interface StageProps {
  info: AppInfo
  snapshot: SessionSnapshot
}

export function CheckScreen({ info, snapshot }: StageProps) {
  const { t } = useTranslation()
  const busy = useBusy()
  const { ticket, number, total } = currentTicketOf(snapshot)
  const ticketLabel = t('order.ticketOf', { n: number, total })
  const serial = snapshot.currentSerial ?? ''
  const activity = snapshot.activity
  // the blank is assigned but its ticket did not come out (download or print failed)
  const printed = ticket?.progress === 'printed'

  return (
    <Screen stage="check" info={info} snapshot={snapshot}>
      <div className="blank-layout">
        <div className="blank-main">
          {ticket && <CurrentTicket ticket={ticket} label={ticketLabel} info={info} />}
          {isPrintStep(activity) ? (
            <PrintProgress activity={activity} serial={serial} ticketLabel={ticketLabel} />
          ) : (
            <section className="check-prompt">
              <h1>{t(printed ? 'check.title' : 'check.failedTitle', { serial })}</h1>
              <div data-testid="check-serial" className="serial serial-large">
                {serial}
              </div>
              <p className="hint">
                {t(
                  printed
                    ? 'check.hint'
                    : snapshot.retryable
                      ? 'check.failedHint'
                      : 'check.spentHint',
                )}
              </p>
              <div className="actions">
                <button
                  type="button"
                  data-testid="report-spoiled"
                  className="button button-danger"
                  disabled={busy}
                  onClick={() => void send((kiosk) => kiosk.reportSpoiled())}
                >
                  {t('check.spoiled')}
                </button>
                {printed ? (
                  <button
                    type="button"
                    data-testid="confirm-printed"
                    className="button button-primary"
                    disabled={busy}
                    onClick={() => void send((kiosk) => kiosk.confirmPrinted())}
                  >
                    {t('check.good')}
                  </button>
                ) : (
                  snapshot.retryable && (
                    <button
                      type="button"
                      data-testid="retry-print"
                      className="button button-primary"
                      disabled={busy}
                      onClick={() => void send((kiosk) => kiosk.resumeSession())}
                    >
                      {t('check.retry')}
                    </button>
                  )
                )}
              </div>
            </section>
          )}
        </div>
        <ProgressList
          tickets={snapshot.order?.tickets ?? []}
          currentTicketId={snapshot.currentTicketId}
        />
      </div>
    </Screen>
  )
}
