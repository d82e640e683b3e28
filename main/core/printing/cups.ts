import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { silentLogger, type Logger } from '../log'
import { execFileRunner, type CommandResult, type CommandRunner } from './commands'
import {
  jobStatus,
  jobTestFile,
  parseIpptool,
  printerTestFile,
  queueStatus,
  type IppResponse,
  type JobStatus,
  type QueueStatus,
} from './ipp'
import type {
  JobOutcome,
  Pair,
  PrintJob,
  Printer,
  PrinterInfo,
  PrinterProfile,
  Readiness,
} from './printer'

export interface CupsPrinterOptions {
  queue: string
  run?: CommandRunner
  // from lp to a finished job; a ticket printer that needs longer is broken
  jobTimeoutMs?: number
  // the first pause between looks at the job; it grows to maxPollMs
  pollMs?: number
  maxPollMs?: number
  // the scheduler's IPP address; CUPS on this machine unless a test says otherwise
  ippHost?: string
  logger?: Logger
}

// CUPS allows more, but a kiosk's queue needs no spaces, slashes or quotes, and a leading dash
// would read as an option to lp
const queuePattern = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,126}$/

export function isQueueName(name: string): boolean {
  return queuePattern.test(name)
}

// `-o media=Custom.80x150mm`: the profile's page, whatever the queue's default paper is
export function mediaOption([width, height]: Pair): string {
  const mm = (value: number) => String(Number(value.toFixed(2)))

  return `Custom.${mm(width)}x${mm(height)}mm`
}

type Words = readonly [ru: string, en: string]

interface Failure {
  words: Words[]
  // the spooler's own text, shown as it came
  detail?: string
}

// The CUPS backend of DESIGN.md: lp with the profile's page size, then the job followed by its
// id until CUPS says how it ended. A job that has not completed is cancelled before the blank
// is written off, so it cannot come out later on a blank that no longer counts.
export function createCupsPrinter(options: CupsPrinterOptions): Printer {
  const { queue } = options
  const run = options.run ?? execFileRunner
  const log = options.logger ?? silentLogger
  const timeoutMs = options.jobTimeoutMs ?? 120_000
  const pollMs = options.pollMs ?? 50
  const maxPollMs = options.maxPollMs ?? 1000
  const name = `cups:${queue}`
  const uri = `ipp://${options.ippHost ?? 'localhost'}/printers/${encodeURIComponent(queue)}`
  let testFiles: { printer: string; job: string } | null = null

  const files = () => {
    if (testFiles) return testFiles

    const dir = mkdtempSync(join(tmpdir(), 'bso-kiosk-ipp-'))
    testFiles = { printer: join(dir, 'printer.test'), job: join(dir, 'job.test') }
    writeFileSync(testFiles.printer, printerTestFile)
    writeFileSync(testFiles.job, jobTestFile)

    return testFiles
  }

  const ipptool = async (file: string, variables: string[] = []) => {
    const args = ['-tvI', '-T', '10', ...variables.flatMap((v) => ['-d', v]), uri, file]

    return answerOf(await run('ipptool', args, { timeoutMs: 15_000 }))
  }

  const readQueue = async (): Promise<QueueStatus | Failure> => {
    const answer = await ipptool(files().printer)
    if ('words' in answer) return answer

    const response = answer[0]
    if (!response) return schedulerDown('')
    if (response.status === 'client-error-not-found') {
      return { words: [[`нет очереди ${queue}`, `there is no CUPS queue ${queue}`]] }
    }
    if (!response.status.startsWith('successful-ok')) return refused(response)

    return queueStatus(response)
  }

  const readJob = async (
    id: number,
  ): Promise<{ job: JobStatus | null; queue: QueueStatus | null }> => {
    const answer = await ipptool(files().job, [`job_id=${id}`])
    if ('words' in answer) return { job: null, queue: null }

    const [jobAnswer, queueAnswer] = answer
    const ok = (r: IppResponse | undefined) => r?.status.startsWith('successful-ok') === true
    const gone = jobAnswer?.status === 'client-error-not-found'

    return {
      job: ok(jobAnswer) && jobAnswer ? jobStatus(jobAnswer) : gone ? missingJob : null,
      queue: ok(queueAnswer) && queueAnswer ? queueStatus(queueAnswer) : null,
    }
  }

  const cancel = async (jobId: string): Promise<string | null> => {
    const result = await run('cancel', [jobId], { timeoutMs: 15_000 })
    if (result.code === 0) return null

    return firstLine(result.stderr) || firstLine(result.stdout) || result.failure || 'cancel failed'
  }

  const failed = (jobId: string | null, failure: Failure): JobOutcome => ({
    status: 'failed',
    printer: name,
    jobId,
    reason: inPlainWords(failure),
  })

  // cancels, then looks once more: a job that completed meanwhile did come out of the printer
  const giveUp = async (jobId: string, id: number, failure: Failure): Promise<JobOutcome> => {
    const refusal = await cancel(jobId)
    const after = (await readJob(id)).job
    if (after?.state === 'completed') {
      log.info(`job ${jobId} completed while it was being cancelled`)
      return { status: 'completed', printer: name, jobId }
    }

    const words: Words[] = refusal
      ? [['задание снять не удалось — уберите его из очереди вручную', 'could not cancel the job']]
      : [['задание снято с печати', 'the job was cancelled']]
    log.warn(`job ${jobId} on ${queue} given up`, { cancelled: refusal === null })

    return failed(jobId, {
      words: [...failure.words, ...words],
      ...withDetail(failure.detail, refusal),
    })
  }

  const follow = async (jobId: string, id: number): Promise<JobOutcome> => {
    const deadline = Date.now() + timeoutMs
    let pause = pollMs
    let last: { job: JobStatus | null; queue: QueueStatus | null }

    for (;;) {
      last = await readJob(id)
      const verdict = judge(last.job, last.queue)
      if (verdict === 'completed') return { status: 'completed', printer: name, jobId }
      if (verdict !== 'waiting') {
        return verdict.cancel ? giveUp(jobId, id, verdict) : failed(jobId, verdict)
      }

      const left = deadline - Date.now()
      if (left <= 0) break

      await sleep(Math.min(pause, left))
      pause = Math.min(maxPollMs, Math.round(pause * 1.5))
    }

    const seconds = Math.round(timeoutMs / 1000)
    const stuck = last.job ? jobWords(last.job) : []

    return giveUp(jobId, id, {
      words: [
        [`задание не напечаталось за ${seconds} с`, `the job did not finish in ${seconds} s`],
        ...stuck,
        ...queueWords(last.queue),
      ],
      ...(last.job?.message ? { detail: last.job.message } : {}),
    })
  }

  return {
    kind: 'cups',
    name,

    async listPrinters(): Promise<PrinterInfo[]> {
      const listed = await run('lpstat', ['-e'], { timeoutMs: 15_000 })
      const names = listed.code === 0 ? listed.stdout.split(/\r?\n/).map((l) => l.trim()) : []
      const queues = names.filter(isQueueName)
      if (!queues.includes(queue)) queues.push(queue)

      const ready = await this.checkReady()

      return queues.map((q) => ({ name: `cups:${q}`, ready: q === queue && ready.ready }))
    },

    async checkReady(): Promise<Readiness> {
      if (!isQueueName(queue)) {
        return notReady({ words: [['имя очереди недопустимо', 'the queue name is not valid']] })
      }

      const status = await readQueue()
      if ('words' in status) return notReady(status)

      const problems = queueProblems(status)
      if (status.queuedJobs > 0) {
        const count = status.queuedJobs
        problems.push([
          `в очереди уже ждут задания (${count}): бланк получил бы чужую печать`,
          `${count} job(s) already waiting: a blank would get another job's print`,
        ])
      }
      if (problems.length === 0) return { ready: true }

      return notReady({
        words: [[`принтер ${queue} не готов`, `printer ${queue} is not ready`], ...problems],
        ...(status.message ? { detail: status.message } : {}),
      })
    },

    async print(job: PrintJob): Promise<JobOutcome> {
      if (!isQueueName(queue)) {
        return failed(null, { words: [['имя очереди недопустимо', 'the queue name is not valid']] })
      }

      const args = lpArguments(queue, job.profile, job)
      const submitted = await run('lp', args, { input: job.document, timeoutMs: 60_000 })
      const id = requestId(submitted.stdout, queue)
      if (submitted.code !== 0 || id === null) {
        const detail =
          firstLine(submitted.stderr) || submitted.failure || firstLine(submitted.stdout)
        return failed(null, {
          words: [['CUPS не принял задание', 'CUPS did not take the job']],
          ...(detail ? { detail } : {}),
        })
      }

      const jobId = `${queue}-${id}`
      log.info(`ticket ${job.ticketId} sent to ${queue} as job ${jobId}`)

      return follow(jobId, id)
    },
  }
}

export function lpArguments(queue: string, profile: PrinterProfile, job: PrintJob): string[] {
  const title = `bso-kiosk ${job.ticketId} ${job.serial}`.replace(/[^\w .-]/g, '')

  return [
    '-d',
    queue,
    '-n',
    '1',
    '-o',
    `media=${mediaOption(profile.pageSize)}`,
    // a scaled barcode is a barcode the turnstile may refuse: the page is printed as it is
    '-o',
    'print-scaling=none',
    // one blank was assigned: a second page would come out on a blank no ticket holds
    '-o',
    'page-ranges=1',
    '-t',
    title,
  ]
}

// "request id is bso-test-12 (1 file(s))"
export function requestId(stdout: string, queue: string): number | null {
  const match = /request id is (\S+)-(\d+)\b/i.exec(stdout)
  if (!match || match[1]?.toLowerCase() !== queue.toLowerCase()) return null

  const id = Number(match[2])

  return Number.isSafeInteger(id) && id > 0 ? id : null
}

const missingJob: JobStatus = { state: 'gone', reasons: [], message: '' }

type Verdict = 'completed' | 'waiting' | (Failure & { cancel: boolean })

// How CUPS's answer ends the wait. Held and stopped jobs are not over: they can still print
// once someone releases them, so they are cancelled before the blank is written off.
export function judge(job: JobStatus | null, queue: QueueStatus | null): Verdict {
  if (!job) return 'waiting'

  switch (job.state) {
    case 'completed':
      return 'completed'
    case 'canceled':
    case 'aborted':
      return { words: jobWords(job), cancel: false, ...detailOf(job) }
    case 'processing-stopped':
    case 'pending-held':
      return { words: [...jobWords(job), ...queueWords(queue)], cancel: true, ...detailOf(job) }
    case 'gone':
      return { words: jobWords(job), cancel: true }
  }

  const problems = queue ? queueProblems(queue) : []
  if (problems.length > 0) {
    return { words: problems, cancel: true, ...(queue?.message ? { detail: queue.message } : {}) }
  }

  return 'waiting'
}

function detailOf(job: JobStatus): { detail?: string } {
  return job.message ? { detail: job.message } : {}
}

const jobStates: Record<string, Words> = {
  canceled: ['задание отменено', 'the job was cancelled'],
  aborted: ['задание прервано системой печати', 'the print system aborted the job'],
  'processing-stopped': ['печать задания остановлена', 'the job stopped printing'],
  'pending-held': ['задание задержано в очереди', 'the job is held in the queue'],
  pending: ['задание ждёт в очереди', 'the job is still waiting in the queue'],
  processing: ['задание ещё печатается', 'the job is still printing'],
  gone: [
    'CUPS не помнит задание (выключен PreserveJobHistory?)',
    'CUPS no longer knows the job (is PreserveJobHistory off?)',
  ],
}

const jobReasons: Record<string, Words> = {
  'job-hold-until-specified': ['задание отложено', 'the job is on hold'],
  'aborted-by-system': ['прервано системой', 'aborted by the system'],
  'job-canceled-by-user': ['отменено пользователем', 'cancelled by a user'],
  'job-canceled-by-operator': ['отменено оператором', 'cancelled by the operator'],
  'job-canceled-at-device': ['отменено на принтере', 'cancelled at the printer'],
  'document-format-error': ['принтер не понял документ', 'the printer could not read the document'],
  'document-unprintable-error': ['документ не печатается', 'the document cannot be printed'],
  'printer-stopped': ['принтер остановлен', 'the printer is stopped'],
}

const printerReasons: Record<string, Words> = {
  paused: ['очередь приостановлена (cupsdisable)', 'the queue is paused (cupsdisable)'],
  'media-empty': ['закончились бланки', 'out of paper'],
  'media-needed': ['нужно вставить бланки', 'paper is needed'],
  'media-jam': ['замятие бланка', 'paper jam'],
  'input-tray-missing': ['нет лотка', 'the paper tray is missing'],
  'cover-open': ['открыта крышка', 'a cover is open'],
  'door-open': ['открыта дверца', 'a door is open'],
  'toner-empty': ['закончился тонер', 'out of toner'],
  'marker-supply-empty': ['закончилась краска или лента', 'out of ink or ribbon'],
  'offline-report': ['принтер не в сети', 'the printer is offline'],
  offline: ['принтер не в сети', 'the printer is offline'],
  shutdown: ['принтер выключен', 'the printer is shut down'],
  'connecting-to-device': ['нет связи с принтером', 'cannot reach the printer'],
  'timed-out': ['принтер не отвечает', 'the printer does not answer'],
  'spool-area-full': ['переполнен диск очереди', 'the spool area is full'],
  'cups-missing-filter': ['нет фильтра драйвера', 'a driver filter is missing'],
  'cups-insecure-filter': ['фильтр драйвера небезопасен', 'a driver filter is insecure'],
  'moving-to-paused': ['очередь останавливается', 'the queue is pausing'],
  other: ['ошибка принтера', 'printer error'],
}

function jobWords(job: JobStatus): Words[] {
  const state = jobStates[job.state] ?? [`задание: ${job.state}`, `job state ${job.state}`]
  const reasons = job.reasons.flatMap((r) => (Object.hasOwn(jobReasons, r) ? [jobReasons[r]] : []))

  return [state, ...reasons.filter((w): w is Words => w !== undefined)]
}

// Every reason CUPS gives, in words; an unknown one is named as it came.
function queueWords(queue: QueueStatus | null, only = (_reason: string) => true): Words[] {
  if (!queue) return []

  return queue.reasons.filter(only).flatMap((reason): Words[] => {
    const bare = reason.replace(/-(error|warning|report)$/, '')
    const words = Object.hasOwn(printerReasons, bare) ? printerReasons[bare] : undefined
    if (words) return [words]

    return isBlocking(reason) ? [[`ошибка: ${bare}`, `error: ${bare}`]] : []
  })
}

// IPP reads a reason without a suffix as an error; CUPS's own cups-* keywords and the
// transient connecting-to-device come and go while a job prints normally
function isBlocking(reason: string): boolean {
  // a report, but a job sent to a printer that is off would only wait for the time limit
  if (reason === 'offline-report') return true
  if (/-(warning|report)$/.test(reason)) return false
  if (reason === 'connecting-to-device' || reason === 'processing-to-stop-point') return false

  return !reason.startsWith('cups-') || /^cups-(missing|insecure)-filter/.test(reason)
}

// What keeps a job from printing now: a stopped queue, a queue that refuses jobs, an error.
function queueProblems(queue: QueueStatus): Words[] {
  const problems: Words[] = []

  if (queue.state === 'stopped') problems.push(['очередь остановлена', 'the queue is stopped'])
  if (!queue.accepting) {
    problems.push([
      'очередь не принимает задания (cupsreject)',
      'the queue refuses jobs (cupsreject)',
    ])
  }

  return dedupe([...problems, ...queueWords(queue, isBlocking)])
}

function dedupe(words: Words[]): Words[] {
  const seen = new Set<string>()

  return words.filter(([ru]) => !seen.has(ru) && seen.add(ru))
}

// "очередь остановлена; очередь приостановлена / the queue is stopped; … («Paused»)"
export function inPlainWords(failure: Failure): string {
  const words = dedupe(failure.words)
  const ru = words.map(([r]) => r).join('; ')
  const en = words.map(([, e]) => e).join('; ')

  return failure.detail ? `${ru} / ${en} («${failure.detail}»)` : `${ru} / ${en}`
}

function notReady(failure: Failure): Readiness {
  return { ready: false, reason: inPlainWords(failure) }
}

function answerOf(result: CommandResult): IppResponse[] | Failure {
  if (result.failure === 'not-installed') {
    return {
      words: [
        [
          'не установлен ipptool (пакет cups-ipp-utils): без него не проследить задание',
          'ipptool is not installed (package cups-ipp-utils): jobs cannot be followed',
        ],
      ],
    }
  }

  const responses = parseIpptool(result.stdout)
  if (responses.length === 0) return schedulerDown(firstLine(result.stderr) || result.failure)

  return responses
}

function schedulerDown(detail: string | undefined): Failure {
  return {
    words: [['система печати CUPS не отвечает', 'the CUPS scheduler does not answer']],
    ...(detail ? { detail } : {}),
  }
}

function refused(response: IppResponse): Failure {
  return {
    words: [['CUPS отказал в запросе', 'CUPS refused the request']],
    detail: response.statusMessage || response.status,
  }
}

function withDetail(detail: string | undefined, refusal: string | null): { detail?: string } {
  const text = [detail, refusal].filter(Boolean).join('; ')

  return text ? { detail: text } : {}
}

function firstLine(text: string): string {
  return (
    text
      .split(/\r?\n/)
      .map((l) => l.trim())
      .find(Boolean) ?? ''
  )
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
