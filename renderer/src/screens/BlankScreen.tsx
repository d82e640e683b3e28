import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react'
import { useTranslation } from '../i18n'
import type { AppInfo, SessionSnapshot, TicketView } from '../../../contract/kiosk'
import { compileSerialPattern, defaultSerialPattern } from '../../../contract/serial'
import { AskAgain } from '../components/AskAgain'
import { keepFocus } from '../components/Keypad'
import { isPrintStep, PrintProgress } from '../components/PrintProgress'
import { Screen } from '../components/Screen'
import { ProgressList, usePlaceText } from '../components/Tickets'
import { formatEventDate } from '../format'
import { useBusy } from '../hooks'
import {
  judgeSerialEntry,
  readSerialEntry,
  type SerialEntry,
  type SerialRefusal,
} from '../input/burst'
import { readSerialField, serialFieldMark } from '../input/catcher'
import { send } from '../intents'
import { holdScan, useSession } from '../store/session'

interface StageProps {
  info: AppInfo
  snapshot: SessionSnapshot
}

export function currentTicketOf(snapshot: SessionSnapshot) {
  const tickets = snapshot.order?.tickets ?? []
  const index = tickets.findIndex((ticket) => ticket.id === snapshot.currentTicketId)

  return { ticket: tickets[index] ?? null, number: index + 1, total: tickets.length }
}

export function BlankScreen({ info, snapshot }: StageProps) {
  const { t } = useTranslation()
  const busy = useBusy()
  const { ticket, number, total } = currentTicketOf(snapshot)
  const ticketLabel = t('order.ticketOf', { n: number, total })
  const activity = snapshot.activity

  return (
    <Screen stage="blank" info={info} snapshot={snapshot}>
      <div className="blank-layout">
        <div className="blank-main">
          {ticket && <CurrentTicket ticket={ticket} label={ticketLabel} info={info} />}
          {isPrintStep(activity) ? (
            <PrintProgress
              activity={activity}
              serial={snapshot.currentSerial}
              ticketLabel={ticketLabel}
            />
          ) : info.mode === 'kiosk' ? (
            <KioskRetry busy={busy} canRetry={kioskMayRetry(snapshot)} />
          ) : (
            <SerialField info={info} busy={busy} snapshot={snapshot} />
          )}
        </div>
        <ProgressList
          tickets={snapshot.order?.tickets ?? []}
          currentTicketId={snapshot.currentTicketId}
        />
      </div>
    </Screen>
  )
}

// A kiosk takes its blanks from the stack: after a failed print the customer may only try
// again (on the next blank) or give up. Not when the stack is empty, nor when the server
// refused a blank of it: the same stack would be refused again, and the operator must look.
function kioskMayRetry(snapshot: SessionSnapshot): boolean {
  const code = snapshot.error?.code

  return code !== 'stock-empty' && code !== 'serial-rejected'
}

function KioskRetry({ busy, canRetry }: { busy: boolean; canRetry: boolean }) {
  const { t } = useTranslation()

  return (
    <section className="serial-prompt">
      <h1>{t('kiosk.retryTitle')}</h1>
      <div className="actions">
        <button
          type="button"
          data-testid="kiosk-cancel"
          className="button button-secondary"
          disabled={busy}
          onClick={() => void send((kiosk) => kiosk.resetSession(), { evenIfBusy: true })}
        >
          {t('kiosk.cancel')}
        </button>
        {canRetry && (
          <button
            type="button"
            data-testid="kiosk-retry"
            className="button button-primary"
            disabled={busy}
            onClick={() => void send((kiosk) => kiosk.beginPrinting())}
          >
            {t('kiosk.printAgain')}
          </button>
        )}
      </div>
    </section>
  )
}

interface CurrentTicketProps {
  ticket: TicketView
  label: string
  info: AppInfo
}

export function CurrentTicket({ ticket, label, info }: CurrentTicketProps) {
  const placeText = usePlaceText()

  return (
    <section data-testid="blank-ticket" className="current-ticket">
      <div className="current-ticket-label">{label}</div>
      <div className="ticket-event">{ticket.event}</div>
      <div className="ticket-venue">
        {ticket.venue} · {formatEventDate(ticket.date, info.lang, info.timeZone)}
      </div>
      <div className="ticket-place">
        {ticket.sector}, {placeText(ticket)}
      </div>
    </section>
  )
}

interface SerialFieldProps {
  info: AppInfo
  busy: boolean
  snapshot: SessionSnapshot
}

function SerialField({ info, busy, snapshot }: SerialFieldProps) {
  const { t } = useTranslation()
  const [text, setText] = useState('')
  const [refusal, setRefusal] = useState<SerialRefusal | null>(null)
  const inputRef = useRef<HTMLInputElement>(null)
  const pattern = useMemo(() => compileSerialPattern(info.serialPattern), [info.serialPattern])

  // a scan held for this field (input/catcher.ts): one that ended while the previous blank was
  // still on its way, or before this field was there at all
  const heldScan = useSession((s) => s.heldScan)
  const [leaving, setLeaving] = useState(false)

  // the field holds the focus even while busy (read-only then), so that a scanner's keys
  // always reach it
  useEffect(() => {
    inputRef.current?.focus()
    if (busy || leaving) return

    if (heldScan) {
      useSession.setState({ heldScan: null, extraScan: null })
      accept(heldScan)
    }
  })

  const refusalMessage =
    refusal === 'pattern' && info.serialPattern !== defaultSerialPattern
      ? t('serial.patternCustom', { pattern: info.serialPattern })
      : refusal && t(`serial.${refusal}`)

  function accept(entry: SerialEntry) {
    const verdict = judgeSerialEntry(entry, pattern)

    if (!verdict.ok) {
      setRefusal(verdict.reason)
      // the next scan or typing replaces a refused entry instead of piling up behind it
      if (verdict.source === 'scan') setText('')
      else inputRef.current?.select()
      return
    }

    setRefusal(null)
    setText('')
    void send((kiosk) => kiosk.enterBlank({ serial: verdict.serial, source: verdict.source }))
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'Enter') {
      event.preventDefault()
      const entry = readSerialField(event.timeStamp, event.currentTarget.value)
      // kept in the store, not here: this field may be gone by the time main is done; and
      // while the cashier is asked whether to leave the order, nothing is printed
      if (!busy && !leaving) accept(entry)
      else if (entry.source === 'scan') holdScan(entry)
    }
    // every other key is read by the catcher, which hears the whole page
  }

  // Losing the focus would send the next scan nowhere: take it back.
  function onBlur() {
    window.setTimeout(() => inputRef.current?.focus(), 0)
  }

  return (
    <section className="serial-prompt">
      <h1>{t('blank.title')}</h1>
      <p className="hint">{t('blank.hint')}</p>
      <label className="field field-active">
        <span className="field-label">{t('blank.label')}</span>
        <input
          ref={inputRef}
          {...{ [serialFieldMark]: '' }}
          data-testid="serial-input"
          className="field-input field-serial"
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          maxLength={32}
          value={text}
          readOnly={busy}
          aria-invalid={refusal !== null}
          aria-describedby={refusal ? 'serial-error' : undefined}
          onChange={(e) => {
            setText(e.target.value)
            setRefusal(null)
          }}
          onKeyDown={onKeyDown}
          onBlur={onBlur}
        />
      </label>
      {refusal && (
        <p id="serial-error" data-testid="serial-error" className="serial-error" role="alert">
          {refusalMessage}
        </p>
      )}
      <button
        type="button"
        data-testid="serial-submit"
        className="button button-primary"
        disabled={busy || leaving}
        onMouseDown={keepFocus}
        onClick={() => accept(readSerialEntry([], null, text))}
      >
        {t('blank.submit')}
      </button>
      <LeaveOrder busy={busy} snapshot={snapshot} asking={leaving} setAsking={setLeaving} />
    </section>
  )
}

// The customer left, the stack ran out, the printer is down: the cashier leaves the order
// between two tickets. What is printed stays given out (its blanks are on the server); the
// rest is printed later by looking the order up again. Asked twice: it ends the order.
interface LeaveOrderProps {
  busy: boolean
  snapshot: SessionSnapshot
  asking: boolean
  setAsking: (asking: boolean) => void
}

function LeaveOrder({ busy, snapshot, asking, setAsking }: LeaveOrderProps) {
  const { t } = useTranslation()
  const tickets = snapshot.order?.tickets ?? []
  const printed = tickets.filter((ticket) => ticket.progress === 'printed').length

  if (!asking) {
    return (
      <button
        type="button"
        data-testid="leave-order"
        className="button button-secondary button-leave"
        disabled={busy}
        onMouseDown={keepFocus}
        onClick={() => setAsking(true)}
      >
        {t('blank.leave')}
      </button>
    )
  }

  return (
    <AskAgain
      testId="leave"
      question={t('blank.leaveAsk', { printed, total: tickets.length })}
      stay={t('blank.stay')}
      yes={t('blank.leaveYes')}
      disabled={busy}
      onStay={() => setAsking(false)}
      onYes={() => void send((kiosk) => kiosk.resetSession())}
    />
  )
}
