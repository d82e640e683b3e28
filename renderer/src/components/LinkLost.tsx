import { useTranslation } from '../i18n'
import { useSession } from '../store/session'

// Over whatever screen was showing when the web page lost its link to main: the cashier sees
// where the order stood, and that nothing on the screen answers until the link is back.
export function LinkLost() {
  const { t } = useTranslation()
  const restarted = useSession((s) => s.linkRestarted)

  return (
    <div data-testid="link-lost" className="link-lost" role="alertdialog" aria-modal="true">
      <div className="link-lost-panel">
        <h1>{t('link.title')}</h1>
        {restarted ? (
          <p data-testid="link-restarted">{t('link.restarted')}</p>
        ) : (
          <>
            <p>{t('link.hint')}</p>
            <p className="link-lost-waiting">
              <span className="spinner" aria-hidden="true" />
              {t('link.waiting')}
            </p>
          </>
        )}
      </div>
    </div>
  )
}
