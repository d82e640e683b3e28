import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs'
import { basename, dirname, join } from 'node:path'

// Every step of every print session, one JSON object a line. A record is written and synced
// before the call it announces, so after a power cut the file says what may have happened;
// the writes are synchronous on purpose: nothing else may run between "record" and "call".

export type JournalStep =
  | 'session-opened'
  | 'payment-intent'
  | 'payment-done'
  | 'payment-unknown'
  | 'payment-failed'
  | 'assign-intent'
  | 'assign-done'
  | 'assign-failed'
  | 'assign-unknown'
  | 'download-intent'
  | 'document-stored'
  | 'download-failed'
  | 'print-intent'
  | 'print-done'
  | 'print-failed'
  | 'ticket-confirmed'
  | 'defect-intent'
  | 'defect-done'
  | 'defect-failed'
  | 'defect-unknown'
  | 'session-closed'
  // the operator's records (session "operator"): a stack of blanks and the end of a shift
  | 'stock-loaded'
  | 'stock-removed'
  | 'shift-closed'
  // the first record of a journal begun at a shift's close: the stack still in the printer
  | 'stock-carried'

export interface JournalRecord {
  seq: number
  at: string
  session: string
  step: JournalStep
  orderId?: number
  ticketId?: number
  serial?: string
  amount?: number
  token?: string
  document?: string
  printer?: string
  jobId?: string | null
  profile?: string
  reason?: string
  // stock-loaded: the stack's size; stock-removed: the blanks still in it
  count?: number
  // stock-carried: when the stack was loaded, its blanks the printer has taken, those written
  // off, and the one the server refused
  loadedAt?: string
  consumed?: string[]
  spoiledSerials?: string[]
  refused?: string
  // kept so that an interrupted session can re-read its order after a restart; the file is
  // readable by its owner only and the logger never writes it
  pincode?: string
}

export type JournalEntry = Omit<JournalRecord, 'seq' | 'at'>

export interface JournalReading {
  records: JournalRecord[]
  // a last line cut short by a power cut: reported, never fatal
  tornTail: string | null
  badLines: number
}

export interface Journal {
  readonly path: string
  // the file as it was read when the journal was opened: start-up needs it once (the stock,
  // an unfinished session), and after weeks it is too long to read again and again
  readonly opening: JournalReading
  append(entry: JournalEntry): JournalRecord
  // the last records, newest last, from memory
  recent(count: number): JournalRecord[]
  read(): JournalReading
  // Begins a new file whose first records are `carry`; the old file is kept beside it under
  // the name returned. Only between sessions: the new file knows nothing of an open one.
  rotate(carry: readonly JournalEntry[]): string
  close(): void
}

// how many records recent() can give without touching the disk
const recentKept = 200

export function openJournal(path: string, now: () => Date = () => new Date()): Journal {
  mkdirSync(dirname(path), { recursive: true })
  finishRotation(path)

  const text = readJournalText(path)
  const initial = parseJournal(text)
  let seq = initial.records.at(-1)?.seq ?? 0
  let fd = openSync(path, 'a', 0o600)

  // a last line without its newline (torn, or whole but cut just before the newline) is closed
  // so the next record starts on a line of its own instead of spoiling both
  if (text !== '' && !text.endsWith('\n')) writeSync(fd, '\n')

  const tail = initial.records.slice(-recentKept)

  return {
    path,
    opening: initial,

    append(entry) {
      seq += 1
      const record: JournalRecord = { seq, at: now().toISOString(), ...entry }
      writeSync(fd, JSON.stringify(record) + '\n')
      fsyncSync(fd)

      tail.push(record)
      if (tail.length > recentKept) tail.shift()

      return record
    },

    // The new file is written and synced in full before the old one is moved aside, and seq
    // goes on from the old file's: a crash at any point leaves one whole journal (see
    // finishRotation), never none.
    rotate(carry) {
      const at = now()
      const records = carry.map((entry, n) => ({
        seq: seq + n + 1,
        at: at.toISOString(),
        ...entry,
      }))
      const next = `${path}${nextSuffix}`
      const nextFd = openSync(next, 'w', 0o600)
      writeSync(nextFd, records.map((record) => JSON.stringify(record) + '\n').join(''))
      fsyncSync(nextFd)
      closeSync(nextFd)

      const archive = archivePath(path, at)
      closeSync(fd)
      renameSync(path, archive)
      renameSync(next, path)
      syncFolder(dirname(path))

      fd = openSync(path, 'a', 0o600)
      seq += records.length
      tail.push(...records)
      tail.splice(0, Math.max(0, tail.length - recentKept))

      return archive
    },

    recent: (count) => tail.slice(-Math.min(count, recentKept)),

    read: () => readJournalFile(path),

    close: () => closeSync(fd),
  }
}

const nextSuffix = '.next'

// journal.jsonl → journal-2026-12-04T21-05-00-000Z.jsonl, beside it
function archivePath(path: string, at: Date): string {
  const stamp = at.toISOString().replace(/[:.]/g, '-')
  const name = basename(path).replace(/\.jsonl$/, '')

  return join(dirname(path), `${name}-${stamp}.jsonl`)
}

// A rotation cut short: the new file was written but the old one still stands (the new one is
// dropped, and the stack it carried is in the old one), or the old one was moved aside and
// the new one not yet put in its place (it is put there now).
function finishRotation(path: string): void {
  const next = `${path}${nextSuffix}`
  if (!existsSync(next)) return

  if (existsSync(path)) rmSync(next)
  else renameSync(next, path)
}

// the renames themselves survive a power cut once the folder is synced (not on Windows, which
// cannot open a folder for that and journals renames itself)
function syncFolder(folder: string): void {
  try {
    const fd = openSync(folder, 'r')
    fsyncSync(fd)
    closeSync(fd)
  } catch {
    // nothing more can be done here
  }
}

export function readJournalFile(path: string): JournalReading {
  return parseJournal(readJournalText(path))
}

// a journal that cannot be read yet is an empty one
function readJournalText(path: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return ''
  }
}

function parseJournal(text: string): JournalReading {
  const lines = text.split('\n')
  const tail = lines.pop() ?? ''
  const records: JournalRecord[] = []
  let badLines = 0

  for (const line of lines) {
    if (line.trim() === '') continue

    const record = parseRecord(line)
    if (record) records.push(record)
    else badLines += 1
  }

  // no newline at the end: the last write did not finish
  const tornTail = tail.trim() === '' ? null : tail
  const lastRecord = tornTail === null ? null : parseRecord(tornTail)
  if (lastRecord) records.push(lastRecord)

  return { records, tornTail: lastRecord ? null : tornTail, badLines }
}

function parseRecord(line: string): JournalRecord | null {
  try {
    const value = JSON.parse(line) as Partial<JournalRecord>
    const valid =
      typeof value.seq === 'number' &&
      typeof value.session === 'string' &&
      typeof value.step === 'string'

    return valid ? (value as JournalRecord) : null
  } catch {
    return null
  }
}
