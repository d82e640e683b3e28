import { execFileSync } from 'node:child_process'
import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { execFileRunner } from '../main/core/printing/commands'
import { createCupsPrinter, mediaOption } from '../main/core/printing/cups'
import { profilePresets } from '../main/core/printing/printer'
import { sampleTicketPdf } from '../main/core/printing/test-print'

// How much following a job costs: from "document received" to "job completed" through the
// cups backend, against `lp` of the same file watched with lpstat every 10 ms. Both print on
// the file queue of scripts/cups-test-setup.sh. The last line is `print: <ratio>`.

const queue = 'bso-test'
const output = join(process.env['BSO_CUPS_DIR'] || '/var/tmp/bso-cups', `${queue}.prn`)
const runs = Number(process.env['BENCH_RUNS'] ?? 8)
const profile = profilePresets['thermal-80x150']!
const setup = fileURLToPath(new URL('../scripts/cups-test-setup.sh', import.meta.url))

const say = (line: string) => process.stdout.write(`${line}\n`)

async function ensureQueue(): Promise<void> {
  const ready = async () => (await createCupsPrinter({ queue }).checkReady()).ready
  if (await ready()) return

  if (process.getuid?.() === 0) execFileSync(setup, { stdio: 'ignore' })
  if (!(await ready())) {
    say(`bench:print needs the CUPS test queue: run \`sudo ${setup}\` first`)
    process.exit(1)
  }
}

const printer = createCupsPrinter({ queue, jobTimeoutMs: 30_000 })

async function throughBackend(document: Buffer): Promise<number> {
  const started = performance.now()
  const outcome = await printer.print({
    document,
    profile,
    orderId: 1,
    ticketId: 1,
    serial: 'BENCH00001',
  })
  if (outcome.status !== 'completed') throw new Error(`backend job failed: ${outcome.reason}`)

  return performance.now() - started
}

async function throughLp(file: string): Promise<number> {
  const started = performance.now()
  const media = `media=${mediaOption(profile.pageSize)}`
  const sent = await execFileRunner('lp', ['-d', queue, '-o', media, '-t', 'bench', file])
  const id = /request id is (\S+)/.exec(sent.stdout)?.[1]
  if (!id) throw new Error(`lp failed: ${sent.stderr}`)

  for (;;) {
    const waiting = await execFileRunner('lpstat', ['-W', 'not-completed', '-o', queue])
    if (!waiting.stdout.split('\n').some((line) => line.startsWith(`${id} `))) break
    await new Promise((resolve) => setTimeout(resolve, 10))
  }

  return performance.now() - started
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1

  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

await ensureQueue()

const document = Buffer.from(await sampleTicketPdf(profile))
const file = join(mkdtempSync(join(tmpdir(), 'bso-bench-')), 'ticket.pdf')
writeFileSync(file, document)

// one of each first, so neither side pays for a cold filter chain
truncateSync(output)
await throughLp(file)

const backend: number[] = []
const lp: number[] = []
for (let run = 0; run < runs; run++) {
  truncateSync(output)
  backend.push(await throughBackend(document))
  truncateSync(output)
  lp.push(await throughLp(file))
  say(`run ${run + 1}: backend ${backend[run]!.toFixed(0)} ms, lp ${lp[run]!.toFixed(0)} ms`)
}

const ratio = median(backend) / median(lp)
say(`median of ${runs}: backend ${median(backend).toFixed(0)} ms, lp ${median(lp).toFixed(0)} ms`)
say(`print: ${ratio.toFixed(2)}`)
