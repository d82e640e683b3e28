import { useTranslation } from '../i18n'
import type { AppInfo, SessionSnapshot } from '../../../contract/kiosk'
import { Screen } from '../components/Screen'
import { TicketTable } from '../components/Tickets'
import { useBusy } from '../hooks'
import { send } from '../intents'

interface StageProps {
  info: AppInfo
  snapshot: SessionSnapshot
}

export function DoneScreen({ info, snapshot }: StageProps) {
  const { t } = useTranslation()
  const busy = useBusy()

  return (
    <Screen stage="done" info={info} snapshot={snapshot}>
      <section data-testid="done-screen" className="done-layout">
        <h1 className="done-title">
          <span className="done-mark" aria-hidden="true">
            ✓
          </span>
          {info.mode === 'kiosk' ? t('kiosk.done') : t('done.title')}
        </h1>
        <p className="hint">{info.mode === 'kiosk' ? t('kiosk.doneHint') : t('done.hint')}</p>
        {snapshot.order && (
          <TicketTable tickets={snapshot.order.tickets} info={info} showPrice={false} />
        )}
      </section>
      <div className="actions actions-bar">
        <button
          type="button"
          data-testid="new-order"
          className="button button-primary"
          disabled={busy}
          onClick={() => void send((kiosk) => kiosk.resetSession(), { evenIfBusy: true })}
        >
          {info.mode === 'kiosk' ? t('kiosk.finish') : t('done.next')}
        </button>
      </div>
    </Screen>
  )
}
