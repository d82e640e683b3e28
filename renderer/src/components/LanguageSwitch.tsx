import { useTranslation } from '../i18n'
import type { Lang } from '../../../contract/errors'
import { sendTerminal } from '../intents'

const languages: { lang: Lang; label: string }[] = [
  { lang: 'ru', label: 'Русский' },
  { lang: 'en', label: 'English' },
]

// Each language is named in itself, so a customer who reads neither label's script still
// finds theirs.
export function LanguageSwitch({ current }: { current: Lang }) {
  const { t } = useTranslation()

  return (
    <div className="language-switch" role="group" aria-label={t('kiosk.language')}>
      {languages.map(({ lang, label }) => (
        <button
          key={lang}
          type="button"
          lang={lang}
          data-testid={`lang-${lang}`}
          className={`button ${lang === current ? 'button-primary' : 'button-secondary'}`}
          aria-pressed={lang === current}
          onClick={(event) => {
            event.stopPropagation()
            void sendTerminal((kiosk) => kiosk.setLanguage({ lang }))
          }}
        >
          {label}
        </button>
      ))}
    </div>
  )
}
