import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react'
import { useTranslation } from '../i18n'
import type { AppInfo, SessionSnapshot } from '../../../contract/kiosk'
import { Keypad, keepFocus, type KeypadCommand } from '../components/Keypad'
import { LanguageSwitch } from '../components/LanguageSwitch'
import { OperatorCorner } from '../components/OperatorCorner'
import { Screen } from '../components/Screen'
import { keepDigits } from '../format'
import { useBusy, useStrayKeys } from '../hooks'
import { send } from '../intents'

export const maxOrderLength = 12
export const maxPincodeLength = 8

type Field = 'order' | 'pincode'

interface StartProps {
  info: AppInfo
  snapshot: SessionSnapshot
}

export function StartScreen({ info, snapshot }: StartProps) {
  const { t } = useTranslation()
  const busy = useBusy()
  const [orderId, setOrderId] = useState('')
  const [pincode, setPincode] = useState('')
  const [active, setActive] = useState<Field>('order')
  const orderRef = useRef<HTMLInputElement>(null)
  const pincodeRef = useRef<HTMLInputElement>(null)
  const ready = orderId.length > 0 && pincode.length > 0 && !busy
  const kiosk = info.mode === 'kiosk'
  // a kiosk has no keyboard: the system's on-screen one must not cover the keypad
  const inputMode = kiosk ? 'none' : 'numeric'

  const focus = useCallback((field: Field) => {
    setActive(field)
    ;(field === 'order' ? orderRef : pincodeRef).current?.focus()
  }, [])

  useEffect(() => orderRef.current?.focus(), [])

  const submit = useCallback(() => {
    if (orderId.length === 0) return focus('order')

    if (pincode.length === 0) return focus('pincode')

    void send((kiosk) => kiosk.lookUpOrder({ orderId, pincode }))
  }, [focus, orderId, pincode])

  const type = useCallback(
    (key: KeypadCommand) => {
      const [value, setValue, max] =
        active === 'order'
          ? [orderId, setOrderId, maxOrderLength]
          : [pincode, setPincode, maxPincodeLength]

      if (key === 'back') setValue(value.slice(0, -1))
      else if (key === 'clear') setValue('')
      else if (key !== 'point') setValue(keepDigits(value + key, max))
    },
    [active, orderId, pincode],
  )

  function onFieldKey(field: Field, event: KeyboardEvent) {
    if (event.key !== 'Enter') return

    event.preventDefault()
    if (field === 'order') focus('pincode')
    else submit()
  }

  useStrayKeys(
    useCallback(
      (event: globalThis.KeyboardEvent) => {
        if (/^[0-9]$/.test(event.key)) type(event.key as KeypadCommand)
        else if (event.key === 'Backspace') type('back')
        else if (event.key === 'Enter') submit()
        else return

        event.preventDefault()
        focus(active)
      },
      [active, focus, submit, type],
    ),
  )

  return (
    <Screen stage="start" info={info} snapshot={snapshot}>
      {kiosk && <OperatorCorner />}
      <div className="start-layout">
        <section className="start-form">
          <LanguageSwitch current={info.lang} />
          <h1>{t('start.title')}</h1>
          <p className="hint">{t('start.hint')}</p>
          <label className={`field ${active === 'order' ? 'field-active' : ''}`}>
            <span className="field-label">{t('start.order')}</span>
            <input
              ref={orderRef}
              data-testid="order-input"
              className="field-input"
              inputMode={inputMode}
              autoComplete="off"
              value={orderId}
              maxLength={maxOrderLength}
              readOnly={busy}
              onFocus={() => setActive('order')}
              onChange={(e) => setOrderId(keepDigits(e.target.value, maxOrderLength))}
              onKeyDown={(e) => onFieldKey('order', e)}
            />
          </label>
          <label className={`field ${active === 'pincode' ? 'field-active' : ''}`}>
            <span className="field-label">{t('start.pincode')}</span>
            <input
              ref={pincodeRef}
              data-testid="pincode-input"
              className="field-input"
              type="password"
              inputMode={inputMode}
              autoComplete="off"
              value={pincode}
              maxLength={maxPincodeLength}
              readOnly={busy}
              onFocus={() => setActive('pincode')}
              onChange={(e) => setPincode(keepDigits(e.target.value, maxPincodeLength))}
              onKeyDown={(e) => onFieldKey('pincode', e)}
            />
          </label>
          <div className="actions">
            {active === 'order' && (
              <button
                type="button"
                data-testid="order-next"
                className="button button-secondary"
                disabled={busy || orderId.length === 0}
                onMouseDown={keepFocus}
                onClick={() => focus('pincode')}
              >
                {t('start.next')}
              </button>
            )}
            <button
              type="button"
              data-testid="lookup-submit"
              className="button button-primary"
              disabled={!ready}
              onClick={submit}
            >
              {t('start.submit')}
            </button>
          </div>
        </section>
        <Keypad onKey={type} disabled={busy} />
      </div>
    </Screen>
  )
}
