import { describe, expect, it } from 'vitest'
import { execFileRunner, type CommandRunner } from '../../main/core/printing/commands'
import { createCupsPrinter, mediaOption, requestId } from '../../main/core/printing/cups'
import { parseIpptool } from '../../main/core/printing/ipp'
import { profilePresets, type PrintJob } from '../../main/core/printing/printer'

// The CUPS backend against a fake lp / ipptool / cancel that answer as CUPS 2.4 does in the C
// locale: every way a job can end, and every way a queue can be unfit for a blank.

const profile = profilePresets['thermal-80x150']!

const job: PrintJob = {
  document: Buffer.from('%PDF-1.7 ticket'),
  profile,
  orderId: 12097256,
  ticketId: 5446130,
  serial: 'AA005501',
}

interface Queue {
  state?: string
  reasons?: string
  message?: string
  accepting?: boolean
  queued?: number
}

interface Script {
  // job-state for each look at the job, the last one repeated; null: the job is unknown
  jobStates?: (string | null)[]
  jobReasons?: string
  // the queue's state for each look, the last one repeated
  queue?: Queue[]
  lp?: { code: number; stdout: string; stderr?: string }
  cancel?: { code: number; stderr?: string }
  // job-state after a successful cancel
  afterCancel?: string
  ipptool?: 'missing' | 'down'
}

interface Call {
  command: string
  args: readonly string[]
  input?: Uint8Array
}

function section(name: string, status: string, attributes: Record<string, string>): string {
  const lines = Object.entries(attributes).map(([k, v]) => `        ${k} (keyword) = ${v}`)

  return [
    `    Get-Attributes:`,
    `        attributes-charset (charset) = utf-8`,
    `        job-id (integer) = 999`,
    `    ${name.padEnd(60)} [${status === 'successful-ok' ? 'PASS' : 'FAIL'}]`,
    `        RECEIVED: 170 bytes in response`,
    `        status-code = ${status} (${status})`,
    ...lines,
  ].join('\n')
}

function queueSection(q: Queue): string {
  return section('printer', 'successful-ok', {
    'printer-state': q.state ?? 'idle',
    'printer-state-reasons': q.reasons ?? 'none',
    'printer-state-message': q.message ?? '',
    'printer-is-accepting-jobs': String(q.accepting ?? true),
    'queued-job-count': String(q.queued ?? 0),
  })
}

function fakeCups(script: Script): { run: CommandRunner; calls: Call[] } {
  const calls: Call[] = []
  let jobLooks = 0
  let queueLooks = 0
  let cancelled = false

  const nextQueue = (): Queue => {
    const list = script.queue ?? [{}]
    const q = list[Math.min(queueLooks, list.length - 1)] ?? {}
    queueLooks += 1
    return q
  }

  const run: CommandRunner = async (command, args, options = {}) => {
    calls.push({ command, args, ...(options.input ? { input: options.input } : {}) })

    if (command === 'lp') return { stderr: '', ...(script.lp ?? lpOk) }
    if (command === 'cancel') {
      const answer = script.cancel ?? { code: 0 }
      cancelled = answer.code === 0
      return { code: answer.code, stdout: '', stderr: answer.stderr ?? '' }
    }
    if (command === 'lpstat') return { code: 0, stdout: 'bso-test\nother\n', stderr: '' }
    if (command !== 'ipptool') return { code: null, stdout: '', stderr: '', failure: 'unknown' }

    if (script.ipptool === 'missing') {
      return { code: null, stdout: '', stderr: '', failure: 'not-installed' }
    }
    if (script.ipptool === 'down') {
      const stderr = 'ipptool: Unable to connect to "localhost" on port 631 - Connection refused'
      return { code: 1, stdout: '', stderr }
    }

    const file = args[args.length - 1] ?? ''
    if (file.endsWith('printer.test'))
      return { code: 0, stdout: queueSection(nextQueue()), stderr: '' }

    const states = script.jobStates ?? ['completed']
    let state = states[Math.min(jobLooks, states.length - 1)] ?? null
    jobLooks += 1
    if (cancelled) state = script.afterCancel ?? 'canceled'

    const jobPart =
      state === null
        ? section('job', 'client-error-not-found', {})
        : section('job', 'successful-ok', {
            'job-state': state,
            'job-state-reasons': script.jobReasons ?? 'none',
            'job-printer-state-message': '',
          })

    return { code: 0, stdout: `${jobPart}\n${queueSection(nextQueue())}\n`, stderr: '' }
  }

  return { run, calls }
}

const lpOk = { code: 0, stdout: 'request id is bso-test-7 (1 file(s))\n' }

const printer = (script: Script, jobTimeoutMs = 2000) => {
  const fake = fakeCups(script)
  const cups = createCupsPrinter({
    queue: 'bso-test',
    run: fake.run,
    jobTimeoutMs,
    pollMs: 2,
    maxPollMs: 5,
  })

  return { cups, calls: fake.calls }
}

const commands = (calls: Call[]) => calls.map((c) => c.command)

describe('cups: printing a ticket', () => {
  it('sends the document to lp with the profile page and follows it to completed', async () => {
    const { cups, calls } = printer({ jobStates: ['pending', 'processing', 'completed'] })

    const outcome = await cups.print(job)

    expect(outcome).toEqual({ status: 'completed', printer: 'cups:bso-test', jobId: 'bso-test-7' })
    const lp = calls.find((c) => c.command === 'lp')
    expect(lp?.args).toEqual([
      '-d',
      'bso-test',
      '-n',
      '1',
      '-o',
      'media=Custom.80x150mm',
      '-o',
      'print-scaling=none',
      '-o',
      'page-ranges=1',
      '-t',
      'bso-kiosk 5446130 AA005501',
    ])
    expect(Buffer.from(lp?.input ?? []).toString()).toBe('%PDF-1.7 ticket')
    expect(commands(calls).filter((c) => c === 'ipptool')).toHaveLength(3)
    expect(commands(calls)).not.toContain('cancel')
  })

  it('asks about the job by its number on the queue it was sent to', async () => {
    const { cups, calls } = printer({})

    await cups.print(job)

    const look = calls.find((c) => c.command === 'ipptool')?.args ?? []
    expect(look).toContain('job_id=7')
    expect(look).toContain('ipp://localhost/printers/bso-test')
  })

  it.each([
    ['processing-stopped', 'the job stopped printing'],
    ['pending-held', 'the job is held in the queue'],
    [null, 'CUPS no longer knows the job'],
  ])('cancels a job that is %s before it returns failed', async (state, words) => {
    const { cups, calls } = printer({ jobStates: ['processing', state] })

    const outcome = await cups.print(job)

    expect(outcome.status).toBe('failed')
    expect(outcome.jobId).toBe('bso-test-7')
    expect(outcome.status === 'failed' && outcome.reason).toContain(words)
    expect(outcome.status === 'failed' && outcome.reason).toContain('the job was cancelled')
    const cancel = calls.find((c) => c.command === 'cancel')
    expect(cancel?.args).toEqual(['bso-test-7'])
  })

  it.each([
    ['aborted', 'the print system aborted the job'],
    ['canceled', 'the job was cancelled'],
  ])('reports a job %s by CUPS without cancelling it again', async (state, words) => {
    const { cups, calls } = printer({ jobStates: [state], jobReasons: 'aborted-by-system' })

    const outcome = await cups.print(job)

    expect(outcome.status === 'failed' && outcome.reason).toContain(words)
    expect(commands(calls)).not.toContain('cancel')
  })

  it('cancels a job that does not finish in time and says how long it waited', async () => {
    const { cups, calls } = printer({ jobStates: ['processing'] }, 60)
    const started = Date.now()

    const outcome = await cups.print(job)

    expect(Date.now() - started).toBeLessThan(1000)
    expect(outcome.status === 'failed' && outcome.reason).toMatch(/did not finish in 0 s/)
    expect(outcome.status === 'failed' && outcome.reason).toContain('the job is still printing')
    expect(commands(calls)).toContain('cancel')
  })

  it('counts a job that completed while it was being cancelled as printed', async () => {
    const { cups } = printer({ jobStates: ['processing'], afterCancel: 'completed' }, 30)

    await expect(cups.print(job)).resolves.toMatchObject({ status: 'completed' })
  })

  it.each([
    [{ state: 'stopped', reasons: 'paused', message: 'Paused' }, 'the queue is paused'],
    [{ state: 'processing', reasons: 'media-empty-error' }, 'out of paper'],
    [{ state: 'processing', reasons: 'media-jam-error' }, 'paper jam'],
    [{ state: 'processing', reasons: 'cover-open' }, 'a cover is open'],
    [{ state: 'processing', reasons: 'flux-capacitor-error' }, 'error: flux-capacitor'],
  ])('gives up a job when the printer reports %o', async (queue, words) => {
    const { cups, calls } = printer({ jobStates: ['processing'], queue: [{}, queue] })

    const outcome = await cups.print(job)

    expect(outcome.status === 'failed' && outcome.reason).toContain(words)
    expect(commands(calls)).toContain('cancel')
  })

  it('keeps waiting through warnings and CUPS’s own passing reasons', async () => {
    const queue = [{ state: 'processing', reasons: 'media-low-warning,cups-waiting-for-job' }]
    const { cups } = printer({ jobStates: ['processing', 'processing', 'completed'], queue })

    await expect(cups.print(job)).resolves.toMatchObject({ status: 'completed' })
  })

  it('says so when the job could not be cancelled', async () => {
    const cancel = { code: 1, stderr: "cancel: Job #7 is already completed - can't cancel." }
    const { cups } = printer({ jobStates: ['processing-stopped'], cancel, afterCancel: 'x' })

    const outcome = await cups.print(job)

    expect(outcome.status === 'failed' && outcome.reason).toContain('could not cancel the job')
    expect(outcome.status === 'failed' && outcome.reason).toContain('already completed')
  })

  it('fails without a job id when lp refuses the job', async () => {
    const lp = { code: 1, stdout: '', stderr: 'lp: Error - The printer or class does not exist.' }
    const { cups, calls } = printer({ lp })

    const outcome = await cups.print(job)

    expect(outcome).toMatchObject({ status: 'failed', jobId: null })
    expect(outcome.status === 'failed' && outcome.reason).toContain('does not exist')
    expect(commands(calls)).toEqual(['lp'])
  })

  it.each([
    'request id is other-queue-7 (1 file(s))',
    'request id is bso-test- (1 file(s))',
    'request id is bso-test-0 (1 file(s))',
    'something else entirely',
    '',
  ])('fails when lp answers %j instead of a job of this queue', async (stdout) => {
    const { cups } = printer({ lp: { code: 0, stdout } })

    await expect(cups.print(job)).resolves.toMatchObject({ status: 'failed', jobId: null })
  })
})

describe('cups: is the queue fit for a blank', () => {
  it.each<[string, Script, string | null]>([
    ['idle and accepting', {}, null],
    ['busy with a job of ours', { queue: [{ state: 'processing' }] }, null],
    ['only warning', { queue: [{ reasons: 'media-low-warning,toner-low-report' }] }, null],
    ['disabled', { queue: [{ state: 'stopped', reasons: 'paused', message: 'Paused' }] }, 'paused'],
    ['rejecting jobs', { queue: [{ accepting: false }] }, 'the queue refuses jobs'],
    ['out of paper', { queue: [{ reasons: 'media-empty-error' }] }, 'out of paper'],
    ['offline', { queue: [{ reasons: 'offline-report' }] }, 'the printer is offline'],
    ['missing filter', { queue: [{ reasons: 'cups-missing-filter-warning' }] }, null],
    ['jobs waiting', { queue: [{ queued: 2 }] }, '2 job(s) already waiting'],
    ['scheduler down', { ipptool: 'down' }, 'the CUPS scheduler does not answer'],
    ['no ipptool', { ipptool: 'missing' }, 'ipptool is not installed'],
  ])('%s', async (_name, script, words) => {
    const { cups } = printer(script)

    const readiness = await cups.checkReady()

    if (words === null) expect(readiness).toEqual({ ready: true })
    else expect(readiness.ready === false && readiness.reason).toContain(words)
  })

  it('says in Russian and English that a queue does not exist', async () => {
    const run: CommandRunner = async () => ({
      code: 0,
      stdout: section('printer', 'client-error-not-found', {}),
      stderr: '',
    })
    const cups = createCupsPrinter({ queue: 'nope', run })

    await expect(cups.checkReady()).resolves.toEqual({
      ready: false,
      reason: 'нет очереди nope / there is no CUPS queue nope',
    })
  })

  it('lists the queues lpstat knows, ready only for its own', async () => {
    const { cups } = printer({})

    await expect(cups.listPrinters()).resolves.toEqual([
      { name: 'cups:bso-test', ready: true },
      { name: 'cups:other', ready: false },
    ])
  })
})

describe('cups: hostile queue names never reach a command', () => {
  it.each([
    '',
    '-o',
    '--help',
    'a b',
    'a/b',
    '../etc',
    'a;rm -rf /',
    'q$(id)',
    "q'x",
    'q\nx',
    'очередь',
    'x'.repeat(128),
  ])('%j', async (queue) => {
    const calls: string[] = []
    const run: CommandRunner = async (command) => {
      calls.push(command)
      return { code: 0, stdout: '', stderr: '' }
    }
    const cups = createCupsPrinter({ queue, run })

    await expect(cups.checkReady()).resolves.toMatchObject({ ready: false })
    await expect(cups.print(job)).resolves.toMatchObject({ status: 'failed', jobId: null })
    expect(calls).toEqual([])
  })
})

describe('cups: reading what the tools print', () => {
  it.each([
    [[80, 150], 'Custom.80x150mm'],
    [[210, 297], 'Custom.210x297mm'],
    [[57.5, 100.25], 'Custom.57.5x100.25mm'],
    [[80.0001, 150], 'Custom.80x150mm'],
  ] as const)('media for %j is %s', (size, media) => {
    expect(mediaOption(size)).toBe(media)
  })

  it.each([
    ['request id is bso-test-12 (1 file(s))', 12],
    ['request id is BSO-TEST-3 (1 file(s))', 3],
    ['request id is bso-test-99999999999999999999 (1 file(s))', null],
    ['request id is bso-test-x (1 file(s))', null],
  ])('lp answer %j is job %s', (stdout, id) => {
    expect(requestId(stdout, 'bso-test')).toBe(id)
  })

  it.each([
    '',
    'garbage\n\u0000\u0001',
    '    job  [PASS]\n',
    '    job  [PASS]\n        status-code = successful-ok\n        job-state (enum) =',
    '        job-state (enum) = completed\n',
  ])('survives ipptool output %j', (text) => {
    const responses = parseIpptool(text)

    for (const r of responses) expect(r.attributes.get('job-state') ?? '').not.toBe('completed')
  })

  it('reads only the server’s answer, never the request it echoed', () => {
    const text = [
      '    Get-Job-Attributes:',
      '        job-state (enum) = completed',
      '    job                                              [PASS]',
      '        status-code = successful-ok (successful-ok)',
      '        job-state (enum) = processing',
      '        job-state-reasons (1setOf keyword) = job-printing,job-incoming',
    ].join('\n')

    const [response] = parseIpptool(text)

    expect(response?.status).toBe('successful-ok')
    expect(response?.attributes.get('job-state')).toBe('processing')
    expect(response?.attributes.get('job-state-reasons')).toBe('job-printing,job-incoming')
  })
})

describe('the command runner', () => {
  it('passes the document on standard input and arguments as they are', async () => {
    const result = await execFileRunner('cat', [], { input: Buffer.from('a;b $(c)') })

    expect(result).toMatchObject({ code: 0, stdout: 'a;b $(c)' })
  })

  it('reports a program that is not installed instead of throwing', async () => {
    const result = await execFileRunner('bso-kiosk-no-such-program', ['x'])

    expect(result).toMatchObject({ code: null, failure: 'not-installed' })
  })

  it('reports a program that exits with an error', async () => {
    const script = "process.stderr.write('no\\n'); process.exit(3)"
    const result = await execFileRunner(process.execPath, ['-e', script])

    expect(result).toMatchObject({ code: 3, stderr: 'no\n' })
  })
})
