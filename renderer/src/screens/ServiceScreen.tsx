import { useCallback, useEffect, useState, type KeyboardEvent, type ReactNode } from 'react'
import { useTranslation, type MessageKey, type Translate } from '../i18n'
import { describeError, type ErrorView, type Lang } from '../../../contract/errors'
import type {
  AppInfo,
  KioskApi,
  Mode,
  PrinterSetting,
  SerialSource,
  ServiceSettings,
  ServiceView,
  SettingsChange,
  TerminalSnapshot,
} from '../../../contract/kiosk'
import { AskAgain } from '../components/AskAgain'
import { Keypad, keepFocus, type KeypadCommand } from '../components/Keypad'
import { formatMoney, keepDigits, localeOf } from '../format'
import { readSerialField, serialFieldMark } from '../input/catcher'
import { errorOf, sendTerminal } from '../intents'
import { TrainingBanner } from '../components/TrainingBanner'

type Tab = 'stock' | 'report' | 'settings' | 'journal'

const tabs: Tab[] = ['stock', 'report', 'settings', 'journal']

interface Props {
  info: AppInfo
  terminal: TerminalSnapshot
}

// The operator's screen, behind the PIN. Everything on it comes from main's service view;
// the partner key appears only as "set" or "not set".
export function ServiceScreen({ info, terminal }: Props) {
  const { t } = useTranslation()
  const [tab, setTab] = useState<Tab>('stock')
  const [view, setView] = useState<ServiceView | null>(null)
  const [message, setMessage] = useState<string | null>(null)
  const [error, setError] = useState<ErrorView | null>(null)

  const run = useCallback(async <T,>(work: (kiosk: KioskApi) => Promise<T>) => {
    setError(null)
    setMessage(null)
    try {
      return await work(window.kiosk)
    } catch (reason) {
      setError(errorOf(reason))
      return null
    }
  }, [])

  // fetched again whenever main says the terminal changed (a stack loaded, a shift closed)
  useEffect(() => {
    let live = true
    window.kiosk.getServiceView().then(
      (fresh) => live && setView(fresh),
      (reason: unknown) => live && setError(errorOf(reason)),
    )

    return () => {
      live = false
    }
  }, [terminal.seq])

  async function act(work: (kiosk: KioskApi) => Promise<ServiceView>) {
    const fresh = await run(work)
    if (fresh) setView(fresh)
    return fresh
  }

  return (
    <main data-testid="screen" data-screen={`service-${tab}`} className="screen screen-service">
      <TrainingBanner training={info.training} />
      <header className="topbar">
        <span className="topbar-title">{t('service.title')}</span>
        <nav className="service-tabs">
          {tabs.map((id) => (
            <button
              key={id}
              type="button"
              data-testid={`service-tab-${id}`}
              className={`tab ${tab === id ? 'tab-active' : ''}`}
              onClick={() => {
                // what a tab said belongs to that tab
                setTab(id)
                setError(null)
                setMessage(null)
              }}
            >
              {t(`service.tabs.${id}`)}
            </button>
          ))}
        </nav>
        <button
          type="button"
          data-testid="service-close"
          className="button button-secondary button-small"
          onClick={() => void sendTerminal((kiosk) => kiosk.closeService())}
        >
          {t('service.close')}
        </button>
      </header>
      <div className="messages" aria-live="polite">
        {error && (
          <div data-testid="error-message" className="error-panel" role="alert">
            <strong className="error-title">{t('error.title')}</strong>
            <span>{describeServiceError(error, info.lang, t)}</span>
          </div>
        )}
        {message && (
          <div data-testid="service-message" className="notice-line" role="status">
            {message}
          </div>
        )}
      </div>
      <div className="content service-content">
        {view && tab === 'stock' && (
          <StockTab
            view={view}
            onLoad={(firstSerial, count, source) =>
              act((k) => k.loadStock({ firstSerial, count, source }))
            }
            onRemove={() => act((k) => k.removeStock())}
            onTestPrint={async () => {
              const result = await run((k) => k.printTest())
              if (result?.ok) setMessage(t('service.stock.testPrinted'))
              else if (result) setError({ code: 'printer-failed', detail: result.detail ?? '' })
            }}
          />
        )}
        {view && tab === 'report' && (
          <ReportTab
            view={view}
            lang={info.lang}
            timeZone={info.timeZone}
            onPrint={async () => {
              const result = await run((k) => k.printShiftReport())
              if (result?.ok) setMessage(t('service.report.printed'))
              else if (result) setError({ code: 'printer-failed', detail: result.detail ?? '' })
            }}
            onSave={async () => {
              const result = await run((k) => k.saveShiftReport())
              if (result?.ok) setMessage(t('service.report.saved', { path: result.detail }))
            }}
            onClose={async () => {
              if (await act((k) => k.closeShift())) setMessage(t('service.report.closed'))
            }}
          />
        )}
        {view && tab === 'settings' && (
          <SettingsTab
            settings={view.settings}
            invalidField={invalidFieldOf(error)}
            onSave={async (change) => {
              if (await act((k) => k.saveSettings(change))) {
                setMessage(t('service.settings.saved'))
              }
            }}
            onRestart={() => void run((k) => k.restartApp())}
          />
        )}
        {view && tab === 'journal' && (
          <JournalTab view={view} lang={info.lang} timeZone={info.timeZone} />
        )}
      </div>
    </main>
  )
}

function StockTab(props: {
  view: ServiceView
  onLoad: (firstSerial: string, count: number, source: SerialSource) => Promise<unknown>
  onRemove: () => Promise<unknown>
  onTestPrint: () => Promise<void>
}) {
  const { t } = useTranslation()
  const stock = props.view.stock
  const [serial, setSerial] = useState('')
  // a scanned first blank is shown in Latin letters, read from the keys, whatever the layout
  const [source, setSource] = useState<SerialSource>('typed')
  const [count, setCount] = useState('')

  function onSerialKey(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key !== 'Enter') return

    event.preventDefault()
    const entry = readSerialField(event.timeStamp, event.currentTarget.value)
    if (entry.source !== 'scan') return

    setSerial(entry.serial ?? '')
    setSource('scan')
  }

  function type(key: KeypadCommand) {
    if (key === 'back') setCount(count.slice(0, -1))
    else if (key === 'clear') setCount('')
    else if (key !== 'point') setCount(keepDigits(count + key, 5))
  }

  async function load() {
    const loaded = await props.onLoad(serial, Number(count), source)
    if (loaded) {
      setSerial('')
      setCount('')
    }
  }

  return (
    <div className="service-columns">
      <section className="service-card" data-testid="stock-current">
        <h2>{t('service.stock.current')}</h2>
        {stock ? (
          <>
            <p className="service-figure" data-testid="stock-range">
              {t('service.stock.range', { first: stock.firstSerial, last: stock.lastSerial })}
            </p>
            <p data-testid="stock-figures">
              {t('service.stock.figures', {
                count: stock.count,
                used: stock.used,
                spoiled: stock.spoiled,
                left: stock.left,
              })}
            </p>
            {stock.nextSerial && (
              <p className="serial">{t('service.stock.next', { serial: stock.nextSerial })}</p>
            )}
            {stock.low && (
              <p data-testid="stock-low" className="hint hint-strong">
                {t('service.stock.low')}
              </p>
            )}
            <button
              type="button"
              data-testid="stock-remove"
              className="button button-secondary"
              onClick={() => void props.onRemove()}
            >
              {t('service.stock.remove')}
            </button>
          </>
        ) : (
          <p data-testid="stock-none" className="hint">
            {t('service.stock.none')}
          </p>
        )}
        <button
          type="button"
          data-testid="test-print"
          className="button button-secondary"
          onClick={() => void props.onTestPrint()}
        >
          {t('service.stock.testPrint')}
        </button>
      </section>
      <section className="service-card service-load">
        <h2>{t('service.stock.loadTitle')}</h2>
        <label className="field field-compact">
          <span className="field-label">{t('service.stock.firstSerial')}</span>
          <input
            data-testid="stock-serial"
            {...{ [serialFieldMark]: '' }}
            className="field-input field-serial"
            autoComplete="off"
            spellCheck={false}
            maxLength={32}
            value={serial}
            onChange={(e) => {
              setSerial(e.target.value)
              setSource('typed')
            }}
            onKeyDown={onSerialKey}
          />
        </label>
        <label className="field field-compact field-active">
          <span className="field-label">{t('service.stock.count')}</span>
          <input
            data-testid="stock-count"
            className="field-input"
            inputMode="none"
            readOnly
            value={count}
          />
        </label>
        <div className="service-load-row">
          <Keypad onKey={type} disabled={false} />
          <button
            type="button"
            data-testid="stock-load"
            className="button button-primary"
            disabled={serial.trim() === '' || Number(count) < 1}
            onMouseDown={keepFocus}
            onClick={() => void load()}
          >
            {stock ? t('service.stock.replace') : t('service.stock.load')}
          </button>
        </div>
      </section>
    </div>
  )
}

function ReportTab(props: {
  view: ServiceView
  lang: Lang
  timeZone: string
  onPrint: () => Promise<void>
  onSave: () => Promise<void>
  onClose: () => Promise<void>
}) {
  const { t } = useTranslation()
  // closing a shift ends its figures: asked once more
  const [closing, setClosing] = useState(false)
  const report = props.view.report
  const when = (iso: string) => formatTime(iso, props.lang, props.timeZone)
  const rows: [string, string, ReactNode][] = [
    [
      'report-payments',
      t('service.report.payments'),
      `${report.payments.count} · ${formatMoney(report.payments.amount, props.lang)}`,
    ],
    ['report-tickets', t('service.report.tickets'), report.ticketsPrinted],
    ['report-used', t('service.report.used'), report.blanksUsed],
    ['report-spoiled', t('service.report.spoiled'), report.blanksSpoiled],
    ['report-left', t('service.report.left'), report.blanksLeft ?? t('service.report.noStack')],
  ]

  return (
    <div className="service-columns">
      <section className="service-card">
        <h2>{t('service.report.title')}</h2>
        <p data-testid="report-opened" className="hint">
          {report.openedAt
            ? t('service.report.opened', { at: when(report.openedAt) })
            : t('service.report.notOpened')}
        </p>
        <dl className="report-figures">
          {rows.map(([id, label, value]) => (
            <div key={id}>
              <dt>{label}</dt>
              <dd data-testid={id}>{value}</dd>
            </div>
          ))}
        </dl>
        <div className="actions">
          <button
            type="button"
            data-testid="report-print"
            className="button button-secondary"
            onClick={() => void props.onPrint()}
          >
            {t('service.report.print')}
          </button>
          <button
            type="button"
            data-testid="report-save"
            className="button button-secondary"
            onClick={() => void props.onSave()}
          >
            {t('service.report.save')}
          </button>
          {!closing && (
            <button
              type="button"
              data-testid="report-close-shift"
              className="button button-danger"
              onClick={() => setClosing(true)}
            >
              {t('service.report.closeShift')}
            </button>
          )}
        </div>
        {closing && (
          <AskAgain
            testId="close-shift"
            question={t('service.report.closeAsk')}
            stay={t('service.report.closeCancel')}
            yes={t('service.report.closeYes')}
            onStay={() => setClosing(false)}
            onYes={() => {
              setClosing(false)
              void props.onClose()
            }}
          />
        )}
      </section>
      <section className="service-card">
        <h2>{t('service.report.spoiledList')}</h2>
        {report.spoiled.length === 0 ? (
          <p className="hint">{t('service.report.none')}</p>
        ) : (
          <ul className="spoiled-list" data-testid="report-spoiled-list">
            {report.spoiled.map((blank) => (
              <li key={`${blank.serial}-${blank.at}`} data-testid="report-spoiled-serial">
                <span className="serial">{blank.serial}</span>
                <span>{t('service.report.order', { id: blank.orderId ?? '—' })}</span>
                <span className="hint">{when(blank.at)}</span>
              </li>
            ))}
          </ul>
        )}
        {report.removed.length > 0 && (
          <>
            <h2>{t('service.report.removedList')}</h2>
            <ul className="spoiled-list" data-testid="report-removed-list">
              {report.removed.map((stack) => (
                <li key={stack.at} data-testid="report-removed">
                  <span className="serial">{stack.serials.join(', ')}</span>
                  <span className="hint">{when(stack.at)}</span>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
    </div>
  )
}

function SettingsTab(props: {
  settings: ServiceSettings
  invalidField: keyof SettingsChange | undefined
  onSave: (change: SettingsChange) => Promise<void>
  onRestart: () => void
}) {
  const { t } = useTranslation()
  const s = props.settings
  const [apiUrl, setApiUrl] = useState(s.apiUrl)
  const [partnerKey, setPartnerKey] = useState('')
  const [mode, setMode] = useState<Mode>(s.mode)
  const [printer, setPrinter] = useState<PrinterSetting>(s.printer)
  const [profile, setProfile] = useState(s.profile)
  const [serialPattern, setSerialPattern] = useState(s.serialPattern)
  const [lang, setLang] = useState<Lang>(s.lang)
  const [timeZone, setTimeZone] = useState(s.timeZone)
  const [idleSeconds, setIdleSeconds] = useState(String(s.idleSeconds))
  const [stockLowAt, setStockLowAt] = useState(String(s.stockLowAt))
  const [autoStart, setAutoStart] = useState(s.autoStart)
  const target =
    printer.kind === 'cups'
      ? printer.queue
      : printer.kind === 'electron'
        ? printer.device
        : (printer.dir ?? '')

  function setTarget(value: string) {
    if (printer.kind === 'cups') setPrinter({ kind: 'cups', queue: value })
    else if (printer.kind === 'electron') setPrinter({ kind: 'electron', device: value })
    else setPrinter(value ? { kind: 'pdf-folder', dir: value } : { kind: 'pdf-folder' })
  }

  function setKind(kind: PrinterSetting['kind']) {
    setPrinter(
      kind === 'cups'
        ? { kind, queue: target || 'tickets' }
        : kind === 'electron'
          ? { kind, device: target || 'ticket-printer' }
          : { kind },
    )
  }

  function save() {
    const change: SettingsChange = {
      mode,
      printer,
      profile,
      serialPattern,
      lang,
      timeZone,
      idleSeconds: wholeNumber(idleSeconds),
      stockLowAt: wholeNumber(stockLowAt),
      autoStart,
    }
    if (apiUrl !== s.apiUrl) change.apiUrl = apiUrl
    if (partnerKey !== '') change.partnerKey = partnerKey
    setPartnerKey('')
    void props.onSave(change)
  }

  // the field main refused, outlined, with the reason in the error panel above the form
  const fieldClass = (field: keyof SettingsChange) =>
    `field field-compact${props.invalidField === field ? ' field-invalid' : ''}`

  const text = (
    id: string,
    field: keyof SettingsChange,
    label: string,
    value: string,
    set: (v: string) => void,
    type = 'text',
  ) => (
    <label className={fieldClass(field)}>
      <span className="field-label">{label}</span>
      <input
        data-testid={`setting-${id}`}
        className="field-input"
        aria-invalid={props.invalidField === field}
        type={type}
        autoComplete="off"
        spellCheck={false}
        value={value}
        onChange={(e) => set(e.target.value)}
      />
    </label>
  )

  return (
    <div className="service-settings">
      {s.training && <p className="hint hint-strong">{t('service.settings.training')}</p>}
      <div className="settings-grid">
        {text('api-url', 'apiUrl', t('service.settings.apiUrl'), apiUrl, setApiUrl)}
        <label className={fieldClass('partnerKey')}>
          <span className="field-label">{t('service.settings.partnerKey')}</span>
          <input
            data-testid="setting-partner-key"
            className="field-input"
            type="password"
            autoComplete="off"
            placeholder={
              s.partnerKey === 'set'
                ? t('service.settings.keySet')
                : t('service.settings.keyNotSet')
            }
            value={partnerKey}
            onChange={(e) => setPartnerKey(e.target.value)}
          />
        </label>
        <label className={fieldClass('mode')}>
          <span className="field-label">{t('service.settings.mode')}</span>
          <select
            data-testid="setting-mode"
            className="field-input"
            value={mode}
            onChange={(e) => setMode(e.target.value as Mode)}
          >
            <option value="cashier">{t('app.mode.cashier')}</option>
            <option value="kiosk">{t('app.mode.kiosk')}</option>
          </select>
        </label>
        <label className={fieldClass('printer')}>
          <span className="field-label">{t('service.settings.printer')}</span>
          <select
            data-testid="setting-printer"
            className="field-input"
            value={printer.kind}
            onChange={(e) => setKind(e.target.value as PrinterSetting['kind'])}
          >
            <option value="pdf-folder">pdf-folder</option>
            <option value="cups">cups</option>
            <option value="electron">electron</option>
          </select>
        </label>
        {text('printer-target', 'printer', t('service.settings.printerTarget'), target, setTarget)}
        <label className={fieldClass('profile')}>
          <span className="field-label">{t('service.settings.profile')}</span>
          <select
            data-testid="setting-profile"
            className="field-input"
            value={profile}
            onChange={(e) => setProfile(e.target.value)}
          >
            {s.profiles.map((id) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))}
          </select>
        </label>
        {text(
          'serial-pattern',
          'serialPattern',
          t('service.settings.serialPattern'),
          serialPattern,
          setSerialPattern,
        )}
        <label className={fieldClass('lang')}>
          <span className="field-label">{t('service.settings.lang')}</span>
          <select
            data-testid="setting-lang"
            className="field-input"
            value={lang}
            onChange={(e) => setLang(e.target.value as Lang)}
          >
            <option value="ru">Русский</option>
            <option value="en">English</option>
          </select>
        </label>
        {text('time-zone', 'timeZone', t('service.settings.timeZone'), timeZone, setTimeZone)}
        {text(
          'idle-seconds',
          'idleSeconds',
          t('service.settings.idleSeconds'),
          idleSeconds,
          setIdleSeconds,
          'number',
        )}
        {text(
          'stock-low-at',
          'stockLowAt',
          t('service.settings.stockLowAt'),
          stockLowAt,
          setStockLowAt,
          'number',
        )}
        <label className="field field-compact field-check">
          <input
            data-testid="setting-auto-start"
            type="checkbox"
            checked={autoStart}
            onChange={(e) => setAutoStart(e.target.checked)}
          />
          <span className="field-label">{t('service.settings.autoStart')}</span>
        </label>
      </div>
      <div className="actions">
        <button
          type="button"
          data-testid="settings-restart"
          className="button button-secondary"
          onClick={props.onRestart}
        >
          {t('service.settings.restart')}
        </button>
        <button
          type="button"
          data-testid="settings-save"
          className="button button-primary"
          onClick={save}
        >
          {t('service.settings.save')}
        </button>
      </div>
    </div>
  )
}

function JournalTab({ view, lang, timeZone }: { view: ServiceView; lang: Lang; timeZone: string }) {
  const { t } = useTranslation()

  return (
    <section className="service-card service-journal">
      <h2>{t('service.journal.title')}</h2>
      <div className="table-frame">
        <table className="ticket-table journal-table" data-testid="journal-table">
          <thead>
            <tr>
              <th>{t('service.journal.at')}</th>
              <th>{t('service.journal.step')}</th>
              <th>{t('service.journal.what')}</th>
            </tr>
          </thead>
          <tbody>
            {view.journal.map((line) => (
              <tr key={line.seq} data-testid="journal-line">
                <td>{formatTime(line.at, lang, timeZone)}</td>
                <td>{stepWords(line.step, t)}</td>
                <td>
                  {[
                    line.orderId && `#${line.orderId}`,
                    line.ticketId && `→ ${line.ticketId}`,
                    line.serial,
                    line.amount !== undefined && formatMoney(line.amount, lang),
                    line.count !== undefined && `× ${line.count}`,
                    line.reason,
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}

function formatTime(iso: string, lang: Lang, timeZone: string): string {
  return new Intl.DateTimeFormat(localeOf(lang), {
    timeZone,
    day: '2-digit',
    month: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).format(new Date(iso))
}

const settingFields: readonly (keyof SettingsChange)[] = [
  'apiUrl',
  'partnerKey',
  'mode',
  'printer',
  'profile',
  'serialPattern',
  'lang',
  'timeZone',
  'idleSeconds',
  'stockLowAt',
  'autoStart',
]

function invalidFieldOf(error: ErrorView | null): keyof SettingsChange | undefined {
  if (error?.code !== 'setting-invalid') return undefined

  return settingFields.find((field) => field === error.detail)
}

// A refused setting is named by its label on the form and said what fits there; every other
// failure in the operator's words of contract/errors.ts.
function describeServiceError(error: ErrorView, lang: Lang, t: Translate): string {
  const field = invalidFieldOf(error)
  if (!field) return describeError(error, lang)

  return t('service.settings.invalid', {
    field: t(`service.settings.${field}`),
    rule: t(`service.settings.rules.${field}`),
  })
}

// An empty field is no number: Number('') would save 0 and turn the warning off unseen.
// NaN is refused by main, which names the field.
function wholeNumber(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text)
}

// A step in words; one this version does not know (a newer journal) as it is written.
function stepWords(step: string, t: Translate): string {
  const key = `service.journal.steps.${step}` as MessageKey
  const words = t(key)

  return words === key ? step : words
}
