import type { MouseEvent } from 'react'
import { useTranslation } from '../i18n'

export type KeypadKey = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | 'point'
export type KeypadCommand = KeypadKey | 'back' | 'clear'

interface KeypadProps {
  onKey: (key: KeypadCommand) => void
  disabled: boolean
  withPoint?: boolean
}

const digits = ['1', '2', '3', '4', '5', '6', '7', '8', '9'] as const

// The field being typed into keeps the focus, so the physical keyboard and a scanner still
// reach it between taps.
export function keepFocus(event: MouseEvent) {
  event.preventDefault()
}

export function Keypad({ onKey, disabled, withPoint = false }: KeypadProps) {
  const { t } = useTranslation()

  function key(id: KeypadCommand, label: string, className = '') {
    return (
      <button
        key={id}
        type="button"
        data-testid={`key-${id}`}
        className={`keypad-key ${className}`}
        disabled={disabled}
        onMouseDown={keepFocus}
        onClick={() => onKey(id)}
      >
        {label}
      </button>
    )
  }

  return (
    <div className="keypad" role="group">
      {digits.map((digit) => key(digit, digit))}
      {withPoint ? key('point', t('keypad.point')) : <span className="keypad-gap" />}
      {key('0', '0')}
      {key('back', t('keypad.back'), 'keypad-command')}
      {key('clear', t('keypad.clear'), 'keypad-command keypad-wide')}
    </div>
  )
}
