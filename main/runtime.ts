import { appendFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { AppInfo } from '../contract/kiosk'
import { compileSerialPattern } from '../contract/serial'
import { createApiClient, type PartnerApi } from './core/api/client'
import { loadSettings, operatorPinOf, type Settings } from './core/config/settings'
import { createDocumentStore } from './core/journal/documents'
import { openJournal, type Journal } from './core/journal/journal'
import { systemClock, type Clock } from './core/kiosk/clock'
import { ServiceDesk } from './core/kiosk/desk'
import { Ledger, ledgerJournal } from './core/kiosk/ledger'
import { Terminal } from './core/kiosk/terminal'
import { createLogger, formatLogRecord, Redactor, type LogSink, type Logger } from './core/log'
import { createCupsPrinter } from './core/printing/cups'
import { createPdfFolderPrinter } from './core/printing/pdf-folder'
import { createUnavailablePrinter, type Printer } from './core/printing/printer'
import { createKioskService, type KioskService } from './core/service'
import { findUnfinishedSession } from './core/session/recovery'
import { PrintSession } from './core/session/session'
import { lockDataDir, type DataLock } from './core/config/lock'
import { startPoligon, type Poligon } from './poligon'

// Puts the app together from its settings, for every shell (Electron, web, CLI). Training mode
// starts the simulator of the partner API in-process on 127.0.0.1 and prints to a folder.

export interface RuntimeOptions {
  dataDir: string
  env?: NodeJS.ProcessEnv
  // tests and the CLI replace parts without editing settings files
  printer?: Printer
  apiUrl?: string
  partnerKey?: string
  logSink?: LogSink
  version?: string
  // printer backends that need Electron are made by the Electron shell
  makePrinter?: (settings: Settings, logger: Logger) => Printer | null
  // the kiosk's idle timer, lock-out and monitor run on this clock; tests move it by hand
  clock?: Clock
  monitorMs?: number
  // the Electron shell starts the app again after the service screen saved new settings
  restart?: () => void
}

export interface KioskRuntime {
  settings: Settings
  service: KioskService
  session: PrintSession
  api: PartnerApi
  printer: Printer
  journal: Journal
  ledger: Ledger
  terminal: Terminal
  desk: ServiceDesk
  logger: Logger
  redactor: Redactor
  poligon: Poligon | null
  appInfo: AppInfo
  close(): Promise<void>
}

export async function startRuntime(options: RuntimeOptions): Promise<KioskRuntime> {
  const settings = loadSettings(options.dataDir, options.env ?? process.env)
  const lock = lockDataDir(settings.dataDir)

  try {
    return await startLocked(options, settings, lock)
  } catch (error) {
    lock.release()
    throw error
  }
}

async function startLocked(
  options: RuntimeOptions,
  settings: Settings,
  lock: DataLock,
): Promise<KioskRuntime> {
  const redactor = new Redactor()
  const logger = createLogger({ sink: options.logSink ?? fileSink(settings.dataDir), redactor })

  const useSimulator = settings.training && !options.apiUrl
  // the training world outlives a restart, as the real server does: an order printed before
  // a crash is found printed after it (delete training/world.json to start it afresh)
  const worldFile = join(settings.dataDir, 'training', 'world.json')
  const poligon = useSimulator ? await startPoligon({ flavour: 'polygon', worldFile }) : null
  const apiUrl = poligon?.url ?? options.apiUrl ?? settings.api.url ?? ''
  const partnerKey = poligon?.partnerKey ?? options.partnerKey ?? settings.api.partnerKey ?? ''
  redactor.addSecret(partnerKey)

  const api = createApiClient({
    baseUrl: apiUrl,
    partnerKey,
    timeoutMs: settings.api.timeoutMs,
    logger,
  })
  const printer =
    options.printer ?? options.makePrinter?.(settings, logger) ?? defaultPrinter(settings)
  const fileJournal = openJournal(join(settings.dataDir, 'journal', 'journal.jsonl'))
  const ledger = new Ledger(fileJournal.opening.records, { lowAt: settings.stockLowAt })
  const journal = ledgerJournal(fileJournal, ledger)
  const documents = createDocumentStore(join(settings.dataDir, 'documents'))

  const session = new PrintSession({
    api,
    printer,
    profile: settings.profile,
    journal,
    documents,
    serialPattern: compileSerialPattern(settings.serialPattern),
    mode: settings.mode,
    logger,
    redactor,
    stock: { nextSerial: () => ledger.nextSerial() },
  })
  const operatorPin = operatorPinOf(settings)
  redactor.addSecret(operatorPin)
  const terminal = new Terminal({
    mode: settings.mode,
    lang: settings.lang,
    idleSeconds: settings.idleSeconds,
    operatorPin,
    session,
    ledger,
    printer,
    api,
    clock: options.clock ?? systemClock,
    logger,
    ...(options.monitorMs ? { monitorMs: options.monitorMs } : {}),
  })
  const desk = new ServiceDesk({
    settings,
    env: options.env ?? process.env,
    journal,
    ledger,
    printer,
    logger,
    ...(options.restart ? { restart: options.restart } : {}),
    sessionIdle: () => {
      const { stage, activity } = session.snapshot()
      return (stage === 'start' || stage === 'done') && !activity
    },
  })
  const appInfo: AppInfo = {
    version: options.version ?? '0.1.0',
    mode: settings.mode,
    training: settings.training,
    lang: settings.lang,
    timeZone: settings.timeZone,
    apiHost: api.host,
    printerName: printer.name,
    serialPattern: settings.serialPattern,
  }
  await recoverUnfinished(session, journal, logger)
  const service = createKioskService({ session, appInfo, logger, terminal, desk })
  terminal.start()
  logger.info('kiosk started', { mode: settings.mode, training: settings.training, api: api.host })

  return {
    settings,
    service,
    session,
    api,
    printer,
    journal,
    ledger,
    terminal,
    desk,
    logger,
    redactor,
    poligon,
    appInfo,
    async close() {
      terminal.stop()
      journal.close()
      await poligon?.close()
      lock.release()
    },
  }
}

// On start, a session the journal shows unfinished opens the recovery screen instead of a blank
// start screen; a torn last line (power cut mid-write) is reported and otherwise ignored.
async function recoverUnfinished(session: PrintSession, journal: Journal, logger: Logger) {
  const reading = journal.opening
  if (reading.tornTail !== null) logger.warn('journal: last line was cut short and is ignored')
  if (reading.badLines > 0)
    logger.warn('journal: unreadable lines ignored', { lines: reading.badLines })

  const plan = findUnfinishedSession(reading.records)
  if (plan) await session.restore(plan)
}

function defaultPrinter(settings: Settings): Printer {
  const printer = settings.printer
  if (printer.kind === 'pdf-folder') {
    return createPdfFolderPrinter({ dir: printer.dir ?? join(settings.dataDir, 'printed') })
  }
  if (printer.kind === 'cups') return createCupsPrinter({ queue: printer.queue })

  // only the Electron shell can make this one (makePrinter); elsewhere every blank is refused
  return createUnavailablePrinter(
    'electron',
    `electron:${printer.device}`,
    'принтер Electron работает только в приложении Electron / ' +
      'the electron printer works only in the Electron app',
  )
}

// The log outside Electron (web shell, CLI): the same lines as electron-log writes in the
// Electron shell, rotated the same way, so a kiosk's disk never fills with them.
export function fileSink(dataDir: string, maxBytes = 5 * 1024 * 1024, keep = 3): LogSink {
  const dir = join(dataDir, 'logs')
  mkdirSync(dir, { recursive: true })
  const file = join(dir, 'bso-kiosk.log')
  let size = existsSync(file) ? statSync(file).size : 0

  return (record) => {
    const line = formatLogRecord(record) + '\n'
    if (size > 0 && size + Buffer.byteLength(line) > maxBytes) {
      rotate(file, keep)
      size = 0
    }

    appendFileSync(file, line, { mode: 0o600 })
    size += Buffer.byteLength(line)
  }
}

// bso-kiosk.log → bso-kiosk.1.log → … → bso-kiosk.<keep>.log, the oldest dropped
function rotate(file: string, keep: number): void {
  const numbered = (n: number) => file.replace(/\.log$/, `.${n}.log`)

  rmSync(numbered(keep), { force: true })
  for (let n = keep - 1; n >= 1; n -= 1) {
    if (existsSync(numbered(n))) renameSync(numbered(n), numbered(n + 1))
  }
  renameSync(file, numbered(1))
}
