import { useEffect, useRef, useState } from 'react'
import { useTranslation } from '../i18n'
import type { AppInfo, SessionSnapshot } from '../../../contract/kiosk'
import { Keypad, keepFocus, type KeypadCommand } from '../components/Keypad'
import { Screen } from '../components/Screen'
import { appendAmountKey, computeChange, formatMoney, parseAmount } from '../format'
import { useBusy, useStrayKeys } from '../hooks'
import { send } from '../intents'

interface StageProps {
  info: AppInfo
  snapshot: SessionSnapshot
}

function amountTextOf(typed: string): string {
  return Array.from(typed).reduce(appendAmountKey, '')
}

function exactText(due: number): string {
  return String(due).replace('.', ',')
}

export function PaymentScreen({ info, snapshot }: StageProps) {
  const { t } = useTranslation()
  const busy = useBusy()
  const [text, setText] = useState('')
  const inputRef = useRef<HTMLInputElement>(null)
  const due = snapshot.order?.totals.total ?? 0
  const received = parseAmount(text)
  const change = computeChange(received, due)
  const canConfirm = change.enough && text.length > 0 && !busy

  useEffect(() => inputRef.current?.focus(), [])

  function confirm() {
    if (canConfirm) void send((kiosk) => kiosk.confirmPayment({ received }))
  }

  function press(key: KeypadCommand) {
    if (key === 'back') setText((value) => value.slice(0, -1))
    else if (key === 'clear') setText('')
    else setText((value) => appendAmountKey(value, key === 'point' ? ',' : key))
  }

  useStrayKeys((event) => {
    if (/^[0-9.,]$/.test(event.key)) setText((value) => appendAmountKey(value, event.key))
    else if (event.key === 'Backspace') press('back')
    else if (event.key === 'Enter') confirm()
    else return

    event.preventDefault()
    inputRef.current?.focus()
  })

  return (
    <Screen stage="payment" info={info} snapshot={snapshot}>
      <div className="payment-layout">
        <section className="payment-sums">
          <h1>{t('payment.title')}</h1>
          <div className="sum-line sum-due">
            <span>{t('payment.due')}</span>
            <strong data-testid="payment-due">{formatMoney(due, info.lang)}</strong>
          </div>
          <label className="field field-active">
            <span className="field-label">{t('payment.received')}</span>
            <input
              ref={inputRef}
              data-testid="payment-received"
              className="field-input field-money"
              inputMode="decimal"
              autoComplete="off"
              value={text}
              readOnly={busy}
              onChange={(e) => setText(amountTextOf(e.target.value))}
              onKeyDown={(e) => {
                if (e.key !== 'Enter') return

                e.preventDefault()
                confirm()
              }}
            />
          </label>
          <div className="sum-line sum-change">
            <span>{t('payment.change')}</span>
            <strong data-testid="payment-change">
              {formatMoney(change.enough ? change.change : 0, info.lang)}
            </strong>
          </div>
          {!change.enough && text.length > 0 && (
            <p data-testid="payment-missing" className="missing">
              {t('payment.missing', { amount: formatMoney(change.missing, info.lang) })}
            </p>
          )}
          <div className="actions">
            <button
              type="button"
              data-testid="payment-cancel"
              className="button button-secondary"
              disabled={busy}
              onClick={() => void send((kiosk) => kiosk.cancelPayment())}
            >
              {t('payment.cancel')}
            </button>
            <button
              type="button"
              data-testid="payment-confirm"
              className="button button-primary"
              disabled={!canConfirm}
              onClick={confirm}
            >
              {t('payment.confirm')}
            </button>
          </div>
        </section>
        <section className="payment-keys">
          <Keypad onKey={press} disabled={busy} withPoint />
          <button
            type="button"
            data-testid="payment-exact"
            className="button button-secondary button-block"
            disabled={busy}
            onMouseDown={keepFocus}
            onClick={() => setText(exactText(due))}
          >
            {t('payment.exact')}
          </button>
        </section>
      </div>
    </Screen>
  )
}
