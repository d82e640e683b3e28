import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { JournalRecord } from '../../main/core/journal/journal'
import { FAULT_KINDS, startPoligon, type Fault, type Poligon } from '../../main/poligon'
import { makeCore, serialSource, type RecordingPrinter } from '../support/core'
import { runOperator } from '../support/operator'

// Every fault of the simulator on every endpoint that changes the server, each injected at
// least 20 times in a random (seeded) order across full sessions. After every session: the
// payment recorded exactly once, every ticket on exactly one good blank, every spoiled blank
// flagged, every downloaded document printed from the copy on disk.

const kinds = FAULT_KINDS
const endpoints = ['payments/accept', 'assign_bso', 'mark_blank_defect'] as const
const timesEach = 20
const clientTimeoutMs = 300

// unpaid seed orders, so that every session takes a payment
const orders = [
  { id: 12097256, pincode: '4831' },
  { id: 12100002, pincode: '7311' },
  { id: 12100005, pincode: '2468' },
]

function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items]
  let state = seed
  const random = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31
    return state / 2 ** 31
  }

  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[out[i], out[j]] = [out[j] as T, out[i] as T]
  }

  return out
}

let poligon: Poligon

beforeAll(async () => {
  poligon = await startPoligon({ flavour: 'production' })
})

afterAll(async () => {
  await poligon?.close()
})

describe('lost and garbled answers', () => {
  it('never record a payment twice, lose a blank or a document', async () => {
    const plan: Fault[] = shuffled(
      endpoints.flatMap((endpoint) =>
        kinds.flatMap((kind) =>
          Array.from({ length: timesEach }, () => ({
            endpoint,
            kind,
            ...(kind === 'delay' ? { delayMs: clientTimeoutMs + 200 } : {}),
          })),
        ),
      ),
      20261204,
    )
    const injected = new Map<string, number>()
    const counts = { sessions: 0, payments: 0, tickets: 0, spoiled: 0, documents: 0 }
    const nextSerial = serialSource('FM')

    while (plan.length > 0) {
      poligon.reset()
      const order = orders[counts.sessions % orders.length]!
      const faults = plan.splice(0, 3)
      poligon.injectFaults(faults)
      for (const f of faults)
        injected.set(`${f.endpoint} ${f.kind}`, (injected.get(`${f.endpoint} ${f.kind}`) ?? 0) + 1)

      const core = makeCore({
        apiUrl: poligon.url,
        partnerKey: poligon.partnerKey,
        timeoutMs: clientTimeoutMs,
      })
      const report = await runOperator(core.session, {
        orderId: order.id,
        pincode: order.pincode,
        nextSerial,
        maxSteps: 120,
      })
      const journal = core.journal.read().records
      core.journal.close()

      // faults aimed at calls the session did not make are spent on the next session
      poligon.clearFaults()
      const state = poligon.state()
      const served = state.orders.find((o) => o.id === order.id)!

      const payments = state.payments.filter((p) => p.orderId === order.id)
      expect(payments).toHaveLength(1)
      expect(payments[0]?.amount).toBe(served.totals.total)

      for (const ticket of served.tickets) {
        expect(ticket.blank?.defect).toBe(false)
        const assigned = state.assignments.filter((a) => a.ticketId === ticket.id).length
        const spoiled = state.defects.filter((d) => d.ticketId === ticket.id).length
        expect(assigned - spoiled).toBe(1)
      }

      const spoiledSerials = state.defects.map((d) => d.serial).sort()
      const journalSpoiled = journal.filter((r) => r.step === 'defect-done').map((r) => r.serial)
      expect(journalSpoiled.sort()).toEqual(spoiledSerials)
      for (const serial of report.spoiledOnPurpose) expect(spoiledSerials).toContain(serial)

      checkDocuments(journal, core.printer as RecordingPrinter, state.downloads)

      counts.sessions += 1
      counts.payments += payments.length
      counts.tickets += served.tickets.length
      counts.spoiled += spoiledSerials.length
      counts.documents += state.downloads.length
    }

    for (const endpoint of endpoints) {
      for (const kind of kinds) expect(injected.get(`${endpoint} ${kind}`)).toBe(timesEach)
    }
    process.stdout.write(
      `fault matrix: ${injected.size} endpoint×fault pairs × ${timesEach} injections; ` +
        `${counts.sessions} sessions, ${counts.payments} payments, ${counts.tickets} tickets, ` +
        `${counts.spoiled} spoiled blanks, ${counts.documents} documents, all checked\n`,
    )
  })
})

function checkDocuments(
  journal: JournalRecord[],
  printer: RecordingPrinter,
  downloads: { token: string }[],
): void {
  const stored = journal.filter((r) => r.step === 'document-stored')

  // production serves each token once: a second download would have been refused
  const tokens = downloads.map((d) => d.token)
  expect(new Set(tokens).size).toBe(tokens.length)
  expect(stored.map((r) => r.token).sort()).toEqual([...tokens].sort())

  for (const record of stored) {
    const printIntent = journal.find(
      (r) => r.step === 'print-intent' && r.document === record.document,
    )
    expect(printIntent).toBeDefined()

    const onDisk = sha(readFileSync(record.document!))
    expect(printer.jobs.some((job) => sha(job.document) === onDisk)).toBe(true)
  }
}

function sha(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex')
}
