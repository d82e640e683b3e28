import { mkdirSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import type {
  JournalLine,
  LoadStockArgs,
  OperationResult,
  ServiceSettings,
  ServiceView,
  SettingsChange,
} from '../../../contract/kiosk'
import { checkSerial, compileSerialPattern, normalizeTypedSerial } from '../../../contract/serial'
import { loadSettings, saveSettingsChange, SettingsError, type Settings } from '../config/settings'
import { KioskError } from '../errors'
import type { Journal, JournalRecord } from '../journal/journal'
import { silentLogger, type Logger } from '../log'
import { profilePresets, type Printer } from '../printing/printer'
import { printTestTicket } from '../printing/test-print'
import { operatorSession } from '../session/recovery'
import type { Ledger } from './ledger'
import { serialAt } from './ledger'
import { reportLines, reportPdf } from './report'

export interface ServiceDeskOptions {
  settings: Settings
  env: NodeJS.ProcessEnv
  journal: Journal
  ledger: Ledger
  printer: Printer
  logger?: Logger
  now?: () => Date
  // the Electron shell can start the app again; the web shell cannot
  restart?: () => void
  // no order is open (the journal is rotated only then)
  sessionIdle?: () => boolean
}

const journalLines = 40
const maxStack = 10_000

// What the operator does on the service screen, behind the PIN (service.ts checks the lock).
// Stock and shift changes are journal records, so the ledger and a restart see them alike.
export class ServiceDesk {
  private readonly log: Logger
  private restartNeeded = false

  constructor(private readonly options: ServiceDeskOptions) {
    this.log = options.logger ?? silentLogger
  }

  view(): ServiceView {
    const saved = loadSettings(this.options.settings.dataDir, this.options.env)

    return {
      settings: settingsView(saved),
      restartNeeded: this.restartNeeded,
      stock: this.options.ledger.stock(),
      journal: this.recentJournal(),
      report: this.options.ledger.report(),
    }
  }

  saveSettings(change: SettingsChange): ServiceView {
    const { settings, env } = this.options
    try {
      saveSettingsChange(settings.dataDir, env, change)
    } catch (error) {
      // the form's field that holds the value, so the screen can point at it; nothing saved
      const field = error instanceof SettingsError ? formFieldOf(error.path) : undefined
      if (field) throw new KioskError('setting-invalid', { detail: field, cause: error })
      throw error
    }
    this.restartNeeded = true

    const changed = Object.keys(change).filter((k) => k !== 'partnerKey')
    if (change.partnerKey !== undefined) changed.push('partnerKey (replaced)')
    this.log.info('settings saved from the service screen', { changed: changed.join(', ') })

    return this.view()
  }

  // The operator scans the first blank of the stack and keys in how many there are. A stack
  // still in the printer is recorded as replaced, with what was left in it.
  loadStock(args: LoadStockArgs): ServiceView {
    const pattern = compileSerialPattern(this.options.settings.serialPattern)
    const first = normalizeTypedSerial(args.firstSerial)
    const check = checkSerial(first, pattern)
    if (!check.ok) throw new KioskError('serial-invalid', { detail: check.reason })

    const last = serialAt(first, args.count - 1)
    if (!Number.isInteger(args.count) || args.count < 1 || args.count > maxStack || !last) {
      throw new KioskError('stock-invalid', { detail: `count ${args.count}` })
    }
    if (!pattern.test(last)) throw new KioskError('stock-invalid', { detail: `last ${last}` })

    this.endStack('replaced')
    this.record({ step: 'stock-loaded', serial: first, count: args.count })
    this.log.info(`stack of ${args.count} blanks loaded: ${first}…${last}`)

    return this.view()
  }

  removeStock(): ServiceView {
    if (!this.endStack('removed')) throw new KioskError('wrong-stage', { detail: 'no stack' })

    return this.view()
  }

  async printTest(): Promise<OperationResult> {
    const outcome = await printTestTicket(this.options.printer, this.options.settings.profile)
    this.log.info(`test print on ${outcome.printer}: ${outcome.status}`)

    return outcome.status === 'completed' ? { ok: true } : { ok: false, detail: outcome.reason }
  }

  async printShiftReport(): Promise<OperationResult> {
    const { printer, settings } = this.options
    const readiness = await printer.checkReady()
    if (!readiness.ready) return { ok: false, detail: readiness.reason }

    const pdf = await reportPdf(this.reportText(), settings.profile)
    const outcome = await printer.print({
      document: Buffer.from(pdf),
      profile: settings.profile,
      orderId: 0,
      ticketId: 0,
      serial: 'REPORT',
    })

    return outcome.status === 'completed' ? { ok: true } : { ok: false, detail: outcome.reason }
  }

  // a text file a person reads and a JSON file a program reads, side by side
  saveShiftReport(): OperationResult {
    const report = this.options.ledger.report()
    const dir = join(this.options.settings.dataDir, 'reports')
    mkdirSync(dir, { recursive: true })
    const stamp = report.madeAt.replace(/[:.]/g, '-')
    const base = join(dir, `shift-${stamp}`)

    writeFileSync(`${base}.txt`, this.reportText().join('\n') + '\n', { mode: 0o600 })
    writeFileSync(`${base}.json`, JSON.stringify(report, null, 2) + '\n', { mode: 0o600 })
    this.log.info('shift report saved', { file: `${base}.txt` })

    return { ok: true, detail: `${base}.txt` }
  }

  closeShift(): ServiceView {
    const report = this.options.ledger.report()
    // the closed shift's figures are kept on disk whether or not anybody saved them before
    this.saveShiftReport()
    this.record({ step: 'shift-closed' })
    this.log.info('shift closed', {
      tickets: report.ticketsPrinted,
      used: report.blanksUsed,
      spoiled: report.blanksSpoiled,
    })
    this.beginJournal()

    return this.view()
  }

  // Each shift gets a journal of its own, so that after weeks the app still reads one shift's
  // records on start, not every record since it was installed. The closed shift's file stays
  // beside it (journal-<time>.jsonl) and is never deleted by the app. Not while an order is
  // open: its records would be split across two files; the next close rotates instead.
  private beginJournal(): void {
    const { journal, ledger, sessionIdle } = this.options
    if (sessionIdle && !sessionIdle()) {
      this.log.info('journal kept across the shift: an order is still open')
      return
    }

    try {
      const archive = journal.rotate(ledger.carryOver())
      this.log.info('journal begun for the new shift', { archive: basename(archive) })
    } catch (error) {
      // the shift is closed either way; the journal simply goes on in the same file
      this.log.warn('journal not rotated', { reason: (error as Error).message })
    }
  }

  restart(): OperationResult {
    if (!this.options.restart) return { ok: false, detail: 'restart the app by hand' }

    this.log.info('restart asked from the service screen')
    this.options.restart()
    return { ok: true }
  }

  private reportText(): string[] {
    const { settings } = this.options

    return reportLines(this.options.ledger.report(), settings.lang, settings.timeZone)
  }

  private endStack(reason: 'removed' | 'replaced'): boolean {
    const stock = this.options.ledger.stock()
    if (!stock) return false

    this.record({ step: 'stock-removed', reason, count: stock.left })
    this.log.info(`stack ${stock.firstSerial} ${reason} with ${stock.left} blanks left`)
    return true
  }

  private record(entry: Omit<JournalRecord, 'seq' | 'at' | 'session'>): void {
    this.options.journal.append({ session: operatorSession, ...entry })
  }

  // what happened lately, without the pincode or the ticket token a journal line may carry
  private recentJournal(): JournalLine[] {
    return this.options.journal
      .recent(journalLines)
      .reverse()
      .map((r) => {
        const line: JournalLine = { seq: r.seq, at: r.at, step: r.step }
        if (r.orderId !== undefined) line.orderId = r.orderId
        if (r.ticketId !== undefined) line.ticketId = r.ticketId
        if (r.serial !== undefined) line.serial = r.serial
        if (r.amount !== undefined) line.amount = r.amount
        if (r.count !== undefined) line.count = r.count
        if (r.reason !== undefined) line.reason = r.reason.slice(0, 80)
        return line
      })
  }
}

function settingsView(settings: Settings): ServiceSettings {
  return {
    training: settings.training,
    apiUrl: settings.api.url ?? '',
    partnerKey: settings.api.partnerKey ? 'set' : 'not-set',
    mode: settings.mode,
    printer: settings.printer,
    profile: settings.profile.id,
    profiles: Object.keys(profilePresets),
    serialPattern: settings.serialPattern,
    lang: settings.lang,
    timeZone: settings.timeZone,
    idleSeconds: settings.idleSeconds,
    stockLowAt: settings.stockLowAt,
    autoStart: settings.autoStart,
  }
}

// Where a value sits in the settings file → the service screen's field that sets it.
const formFields: Record<string, keyof SettingsChange> = {
  'api.url': 'apiUrl',
  'api.partnerKey': 'partnerKey',
  mode: 'mode',
  printer: 'printer',
  profile: 'profile',
  serialPattern: 'serialPattern',
  lang: 'lang',
  timeZone: 'timeZone',
  idleSeconds: 'idleSeconds',
  stockLowAt: 'stockLowAt',
  autoStart: 'autoStart',
}

export function formFieldOf(path: string): keyof SettingsChange | undefined {
  const [first = '', second] = path.split('.')
  const key = first === 'api' ? `api.${second ?? ''}` : first

  return Object.hasOwn(formFields, key) ? formFields[key] : undefined
}
