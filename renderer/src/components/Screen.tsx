import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { describeError, type Lang } from '../../../contract/errors'
import type { AppInfo, Notice, SessionSnapshot, Stage } from '../../../contract/kiosk'
import { formatMoney } from '../format'
import { useActivity } from '../hooks'
import { useSession } from '../store/session'

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
  const error = requestError ?? snapshot.error

  return (
    <main
      data-testid="screen"
      data-screen={stage}
      className={`screen screen-${stage}`}
      aria-busy={activity !== null}
    >
      {info.training && (
        <div data-testid="training-banner" className="training-banner" role="note">
          {t('app.training')}
        </div>
      )}
      <header className="topbar">
        <span className="topbar-title">{t('app.title')}</span>
        {snapshot.order && (
          <span className="topbar-order">{t('order.number', { id: snapshot.order.id })}</span>
        )}
        <span className="topbar-mode">{t(`app.mode.${info.mode}`)}</span>
      </header>
      <div className="messages" aria-live="polite">
        {activity && <BusyLine text={t(`activity.${activity}`)} />}
        {error && !activity && (
          <div data-testid="error-message" className="error-panel" role="alert">
            <strong className="error-title">{t('error.title')}</strong>
            <span>{describeError(error, info.lang)}</span>
          </div>
        )}
        {snapshot.notice && !activity && <NoticeLine notice={snapshot.notice} lang={info.lang} />}
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
