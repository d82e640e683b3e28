import { useState } from 'react'
import { useTranslation } from '../i18n'
import { describeError } from '../../../contract/errors'
import type { AppInfo, TerminalSnapshot } from '../../../contract/kiosk'
import { Keypad, type KeypadCommand } from '../components/Keypad'
import { localeOf } from '../format'
import { useStrayKeys } from '../hooks'
import { sendTerminal } from '../intents'
import { useSession } from '../store/session'
import { TrainingBanner } from '../components/TrainingBanner'

const maxPin = 8

export function PinScreen({
  info,
  terminal,
}: {
  info: AppInfo
  terminal: TerminalSnapshot | null
}) {
  const { t } = useTranslation()
  const [pin, setPin] = useState('')
  const error = useSession((s) => s.requestError)
  const lockedUntil = terminal?.service.lockedUntil ?? null

  function type(key: KeypadCommand) {
    if (key === 'back') setPin(pin.slice(0, -1))
    else if (key === 'clear') setPin('')
    else if (key !== 'point' && pin.length < maxPin) setPin(pin + key)
  }

  async function submit() {
    const entered = pin
    setPin('')
    await sendTerminal((kiosk) => kiosk.unlockService({ pin: entered }))
    if (useSession.getState().terminal?.service.open) useSession.setState({ operatorPrompt: false })
  }

  // a cashier's desk has a keyboard: its digits, Backspace and Enter work as the keypad does
  useStrayKeys((event) => {
    if (/^[0-9]$/.test(event.key)) type(event.key as KeypadCommand)
    else if (event.key === 'Backspace') type('back')
    else if (event.key === 'Enter' && pin.length > 0) void submit()
    else return

    event.preventDefault()
  })

  const time = (ms: number) =>
    new Intl.DateTimeFormat(localeOf(info.lang), { timeStyle: 'short' }).format(ms)

  return (
    <main data-testid="screen" data-screen="pin" className="screen screen-pin">
      <TrainingBanner training={info.training} />
      <header className="topbar">
        <span className="topbar-title">{t('pin.title')}</span>
      </header>
      <div className="content pin-layout">
        <section className="pin-form">
          <h1>{t('pin.hint')}</h1>
          <div data-testid="pin-dots" className="pin-dots" aria-label={t('pin.hint')}>
            {'●'.repeat(pin.length) || '\u00a0'}
          </div>
          {error && (
            <div data-testid="error-message" className="error-panel" role="alert">
              <span>{describeError({ code: error.code }, info.lang)}</span>
              {error.code === 'service-pin-wrong' && error.detail && (
                <span data-testid="pin-attempts">
                  {t('pin.attemptsLeft', { count: Number(error.detail) })}
                </span>
              )}
            </div>
          )}
          {lockedUntil !== null && (
            <p data-testid="pin-locked" className="hint hint-strong">
              {t('pin.lockedUntil', { time: time(lockedUntil) })}
            </p>
          )}
          <div className="actions">
            <button
              type="button"
              data-testid="pin-cancel"
              className="button button-secondary"
              onClick={() => useSession.setState({ operatorPrompt: false, requestError: null })}
            >
              {t('pin.cancel')}
            </button>
            <button
              type="button"
              data-testid="pin-submit"
              className="button button-primary"
              disabled={pin.length < 4 || lockedUntil !== null}
              onClick={() => void submit()}
            >
              {t('pin.submit')}
            </button>
          </div>
        </section>
        <Keypad onKey={type} disabled={lockedUntil !== null} />
      </div>
    </main>
  )
}
