import { useTranslation } from '../i18n'

// On every screen of a training run: these tickets are not real
export function TrainingBanner({ training }: { training: boolean }) {
  const { t } = useTranslation()

  if (!training) return null

  return (
    <div data-testid="training-banner" className="training-banner" role="note">
      {t('app.training')}
    </div>
  )
}
