import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { PDFDocument } from 'pdf-lib'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { SessionSnapshot } from '../../contract/kiosk'
import { createCupsPrinter } from '../../main/core/printing/cups'
import { profilePresets, type PrinterProfile } from '../../main/core/printing/printer'
import { printTestTicket } from '../../main/core/printing/test-print'
import { startPoligon, type Poligon } from '../../main/poligon'
import { makeCore, type Core } from '../support/core'
import {
  brokenOutput,
  brokenOutputDir,
  brokenQueue,
  cupsCommand,
  emptyOutput,
  goodQueue,
  printedPages,
  requireCups,
} from '../support/cups'

// Real tickets through a real CUPS (scripts/cups-test-setup.sh): the cups backend, the print
// session and the simulator together. The queues' devices are files, so what "came out of
// the printer" can be read back and measured.

const mmToPt = 72 / 25.4
const thermal = profilePresets['thermal-80x150']!
const a4 = profilePresets['a4-sheet']!
const paidOrder = { orderId: '12100001', pincode: '9876' }
const otherPaidOrder = { orderId: '12100003', pincode: '9876' }

let poligon: Poligon

const cups = (queue: string) =>
  createCupsPrinter({ queue, jobTimeoutMs: 20_000, pollMs: 50, maxPollMs: 250 })

function core(queue: string): Core {
  return makeCore({ apiUrl: poligon.url, partnerKey: poligon.partnerKey, printer: cups(queue) })
}

async function openForPrinting(session: Core['session'], order: typeof paidOrder) {
  await session.lookUpOrder(order)
  const snapshot = await session.beginPrinting()
  expect(snapshot.stage).toBe('blank')

  return snapshot
}

function blankOf(orderId: number, ticketId: number | null): string | null {
  const order = poligon.state().orders.find((o) => o.id === orderId)
  const blank = order?.tickets.find((t) => t.id === ticketId)?.blank

  return blank && !blank.defect ? `${blank.seria}${blank.number_str}` : null
}

function expectPage(profile: PrinterProfile) {
  const pages = printedPages()
  expect(pages).toHaveLength(1)
  // the driver writes whole points: 1 pt is 0.35 mm
  expect(pages[0]?.widthMm).toBeCloseTo(profile.pageSize[0], 0)
  expect(pages[0]?.heightMm).toBeCloseTo(profile.pageSize[1], 0)
  expect(Math.abs((pages[0]?.widthMm ?? 0) - profile.pageSize[0])).toBeLessThan(0.5)
  expect(Math.abs((pages[0]?.heightMm ?? 0) - profile.pageSize[1])).toBeLessThan(0.5)

  const page = pages[0]
  process.stdout.write(
    `cups ${profile.id}: printed ${page?.widthMm.toFixed(2)}×${page?.heightMm.toFixed(2)} mm ` +
      `for a page of ${profile.pageSize[0]}×${profile.pageSize[1]} mm\n`,
  )

  return page
}

beforeAll(async () => {
  await requireCups()
  poligon = await startPoligon({ flavour: 'polygon' })
})

afterEach(async () => {
  rmSync(brokenOutputDir, { recursive: true, force: true })
  for (const queue of [goodQueue, brokenQueue]) {
    await cupsCommand('cupsenable', queue)
    await cupsCommand('cupsaccept', queue)
    await cupsCommand('cancel', '-a', queue)
  }
})

afterAll(async () => {
  await poligon?.close()
})

describe('the cups backend on a file queue', () => {
  it.each([
    ['thermal-80x150', thermal],
    ['a4-sheet', a4],
  ])(
    'prints the sample ticket in %s and the page that comes out is the profile’s',
    async (_id, profile) => {
      emptyOutput()

      const outcome = await printTestTicket(cups(goodQueue), profile)

      expect(outcome).toMatchObject({ status: 'completed', printer: `cups:${goodQueue}` })
      const page = expectPage(profile)
      expect(page?.title).toMatch(/^bso-kiosk \d+ TEST000000$/)
    },
  )

  it('prints one page of a two-page document: one blank was assigned', async () => {
    const pdf = await PDFDocument.create()
    pdf.addPage([thermal.pageSize[0] * mmToPt, thermal.pageSize[1] * mmToPt])
    pdf.addPage([thermal.pageSize[0] * mmToPt, thermal.pageSize[1] * mmToPt])
    emptyOutput()

    const outcome = await cups(goodQueue).print({
      document: Buffer.from(await pdf.save()),
      profile: thermal,
      orderId: 1,
      ticketId: 2,
      serial: 'AD000001',
    })

    expect(outcome.status).toBe('completed')
    expectPage(thermal)
  })

  it('is not ready for a queue that does not exist', async () => {
    const readiness = await cups('bso-test-no-such-queue').checkReady()

    expect(readiness).toEqual({
      ready: false,
      reason: 'нет очереди bso-test-no-such-queue / there is no CUPS queue bso-test-no-such-queue',
    })
  })
})

describe('a print session on CUPS', () => {
  it('prints each ticket on its blank, and the journal says which job did it', async () => {
    const { session, journal } = core(goodQueue)
    let snapshot: SessionSnapshot = await openForPrinting(session, paidOrder)
    const printed: string[] = []

    for (const serial of ['AD100001', 'AD100002']) {
      const ticketId = snapshot.currentTicketId
      emptyOutput()
      snapshot = await session.enterBlank({ serial, source: 'typed' })
      expect(snapshot.error).toBeNull()
      expect(snapshot.stage).toBe('check')
      expectPage(thermal)
      expect(blankOf(12100001, ticketId)).toBe(serial)
      printed.push(serial)
      snapshot = await session.confirmPrinted()
    }

    expect(snapshot.stage).toBe('done')
    const done = journal.read().records.filter((r) => r.step === 'print-done')
    expect(done.map((r) => r.serial)).toEqual(printed)
    for (const record of done) {
      expect(record).toMatchObject({ printer: `cups:${goodQueue}` })
      expect(record.jobId).toMatch(/^bso-test-\d+$/)
    }
    const intents = journal.read().records.filter((r) => r.step === 'print-intent')
    expect(intents.map((r) => r.profile)).toEqual([thermal.id, thermal.id])
  })

  it('refuses the next blank while the queue is disabled, says why, and spends none', async () => {
    const { session } = core(goodQueue)
    const before = poligon.state().assignments.length
    await openForPrinting(session, otherPaidOrder)
    await cupsCommand('cupsdisable', '-r', 'blanks being loaded', goodQueue)

    const refused = await session.enterBlank({ serial: 'AD200001', source: 'typed' })

    expect(refused.stage).toBe('blank')
    expect(refused.error?.code).toBe('printer-unavailable')
    expect(refused.error?.detail).toContain('очередь приостановлена')
    expect(refused.error?.detail).toContain('the queue is paused')
    expect(refused.error?.detail).toContain('blanks being loaded')
    expect(poligon.state().assignments).toHaveLength(before)

    await cupsCommand('cupsenable', goodQueue)
    emptyOutput()
    const printed = await session.enterBlank({ serial: 'AD200001', source: 'typed' })

    expect(printed.error).toBeNull()
    expect(blankOf(12100003, printed.currentTicketId)).toBe('AD200001')
    expectPage(thermal)
  })

  it('writes off the blank of a job that did not print, and reprints after the fix', async () => {
    const { session, journal } = core(brokenQueue)
    const opened = await openForPrinting(session, { orderId: '12100020', pincode: '9876' })
    const ticketId = opened.currentTicketId

    const failed = await session.enterBlank({ serial: 'AD300001', source: 'typed' })

    expect(failed.error?.code).toBe('printer-failed')
    expect(failed.error?.detail).toContain('the job stopped printing')
    expect(failed.error?.detail).toContain('the job was cancelled')
    expect(failed.stage).toBe('blank')
    expect(failed.currentTicketId).toBe(ticketId)
    expect(poligon.state().defects.map((d) => d.serial)).toContain('AD300001')
    expect(blankOf(12100020, ticketId)).toBeNull()
    // cancelled, so it cannot come out later on the blank written off
    const left = await createCupsPrinter({ queue: brokenQueue }).checkReady()
    expect(left).toEqual({ ready: true })

    mkdirSync(brokenOutputDir, { recursive: true })
    writeFileSync(brokenOutput, '')
    const reprinted = await session.enterBlank({ serial: 'AD300002', source: 'typed' })

    expect(reprinted.error).toBeNull()
    expect(reprinted.currentTicketId).toBe(ticketId)
    expect(blankOf(12100020, ticketId)).toBe('AD300002')
    expect(printedPages(brokenOutput)).toHaveLength(1)

    const records = journal.read().records
    const failure = records.find((r) => r.step === 'print-failed')
    expect(failure).toMatchObject({
      ticketId,
      serial: 'AD300001',
      printer: `cups:${brokenQueue}`,
      jobId: expect.stringMatching(/^bso-test-broken-\d+$/),
      reason: expect.stringContaining('задание снято с печати'),
    })
    expect(records.find((r) => r.step === 'print-done')).toMatchObject({
      ticketId,
      serial: 'AD300002',
      jobId: expect.stringMatching(/^bso-test-broken-\d+$/),
    })
  })
})
