import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readJournalFile } from '../../main/core/journal/journal'
import { startPoligon, type Poligon } from '../../main/poligon'

// The core in a child process is killed (SIGKILL) at each step of a session in turn: after
// every journal record and after every answer from the API. Started again on the same data
// folder, it must see the session through with nothing recorded twice and no document
// downloaded twice from the production flavour of the simulator.

const order = { id: 12100005, pincode: '2468' }
const child = join(process.cwd(), 'tests', 'support', 'crash-child.ts')

interface ChildRun {
  pauses: string[]
  killedAt: string | null
  finished: boolean
  stderr: string
}

// runs the child, answering each pause; at pause number `killAt` it kills instead
function runChild(dataDir: string, poligon: Poligon, killAt: number | null): Promise<ChildRun> {
  const args = [child, dataDir, poligon.url, poligon.partnerKey, String(order.id), order.pincode]
  const proc = spawn(process.execPath, ['--import', 'tsx', ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  const run: ChildRun = { pauses: [], killedAt: null, finished: false, stderr: '' }
  proc.stderr.on('data', (chunk: Buffer) => (run.stderr += chunk.toString()))

  createInterface({ input: proc.stdout }).on('line', (line) => {
    if (line === 'done') run.finished = true
    if (!line.startsWith('pause ')) return

    run.pauses.push(line.slice(6))
    if (killAt !== null && run.pauses.length === killAt) {
      run.killedAt = line.slice(6)
      proc.kill('SIGKILL')
      return
    }
    proc.stdin.write('g')
  })

  return new Promise((resolve) => proc.on('exit', () => resolve(run)))
}

let poligon: Poligon

beforeAll(async () => {
  poligon = await startPoligon({ flavour: 'production' })
})

afterAll(async () => {
  await poligon?.close()
})

describe('a crash at any step', () => {
  it('is recovered from the journal with nothing repeated and nothing lost', async () => {
    poligon.reset()
    const whole = await runChild(mkdtempSync(join(tmpdir(), 'bso-crash-')), poligon, null)
    expect(whole.stderr).toBe('')
    expect(whole.finished).toBe(true)
    const steps = whole.pauses.length
    expect(steps).toBeGreaterThan(15)

    const killedAt: string[] = []
    for (let killAt = 1; killAt <= steps; killAt++) {
      poligon.reset()
      const dataDir = mkdtempSync(join(tmpdir(), 'bso-crash-'))

      const first = await runChild(dataDir, poligon, killAt)
      expect(first.killedAt, first.stderr).not.toBeNull()
      killedAt.push(first.killedAt ?? '')

      const second = await runChild(dataDir, poligon, null)
      expect(second.stderr, `killed at ${first.killedAt}`).toBe('')
      expect(second.finished, `killed at ${first.killedAt}`).toBe(true)

      checkInvariants(dataDir, `killed at #${killAt} ${first.killedAt}`)
    }

    process.stdout.write(
      `crash test: killed at each of ${steps} steps (${new Set(killedAt).size} kinds), ` +
        'every session recovered\n',
    )
  })
})

function checkInvariants(dataDir: string, where: string): void {
  const state = poligon.state()
  const served = state.orders.find((o) => o.id === order.id)
  if (!served) throw new Error('seed order missing')

  const payments = state.payments.filter((p) => p.orderId === order.id)
  expect(
    payments.map((p) => p.amount),
    where,
  ).toEqual([served.totals.total])

  for (const ticket of served.tickets) {
    expect(ticket.blank?.defect, where).toBe(false)
    const assigned = state.assignments.filter((a) => a.ticketId === ticket.id).length
    const spoiled = state.defects.filter((d) => d.ticketId === ticket.id).length
    expect(assigned - spoiled, where).toBe(1)
  }

  // no token is asked for twice: not a download, not even a refused attempt
  const ticketCalls = state.calls.filter((c) => c.endpoint === 'ticket')
  const tokens = ticketCalls.map((c) => c.params['token'] ?? '')
  expect(new Set(tokens).size, where).toBe(tokens.length)

  const journal = readJournalFile(join(dataDir, 'journal', 'journal.jsonl')).records
  const journalSpoiled = journal.filter((r) => r.step === 'defect-done').map((r) => r.serial)
  expect(journalSpoiled.sort(), where).toEqual(state.defects.map((d) => d.serial).sort())

  for (const stored of journal.filter((r) => r.step === 'document-stored')) {
    expect(existsSync(stored.document ?? ''), where).toBe(true)
    const printed = journal.some((r) => r.step === 'print-intent' && r.document === stored.document)
    const spoiled = journal.some((r) => r.step === 'defect-done' && r.token === stored.token)
    expect(printed || spoiled, where).toBe(true)
  }

  const good = served.tickets.map((t) => `${t.blank?.seria}${t.blank?.number_str}`)
  const printedFiles = readdirSync(join(dataDir, 'printed'))
  for (const serial of good) {
    expect(
      printedFiles.some((f) => f.endsWith(`-${serial}.pdf`)),
      where,
    ).toBe(true)
  }
}
