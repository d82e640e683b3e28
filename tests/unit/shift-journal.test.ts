import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { ServiceView } from '../../contract/kiosk'
import { readJournalFile } from '../../main/core/journal/journal'
import { startRuntime, type KioskRuntime } from '../../main/runtime'
import { serialSource } from '../support/core'
import { runOperator } from '../support/operator'

// A journal a shift long: closing the shift begins a new file that carries the stack still in
// the printer, so a restart weeks later reads one shift, and every blank stays accounted for.

let runtime: KioskRuntime | null = null

afterEach(async () => {
  await runtime?.close()
  runtime = null
})

async function start(dataDir: string): Promise<KioskRuntime> {
  runtime = await startRuntime({ dataDir, env: {} })
  await runtime.service.handle('unlock-service', { pin: '2468' })

  return runtime
}

async function view(app: KioskRuntime): Promise<ServiceView> {
  const reply = await app.service.handle('get-service-view', undefined)
  if (!reply.ok) throw new Error(`service view refused: ${reply.error.code}`)

  return reply.value as ServiceView
}

function journalFiles(dataDir: string): string[] {
  return readdirSync(join(dataDir, 'journal')).sort()
}

function freshDataDir(): string {
  const dataDir = mkdtempSync(join(tmpdir(), 'bso-kiosk-shift-'))
  writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ operatorPin: '2468' }))

  return dataDir
}

describe('closing a shift', () => {
  it('begins a new journal that carries the stack, and a restart finds it as it was', async () => {
    const dataDir = freshDataDir()
    const app = await start(dataDir)
    await app.service.handle('load-stock', { firstSerial: 'KA000001', count: 5, source: 'typed' })
    const report = await runOperator(app.session, {
      orderId: 12100001,
      pincode: '9876',
      nextSerial: serialSource('KA', 1),
    })
    expect(report.snapshot.stage).toBe('done')
    const stockBefore = (await view(app)).stock

    await app.service.handle('close-shift', undefined)
    await app.close()
    runtime = null

    // the closed shift's report is on disk although nobody saved it
    const reports = readdirSync(join(dataDir, 'reports'))
    expect(reports.filter((name) => /^shift-.+\.txt$/.test(name))).toHaveLength(1)

    const files = journalFiles(dataDir)
    expect(files).toHaveLength(2)
    expect(files[0]).toMatch(/^journal-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z\.jsonl$/)
    expect(files[1]).toBe('journal.jsonl')
    const archived = readJournalFile(join(dataDir, 'journal', files[0] ?? ''))
    expect(archived.records.at(-1)?.step).toBe('shift-closed')
    const current = readJournalFile(join(dataDir, 'journal', 'journal.jsonl'))
    expect(current.records.map((r) => r.step)).toEqual(['stock-carried'])
    expect(current.records[0]?.seq).toBe((archived.records.at(-1)?.seq ?? 0) + 1)

    // one blank spoiled on purpose, two printed: 3 of 5 taken, the next one on top
    const again = await start(dataDir)
    const after = await view(again)
    expect(stockBefore).toMatchObject({ used: 3, spoiled: 1, left: 2, nextSerial: 'KA000004' })
    expect(after.stock).toEqual(stockBefore)
    expect(after.report).toMatchObject({ ticketsPrinted: 0, blanksUsed: 0, blanksLeft: 2 })
  })

  it('keeps one journal while an order is open, so its records are not split', async () => {
    const dataDir = freshDataDir()
    const app = await start(dataDir)
    await app.service.handle('load-stock', { firstSerial: 'KA000001', count: 5, source: 'typed' })
    await app.session.lookUpOrder({ orderId: '12100001', pincode: '9876' })
    expect(app.session.snapshot().stage).toBe('summary')

    await app.service.handle('close-shift', undefined)

    expect(journalFiles(dataDir)).toEqual(['journal.jsonl'])
    const steps = readJournalFile(join(dataDir, 'journal', 'journal.jsonl')).records.map(
      (r) => r.step,
    )
    expect(steps).toEqual(['stock-loaded', 'session-opened', 'shift-closed'])
  })
})
