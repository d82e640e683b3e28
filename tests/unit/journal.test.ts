import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { KioskError } from '../../main/core/errors'
import { createDocumentStore, maxDocumentBytes, verifyPdf } from '../../main/core/journal/documents'
import { openJournal, readJournalFile, type Journal } from '../../main/core/journal/journal'

let dir: string
const opened: Journal[] = []

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bso-journal-'))
})

afterEach(() => {
  for (const journal of opened.splice(0)) journal.close()
  rmSync(dir, { recursive: true, force: true })
})

function open(path = join(dir, 'journal', 'journal.jsonl')): Journal {
  const journal = openJournal(path, () => new Date('2026-12-01T09:00:00.000Z'))
  opened.push(journal)

  return journal
}

const line = (seq: number, step = 'assign-intent') =>
  JSON.stringify({ seq, at: '2026-12-01T09:00:00.000Z', session: 's1', step })

describe('journal', () => {
  it('keeps what it found on opening and its latest records, without reading the file', () => {
    const path = join(dir, 'journal', 'journal.jsonl')
    const earlier = open(path)
    for (let i = 0; i < 250; i += 1) earlier.append({ session: 's0', step: 'assign-intent' })
    earlier.close()
    opened.splice(0)

    const journal = open(path)
    expect(journal.opening.records).toHaveLength(250)
    journal.append({ session: 's1', step: 'session-opened', orderId: 1 })
    rmSync(path)

    const recent = journal.recent(3)
    expect(recent.map((r) => r.seq)).toEqual([249, 250, 251])
    expect(recent.at(-1)?.step).toBe('session-opened')
    expect(journal.recent(1000)).toHaveLength(200)
  })

  it('reads back what was appended, numbered in order', () => {
    const journal = open()

    const first = journal.append({ session: 's1', step: 'session-opened', orderId: 12097256 })
    journal.append({ session: 's1', step: 'assign-intent', ticketId: 5446130, serial: 'AA005501' })

    expect(first).toEqual({
      seq: 1,
      at: '2026-12-01T09:00:00.000Z',
      session: 's1',
      step: 'session-opened',
      orderId: 12097256,
    })
    expect(journal.read()).toEqual({
      records: [
        first,
        {
          seq: 2,
          at: '2026-12-01T09:00:00.000Z',
          session: 's1',
          step: 'assign-intent',
          ticketId: 5446130,
          serial: 'AA005501',
        },
      ],
      tornTail: null,
      badLines: 0,
    })
  })

  it('has the record on disk as soon as append returns', () => {
    const journal = open()

    journal.append({ session: 's1', step: 'payment-intent', orderId: 1, amount: 2200 })
    const text = readFileSync(journal.path, 'utf8')

    expect(text.endsWith('\n')).toBe(true)
    expect(JSON.parse(text.trim())).toMatchObject({ seq: 1, step: 'payment-intent', amount: 2200 })
  })

  it('is readable by its owner only', () => {
    const journal = open()
    journal.append({ session: 's1', step: 'session-opened', pincode: '4831' })

    expect(statSync(journal.path).mode & 0o077).toBe(0)
  })

  it('goes on numbering after a restart', () => {
    const path = join(dir, 'j.jsonl')
    const before = open(path)
    before.append({ session: 's1', step: 'session-opened' })
    before.append({ session: 's1', step: 'session-closed' })

    const after = open(path)
    const record = after.append({ session: 's2', step: 'session-opened' })

    expect(record.seq).toBe(3)
  })

  it('reports a torn last line, and the next record starts on a line of its own', () => {
    const path = join(dir, 'j.jsonl')
    writeFileSync(path, `${line(1)}\n${line(2)}\n{"seq":3,"at":"2026-12-01T09`)

    expect(readJournalFile(path)).toMatchObject({
      tornTail: '{"seq":3,"at":"2026-12-01T09',
      badLines: 0,
    })
    expect(readJournalFile(path).records.map((r) => r.seq)).toEqual([1, 2])

    const journal = open(path)
    journal.append({ session: 's2', step: 'session-opened' })
    const reading = journal.read()

    expect(reading.records.map((r) => [r.seq, r.step])).toEqual([
      [1, 'assign-intent'],
      [2, 'assign-intent'],
      [3, 'session-opened'],
    ])
    // the torn line is closed and stays behind as one bad line
    expect(reading.badLines).toBe(1)
    expect(reading.tornTail).toBeNull()
  })

  it('keeps a whole last record that lost only its newline, and the next one too', () => {
    const path = join(dir, 'j.jsonl')
    writeFileSync(path, `${line(1)}\n${line(2)}`)

    expect(readJournalFile(path).records.map((r) => r.seq)).toEqual([1, 2])

    const journal = open(path)
    journal.append({ session: 's2', step: 'session-opened' })
    const reading = journal.read()

    expect(reading.records.map((r) => r.seq)).toEqual([1, 2, 3])
    expect(reading.badLines).toBe(0)
  })

  it.each([
    ['not JSON', 'garbage'],
    ['JSON null', 'null'],
    ['a number', '42'],
    ['an array', '[1,2]'],
    ['no seq', '{"at":"x","session":"s1","step":"x"}'],
    ['seq as text', '{"seq":"1","session":"s1","step":"x"}'],
    ['no session', '{"seq":1,"step":"x"}'],
    ['no step', '{"seq":1,"session":"s1"}'],
  ])('counts a bad line (%s) and keeps reading', (_, bad) => {
    const path = join(dir, 'j.jsonl')
    writeFileSync(path, `${line(1)}\n${bad}\n\n${line(2)}\n`)

    const reading = readJournalFile(path)

    expect(reading.records.map((r) => r.seq)).toEqual([1, 2])
    expect(reading.badLines).toBe(1)
    expect(reading.tornTail).toBeNull()
  })

  it('reads a missing file as empty', () => {
    expect(readJournalFile(join(dir, 'nothing.jsonl'))).toEqual({
      records: [],
      tornTail: null,
      badLines: 0,
    })
  })
})

const pdf = (body = 'x') => Buffer.from(`%PDF-1.7\n${body}\n%%EOF\n`, 'latin1')

describe('verifyPdf', () => {
  it.each<[string, Buffer, string | null]>([
    ['empty', Buffer.alloc(0), 'empty document'],
    ['not a PDF', Buffer.from('<html>502</html>'), 'not a PDF'],
    ['JSON where a PDF should be', Buffer.from('{"code":1,"message":null}'), 'not a PDF'],
    ['%PDF without the dash', Buffer.from('%PDF1.7\n%%EOF'), 'not a PDF'],
    ['cut short', Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n'), 'PDF cut short (no %%EOF)'],
    [
      '%%EOF far from the end',
      Buffer.from(`%PDF-1.7\n%%EOF\n${'x'.repeat(64)}`),
      'PDF cut short (no %%EOF)',
    ],
    [
      'too large',
      Buffer.concat([pdf(), Buffer.alloc(maxDocumentBytes)]),
      `document larger than ${maxDocumentBytes} bytes`,
    ],
    ['good', pdf(), null],
    ['good without a final newline', Buffer.from('%PDF-1.4\nx\n%%EOF'), null],
    ['good with CRLF after %%EOF', Buffer.from('%PDF-1.4\nx\n%%EOF\r\n\r\n'), null],
  ])('%s', (_, document, want) => {
    expect(verifyPdf(document)).toBe(want)
  })
})

describe('document store', () => {
  it('stores a good PDF under its token and loads it back', async () => {
    const store = createDocumentStore(join(dir, 'documents'))
    const document = pdf('ticket 5446130')

    const stored = await store.store('3f0c6a52-8b1e-4c8e-9d4a-5b2f7e1a9c01', document)

    expect(stored.path).toBe(join(dir, 'documents', '3f0c6a52-8b1e-4c8e-9d4a-5b2f7e1a9c01.pdf'))
    expect(stored.bytes).toBe(document.length)
    expect(stored.sha256).toMatch(/^[0-9a-f]{64}$/)
    expect(await store.load(stored.path)).toEqual(document)
    expect(statSync(stored.path).mode & 0o077).toBe(0)
  })

  it('keeps a token from escaping the folder', async () => {
    const store = createDocumentStore(join(dir, 'documents'))

    const stored = await store.store('../../etc/passwd', pdf())

    expect(stored.path).toBe(join(dir, 'documents', '______etc_passwd.pdf'))
  })

  it.each([
    ['empty', Buffer.alloc(0)],
    ['not a PDF', Buffer.from('{"code":1}')],
    ['cut short', Buffer.from('%PDF-1.7\nhalf')],
  ])('refuses to store a bad document (%s)', async (_, document) => {
    const store = createDocumentStore(join(dir, 'documents'))

    const failure = await store.store('t1', document).catch((error: unknown) => error)

    expect(failure).toBeInstanceOf(KioskError)
    expect((failure as KioskError).code).toBe('document-invalid')
  })

  it('refuses to load a stored document that was damaged on disk', async () => {
    const store = createDocumentStore(join(dir, 'documents'))
    const stored = await store.store('t1', pdf())
    writeFileSync(stored.path, '%PDF-1.7\nhalf')

    await expect(store.load(stored.path)).rejects.toMatchObject({ code: 'document-invalid' })
  })
})

describe('a journal begun anew at a shift close', () => {
  const carried = {
    session: 'operator',
    step: 'stock-carried' as const,
    serial: 'KA000001',
    count: 5,
    consumed: ['KA000001', 'KA000002'],
  }

  it('keeps the old file whole beside it and goes on numbering', () => {
    const path = join(dir, 'journal', 'journal.jsonl')
    const journal = open(path)
    for (let i = 0; i < 3; i += 1) journal.append({ session: 's1', step: 'assign-intent' })
    journal.append({ session: 'operator', step: 'shift-closed' })
    const before = readFileSync(path, 'utf8')

    const archive = journal.rotate([carried])
    const next = journal.append({ session: 's2', step: 'session-opened', orderId: 7 })

    expect(archive).toBe(join(dir, 'journal', 'journal-2026-12-01T09-00-00-000Z.jsonl'))
    expect(readFileSync(archive, 'utf8')).toBe(before)
    expect(readJournalFile(path).records.map((r) => [r.seq, r.step])).toEqual([
      [5, 'stock-carried'],
      [6, 'session-opened'],
    ])
    expect(next.seq).toBe(6)
    expect(journal.recent(3).map((r) => r.seq)).toEqual([4, 5, 6])
    expect(statSync(path).mode & 0o777).toBe(0o600)
  })

  it('reopens after a crash with the new file written and the old one still in place', () => {
    const path = join(dir, 'journal', 'journal.jsonl')
    const journal = open(path)
    journal.append({ session: 'operator', step: 'shift-closed' })
    journal.close()
    opened.splice(0)
    writeFileSync(`${path}.next`, JSON.stringify({ seq: 2, at: 'x', ...carried }) + '\n')

    const reopened = open(path)

    // the rotation did not happen: the old file stands, the half-made new one is gone
    expect(reopened.opening.records.map((r) => r.step)).toEqual(['shift-closed'])
    expect(() => statSync(`${path}.next`)).toThrow()
  })

  it('reopens after a crash with the old file moved aside and the new one not yet in place', () => {
    const path = join(dir, 'journal', 'journal.jsonl')
    mkdirSync(join(dir, 'journal'))
    writeFileSync(`${path}.next`, JSON.stringify({ seq: 9, at: 'x', ...carried }) + '\n')

    const reopened = open(path)

    expect(reopened.opening.records.map((r) => [r.seq, r.step])).toEqual([[9, 'stock-carried']])
    expect(reopened.append({ session: 's3', step: 'session-opened' }).seq).toBe(10)
  })
})
