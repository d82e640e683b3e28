import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { compileSerialPattern, defaultSerialPattern } from '../../contract/serial'
import type { Mode } from '../../contract/kiosk'
import { createApiClient } from '../../main/core/api/client'
import { createDocumentStore } from '../../main/core/journal/documents'
import { openJournal, type Journal } from '../../main/core/journal/journal'
import { createLogger, type LogRecord } from '../../main/core/log'
import {
  profilePresets,
  type JobOutcome,
  type PrintJob,
  type Printer,
} from '../../main/core/printing/printer'
import { PrintSession } from '../../main/core/session/session'

// The core without a shell, for tests that run many sessions: a real API client, journal and
// document store in a fresh folder, and a printer that remembers every job.

export interface RecordingPrinter extends Printer {
  jobs: PrintJob[]
  failures: string[]
}

export function recordingPrinter(): RecordingPrinter {
  const printer: RecordingPrinter = {
    kind: 'pdf-folder',
    name: 'recording',
    jobs: [],
    failures: [],
    listPrinters: async () => [{ name: 'recording', ready: true }],
    checkReady: async () => ({ ready: true }),
    async print(job): Promise<JobOutcome> {
      const failure = printer.failures.shift()
      if (failure) return { status: 'failed', printer: 'recording', jobId: null, reason: failure }

      printer.jobs.push(job)
      return { status: 'completed', printer: 'recording', jobId: String(printer.jobs.length) }
    },
  }

  return printer
}

export interface Core {
  session: PrintSession
  journal: Journal
  printer: Printer
  dataDir: string
  logs: LogRecord[]
}

export function makeCore(options: {
  apiUrl: string
  partnerKey: string
  printer?: Printer
  dataDir?: string
  mode?: Mode
  timeoutMs?: number
}): Core {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'bso-kiosk-core-'))
  const logs: LogRecord[] = []
  const logger = createLogger({ sink: (record) => logs.push(record), level: 'debug' })
  const journal = openJournal(join(dataDir, 'journal', 'journal.jsonl'))
  const printer = options.printer ?? recordingPrinter()
  const session = new PrintSession({
    api: createApiClient({
      baseUrl: options.apiUrl,
      partnerKey: options.partnerKey,
      timeoutMs: options.timeoutMs ?? 5_000,
      // no fault is aimed at downloads: a short timeout meant for the faults must not cut
      // a document that a loaded machine is slow to serve
      documentTimeoutMs: 30_000,
      retryPauseMs: 20,
      logger,
    }),
    printer,
    profile: profilePresets['thermal-80x150']!,
    journal,
    documents: createDocumentStore(join(dataDir, 'documents')),
    serialPattern: compileSerialPattern(defaultSerialPattern),
    mode: options.mode ?? 'cashier',
    logger,
  })

  return { session, journal, printer, dataDir, logs }
}

// serials AA000001, AA000002, … that no seed order uses
export function serialSource(prefix = 'AA', start = 1): () => string {
  let next = start

  return () => `${prefix}${String(next++).padStart(6, '0')}`
}
