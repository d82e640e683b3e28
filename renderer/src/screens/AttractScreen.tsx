import { useTranslation } from '../i18n'
import type { AppInfo } from '../../../contract/kiosk'
import { LanguageSwitch } from '../components/LanguageSwitch'
import { OperatorCorner } from '../components/OperatorCorner'
import { sendTerminal } from '../intents'
import { TrainingBanner } from '../components/TrainingBanner'

export function AttractScreen({ info }: { info: AppInfo }) {
  const { t } = useTranslation()

  return (
    <main
      data-testid="screen"
      data-screen="attract"
      className="screen screen-attract"
      onClick={() => void sendTerminal((kiosk) => kiosk.wakeUp())}
    >
      <OperatorCorner />
      <TrainingBanner training={info.training} />
      <section className="attract-layout">
        <div className="attract-mark" aria-hidden="true" />
        <h1 className="attract-title">{t('kiosk.attractTitle')}</h1>
        <p className="attract-steps">{t('kiosk.attractSteps')}</p>
        <button
          type="button"
          data-testid="attract-start"
          className="button button-primary attract-button"
        >
          {t('kiosk.attractHint')}
        </button>
        <LanguageSwitch current={info.lang} />
      </section>
    </main>
  )
}
