import { mkdtempSync, rmSync } from 'node:fs'
import { get } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { createPdfFolderPrinter } from '../main/core/printing/pdf-folder'
import { startPoligon, type CallRecord, type Poligon } from '../main/poligon'
import { makeCore, serialSource } from '../tests/support/core'
import { runOperator } from '../tests/support/operator'
import { figureLine, formatMs, median } from './stats'

// `npm run bench:order`: the whole job for the paid 20-ticket order through the core (API
// client, session, journal, document store, pdf-folder printer), minus the simulator's own
// time. The simulator's time is measured by replaying the very calls the job made, in the same
// order, with a plain http.get against the same simulator reset to its seed: what is left is
// what the app adds per ticket.

const orderId = 12100020
const tickets = 20
const rounds = 7

function plainGet(url: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    get(url, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('end', () => resolve(Buffer.concat(chunks)))
      response.on('error', reject)
    }).on('error', reject)
  })
}

// the simulator makes a new token at every assignment, so a download goes to the token the
// replayed assign_bso just answered with
function urlOf(poligon: Poligon, call: CallRecord, token: string): string {
  const query = new URLSearchParams({ ...call.params, session: poligon.partnerKey })
  query.delete('token')
  const path =
    call.endpoint === 'ticket' ? `/ticket/${token}` : `/jtransport/partner/${call.endpoint}`

  return `${poligon.url}${path}?${query}`
}

function tokenOf(body: Buffer): string {
  const answer = JSON.parse(body.toString('utf8')) as { message?: { token?: unknown } }
  const token = answer.message?.token
  if (typeof token !== 'string') throw new Error('assign_bso answered without a token')

  return token
}

async function runJob(poligon: Poligon, round: number): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bso-kiosk-bench-order-'))
  const printer = createPdfFolderPrinter({ dir: join(dataDir, 'printed') })
  const core = makeCore({ apiUrl: poligon.url, partnerKey: poligon.partnerKey, printer, dataDir })
  const nextSerial = serialSource('BN', round * 100 + 1)

  try {
    const started = performance.now()
    const report = await runOperator(core.session, {
      orderId,
      pincode: '9876',
      nextSerial,
      spoilFirstPrint: false,
    })
    const elapsed = performance.now() - started

    const state = poligon.state()
    const done =
      report.snapshot.stage === 'done' &&
      state.payments.length === 0 &&
      state.assignments.length === tickets &&
      state.downloads.length === tickets
    if (!done) throw new Error(`the job did not run as expected: ${report.errors.join(',')}`)

    return elapsed
  } finally {
    core.journal.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

async function replay(poligon: Poligon, calls: readonly CallRecord[]): Promise<number> {
  let token = ''
  const started = performance.now()
  for (const call of calls) {
    const body = await plainGet(urlOf(poligon, call, token))
    if (call.endpoint === 'assign_bso') token = tokenOf(body)
  }

  return performance.now() - started
}

async function main(): Promise<void> {
  const poligon = await startPoligon({ flavour: 'polygon' })
  const perTicket: number[] = []
  const jobs: number[] = []
  const simulator: number[] = []

  try {
    // round 0 warms up the JIT, the sockets and the disk cache and is not counted
    for (let round = 0; round <= rounds; round++) {
      poligon.reset()
      const job = await runJob(poligon, round)
      const calls = poligon.state().calls

      poligon.reset()
      const baseline = await replay(poligon, calls)
      if (poligon.state().downloads.length !== tickets) throw new Error('replay went wrong')
      if (round === 0) continue

      jobs.push(job)
      simulator.push(baseline)
      perTicket.push((job - baseline) / tickets)
    }
  } finally {
    await poligon.close()
  }

  console.log(
    `job ${formatMs(median(jobs))}, simulator ${formatMs(median(simulator))} ` +
      `for ${tickets} tickets, median of ${rounds} rounds`,
  )
  console.log(figureLine('order', `${formatMs(median(perTicket))} per ticket`))
}

await main()
