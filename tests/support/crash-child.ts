import { existsSync, readdirSync, readSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { compileSerialPattern, defaultSerialPattern } from '../../contract/serial'
import { createApiClient, type PartnerApi } from '../../main/core/api/client'
import { createDocumentStore } from '../../main/core/journal/documents'
import { openJournal, type Journal } from '../../main/core/journal/journal'
import { createPdfFolderPrinter } from '../../main/core/printing/pdf-folder'
import { profilePresets } from '../../main/core/printing/printer'
import { findUnfinishedSession } from '../../main/core/session/recovery'
import { PrintSession } from '../../main/core/session/session'
import { runOperator } from './operator'
import { serialSource } from './core'

// The core in a child process that stops at every step and waits for its parent's word: after
// each journal record is on disk and after each answer from the API arrives. The parent kills
// it (SIGKILL) at one of those points, then starts it again to see the session through.
//
//   tsx tests/support/crash-child.ts DATA_DIR API_URL PARTNER_KEY ORDER PINCODE

const [dataDir, apiUrl, partnerKey, orderId, pincode] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string,
]

function pause(label: string): void {
  writeSync(1, `pause ${label}\n`)
  const answer = Buffer.alloc(1)
  while (readSync(0, answer, 0, 1, null) === 0) {
    // the parent has not answered yet; a pipe read returns 0 only at its end
    process.exit(3)
  }
}

function pausingJournal(journal: Journal): Journal {
  return {
    ...journal,
    append(entry) {
      const record = journal.append(entry)
      pause(`journal ${record.step}`)

      return record
    },
  }
}

function pausingApi(api: PartnerApi): PartnerApi {
  const wrapped = { host: api.host } as PartnerApi
  for (const name of Object.keys(api) as (keyof PartnerApi)[]) {
    const method = api[name]
    if (typeof method !== 'function') continue

    Object.assign(wrapped, {
      [name]: async (...args: unknown[]) => {
        const answer = await (method as (...a: unknown[]) => Promise<unknown>)(...args)
        pause(`answer ${name}`)

        return answer
      },
    })
  }

  return wrapped
}

async function main(): Promise<void> {
  const journal = openJournal(join(dataDir, 'journal', 'journal.jsonl'))
  const records = journal.read().records
  const session = new PrintSession({
    api: pausingApi(createApiClient({ baseUrl: apiUrl, partnerKey, retryPauseMs: 20 })),
    printer: createPdfFolderPrinter({ dir: join(dataDir, 'printed') }),
    profile: profilePresets['thermal-80x150']!,
    journal: pausingJournal(journal),
    documents: createDocumentStore(join(dataDir, 'documents')),
    serialPattern: compileSerialPattern(defaultSerialPattern),
    mode: 'cashier',
  })

  if (records.some((r) => r.step === 'session-closed' && r.reason === 'done')) {
    writeSync(1, 'done\n')
    return
  }

  const plan = findUnfinishedSession(records)
  if (plan) await session.restore(plan)

  // serials already announced are never scanned again; the first print is spoiled once
  const used = records.filter((r) => r.step === 'assign-intent').length
  await runOperator(session, {
    orderId: Number(orderId),
    pincode,
    nextSerial: serialSource('KL', used + 1),
    spoilFirstPrint: !records.some((r) => r.step === 'defect-intent'),
    onPaper: (serial) =>
      existsSync(join(dataDir, 'printed')) &&
      readdirSync(join(dataDir, 'printed')).some((f) => f.endsWith(`-${serial}.pdf`)),
  })
  journal.close()
  writeSync(1, 'done\n')
}

main().catch((error: unknown) => {
  writeSync(2, `crash child failed: ${String(error)}\n`)
  process.exit(1)
})
