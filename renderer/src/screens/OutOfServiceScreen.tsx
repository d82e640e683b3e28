import { useTranslation } from '../i18n'
import { clearsByItself, type AppInfo, type OutOfService } from '../../../contract/kiosk'
import { OperatorCorner } from '../components/OperatorCorner'
import { TrainingBanner } from '../components/TrainingBanner'

export function OutOfServiceScreen({ info, cause }: { info: AppInfo; cause: OutOfService }) {
  const { t } = useTranslation()

  return (
    <main data-testid="screen" data-screen="out-of-service" className="screen screen-oos">
      <OperatorCorner />
      <TrainingBanner training={info.training} />
      <section className="oos-layout" role="alert">
        <div className="oos-mark" aria-hidden="true">
          !
        </div>
        <h1>{t('outOfService.title')}</h1>
        <p data-testid="oos-cause" className="oos-cause">
          {t(`outOfService.cause.${cause.cause}`, { detail: cause.detail ?? '' })}
        </p>
        <p data-testid="oos-hint" className="hint">
          {t(
            clearsByItself[cause.cause] ? 'outOfService.hint.itself' : 'outOfService.hint.operator',
          )}
        </p>
        <p data-testid="oos-code" className="oos-code">
          {t('outOfService.code', { code: cause.reason })}
        </p>
      </section>
    </main>
  )
}
