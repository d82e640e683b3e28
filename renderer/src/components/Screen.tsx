import type { ReactNode } from 'react'
import { useTranslation } from '../i18n'
import { describeError, type Lang } from '../../../contract/errors'
import type { AppInfo, Notice, SessionSnapshot, Stage } from '../../../contract/kiosk'
import { formatMoney } from '../format'
import { useActivity } from '../hooks'
import { useSession } from '../store/session'
import { TrainingBanner } from './TrainingBanner'

interface ScreenProps {
  stage: Stage
  info: AppInfo
  snapshot: SessionSnapshot
  children: ReactNode
}

export function Screen({ stage, info, snapshot, children }: ScreenProps) {
  const { t } = useTranslation()
  const activity = useActivity()
  const requestError = useSession((s) => s.requestError)
  const stock = useSession((s) => s.terminal?.stock ?? null)
  const terminal = useSession((s) => s.terminal)
  const heldScan = useSession((s) => s.heldScan)
  const extraScan = useSession((s) => s.extraScan)
  const error = requestError ?? snapshot.error
  // a customer is told what to do next; the blank's fate is the operator's, in the journal
  const kiosk = info.mode === 'kiosk'

  return (
    <main
      data-testid="screen"
      data-screen={stage}
      className={`screen screen-${stage}`}
      aria-busy={activity !== null}
    >
      <TrainingBanner training={info.training} />
      <header className="topbar">
        <span className="topbar-title">{t('app.title')}</span>
        {snapshot.order && (
          <span className="topbar-order">{t('order.number', { id: snapshot.order.id })}</span>
        )}
        {/* the stack is the operator's business (the service screen shows it), not a customer's */}
        {stock && !kiosk && (
          <span
            data-testid="stock-badge"
            data-low={stock.low}
            className={`stock-badge ${stock.low ? 'stock-badge-low' : ''}`}
          >
            {t(stock.low ? 'kiosk.blanksLow' : 'kiosk.blanksLeft', { count: stock.left })}
          </span>
        )}
        <span className="topbar-mode">{t(`app.mode.${info.mode}`)}</span>
        {terminal && info.mode === 'cashier' && (
          <button
            type="button"
            data-testid="service-open"
            className="button button-secondary button-small"
            onClick={() => useSession.setState({ operatorPrompt: true, requestError: null })}
          >
            {t('service.open')}
          </button>
        )}
      </header>
      <div className="messages" aria-live="polite">
        {activity && <BusyLine text={t(`activity.${activity}`)} />}
        {error && !activity && (
          <div data-testid="error-message" className="error-panel" role="alert">
            <strong className="error-title">{t('error.title')}</strong>
            <span>{describeError(error, info.lang, kiosk ? 'customer' : 'cashier')}</span>
          </div>
        )}
        {snapshot.notice && !activity && !(kiosk && snapshot.notice.kind === 'blank-spoiled') && (
          <NoticeLine notice={snapshot.notice} lang={info.lang} />
        )}
        {heldScan && (
          <div data-testid="held-scan" className="notice-line" role="status">
            {heldScan.broken
              ? t('serial.broken-scan')
              : t(anotherTicketDue(snapshot) ? 'notice.scan-held' : 'notice.scan-held-last', {
                  serial: heldScan.serial ?? '',
                })}
          </div>
        )}
        {heldScan && extraScan && (
          <div data-testid="extra-scan" className="error-panel" role="alert">
            {t('notice.scan-extra', {
              serial: extraScan.serial ?? '',
              held: heldScan.serial ?? '',
            })}
          </div>
        )}
      </div>
      <div className="content">{children}</div>
    </main>
  )
}

function BusyLine({ text }: { text: string }) {
  return (
    <div data-testid="busy" className="busy-line" role="status">
      <span className="spinner" aria-hidden="true" />
      {text}
    </div>
  )
}

function NoticeLine({ notice, lang }: { notice: Notice; lang: Lang }) {
  const { t } = useTranslation()
  const text =
    notice.kind === 'payment-accepted'
      ? t('notice.payment-accepted', { amount: formatMoney(notice.amount, lang) })
      : notice.kind === 'blank-spoiled'
        ? t('notice.blank-spoiled', { serial: notice.serial })
        : notice.kind === 'check-blank'
          ? t('notice.check-blank', { serial: notice.serial })
          : notice.kind === 'serial-not-next'
            ? t('notice.serial-not-next', { serial: notice.serial, expected: notice.expected })
            : t('notice.reconciled')

  return (
    <div data-testid="notice" className="notice-line" role="status">
      {text}
    </div>
  )
}

export function Loading({ lang }: { lang: Lang }) {
  const { t } = useTranslation()
  const requestError = useSession((s) => s.requestError)

  return (
    <main data-testid="loading" className="screen screen-loading">
      {requestError ? (
        <div data-testid="error-message" className="error-panel" role="alert">
          <strong className="error-title">{t('error.title')}</strong>
          <span>{describeError(requestError, lang)}</span>
        </div>
      ) : (
        <div className="loading">{t('app.loading')}</div>
      )}
    </main>
  )
}

// a ticket other than the one on screen still waits for a blank
function anotherTicketDue(snapshot: SessionSnapshot): boolean {
  const tickets = snapshot.order?.tickets ?? []

  return tickets.some(
    (ticket) => ticket.id !== snapshot.currentTicketId && ticket.progress !== 'printed',
  )
}
