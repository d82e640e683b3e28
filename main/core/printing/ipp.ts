// What CUPS says about a queue and a job, read through ipptool: unlike lpstat, IPP tells a job
// that completed from one that was aborted or cancelled (`lpstat -l` shows the same "Alerts" for
// all three), and its keywords do not change with the locale.

export interface IppResponse {
  name: string
  status: string
  statusMessage: string
  attributes: Map<string, string>
}

export interface QueueStatus {
  state: string
  reasons: string[]
  message: string
  accepting: boolean
  queuedJobs: number
}

export interface JobStatus {
  state: string
  reasons: string[]
  message: string
}

const header = /^\s{2,6}(\S.*?)\s+\[(PASS|FAIL|SKIP)\]\s*$/
const statusLine = /^\s+status-code = (\S+)(?: \((.*)\))?\s*$/
const attributeLine = /^\s+([a-z][a-z0-9-]*) \(([^)]*)\) = ?(.*)$/

// ipptool -tv prints each request's attributes, then "NAME  [PASS]" and the response's: only
// lines after a result header are the server's answer. Anything unexpected is skipped.
export function parseIpptool(text: string): IppResponse[] {
  const responses: IppResponse[] = []
  let current: IppResponse | null = null

  for (const line of text.split(/\r?\n/)) {
    const started = header.exec(line)
    if (started) {
      current = { name: started[1] ?? '', status: '', statusMessage: '', attributes: new Map() }
      responses.push(current)
      continue
    }
    if (!current) continue

    if (/^\s{2,6}\S.*:\s*$/.test(line) && !line.includes(' = ')) {
      current = null
      continue
    }

    const status = statusLine.exec(line)
    if (status && !current.status) {
      current.status = status[1] ?? ''
      current.statusMessage = status[2] ?? ''
      continue
    }

    const attribute = attributeLine.exec(line)
    if (attribute?.[1] && !current.attributes.has(attribute[1])) {
      current.attributes.set(attribute[1], (attribute[3] ?? '').trim())
    }
  }

  return responses
}

export function queueStatus(response: IppResponse): QueueStatus {
  const a = response.attributes
  const jobs = Number(a.get('queued-job-count') ?? '0')

  return {
    state: a.get('printer-state') ?? 'unknown',
    reasons: keywords(a.get('printer-state-reasons')),
    message: a.get('printer-state-message') ?? '',
    accepting: a.get('printer-is-accepting-jobs') === 'true',
    queuedJobs: Number.isFinite(jobs) && jobs > 0 ? Math.floor(jobs) : 0,
  }
}

export function jobStatus(response: IppResponse): JobStatus {
  const a = response.attributes

  return {
    state: a.get('job-state') ?? 'unknown',
    reasons: keywords(a.get('job-state-reasons')),
    message: a.get('job-printer-state-message') || a.get('job-state-message') || '',
  }
}

function keywords(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter((k) => /^[a-z0-9-]+$/.test(k) && k !== 'none')
}

const request = (name: string, operation: string, extra: string[], wanted: string[]): string =>
  [
    '{',
    `  NAME "${name}"`,
    `  OPERATION ${operation}`,
    '  GROUP operation-attributes-tag',
    '  ATTR charset attributes-charset utf-8',
    '  ATTR naturalLanguage attributes-natural-language en',
    '  ATTR uri printer-uri $uri',
    ...extra,
    '  ATTR name requesting-user-name $user',
    `  ATTR keyword requested-attributes ${wanted.join(',')}`,
    '  STATUS successful-ok',
    '}',
  ].join('\n')

const printerRequest = request(
  'printer',
  'Get-Printer-Attributes',
  [],
  [
    'printer-state',
    'printer-state-reasons',
    'printer-state-message',
    'printer-is-accepting-jobs',
    'queued-job-count',
  ],
)

export const printerTestFile = `${printerRequest}\n`

export const jobTestFile = [
  request(
    'job',
    'Get-Job-Attributes',
    ['  ATTR integer job-id $job_id'],
    ['job-state', 'job-state-reasons', 'job-printer-state-message', 'job-state-message'],
  ),
  printerRequest,
  '',
].join('\n')
