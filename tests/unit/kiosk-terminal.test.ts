import { afterEach, describe, expect, it } from 'vitest'
import type { JournalRecord } from '../../main/core/journal/journal'
import { manualClock } from '../../main/core/kiosk/clock'
import { Ledger, serialAt } from '../../main/core/kiosk/ledger'
import { reportLines } from '../../main/core/kiosk/report'
import { Terminal } from '../../main/core/kiosk/terminal'
import { findUnfinishedSession } from '../../main/core/session/recovery'
import { createKioskService } from '../../main/core/service'
import { createLogger } from '../../main/core/log'
import { makeOrder, makeRig, PINCODE, type Rig } from '../support/fakes'

// The kiosk's own state in main: the stock and shift folded from the journal, the idle timer
// on a manual clock, the out-of-service monitor and the operator's lock-out.

let rig: Rig | null = null
afterEach(() => rig?.close())

let seq = 0
const at = (step: JournalRecord['step'], extra: Partial<JournalRecord> = {}): JournalRecord => ({
  seq: ++seq,
  at: new Date(Date.UTC(2026, 11, 1, 9, 0, seq)).toISOString(),
  session: 's1',
  step,
  ...extra,
})

describe('serials of a stack', () => {
  it.each([
    ['AA005501', 0, 'AA005501'],
    ['AA005501', 4, 'AA005505'],
    ['AA000999', 1, 'AA001000'],
    ['AA999999', 1, null],
    ['not a serial', 1, null],
  ])('%s + %i = %s', (first, offset, want) => {
    expect(serialAt(first, offset)).toBe(want)
  })
})

describe('the ledger', () => {
  it('takes blanks in order, counts spoiled ones, and gives a refused assignment back', () => {
    const ledger = new Ledger(
      [
        at('stock-loaded', { session: 'operator', serial: 'KA000001', count: 3 }),
        at('payment-done', { amount: 2200 }),
        at('assign-intent', { serial: 'KA000001' }),
        at('assign-done', { serial: 'KA000001' }),
        at('defect-done', { serial: 'KA000001', orderId: 7, ticketId: 70 }),
        at('assign-intent', { serial: 'KA000002' }),
        at('assign-failed', { serial: 'KA000002', reason: 'api-unreachable' }),
        at('assign-intent', { serial: 'KA000002' }),
        at('assign-done', { serial: 'KA000002' }),
        at('ticket-confirmed', { serial: 'KA000002' }),
      ],
      { lowAt: 1 },
    )

    expect(ledger.stock()).toMatchObject({ used: 2, spoiled: 1, left: 1, nextSerial: 'KA000003' })
    expect(ledger.stock()?.low).toBe(true)
    expect(ledger.report()).toMatchObject({
      payments: { count: 1, amount: 2200 },
      ticketsPrinted: 1,
      blanksUsed: 2,
      blanksSpoiled: 1,
      blanksLeft: 1,
      spoiled: [{ serial: 'KA000001', orderId: 7, ticketId: 70 }],
    })

    ledger.apply(at('stock-removed', { session: 'operator', reason: 'removed', count: 1 }))
    // the blank left in the stack is accounted for by serial, not only counted
    expect(ledger.report().removed).toEqual([
      { reason: 'removed', serials: ['KA000003'], at: expect.any(String) },
    ])
    expect(reportLines(ledger.report(), 'ru', 'Europe/Moscow').join('\n')).toContain(
      'KA000003  (пачка вынута',
    )

    const closed = at('shift-closed', { session: 'operator' })
    ledger.apply(closed)
    expect(ledger.stock()).toBeNull()
    expect(ledger.report()).toMatchObject({ ticketsPrinted: 0, blanksUsed: 0, blanksLeft: null })
    // the next shift opened at the close, not at its first order
    expect(ledger.report().openedAt).toBe(closed.at)
  })

  it('marks a blank the server refused, so the kiosk stops for the operator', () => {
    const ledger = new Ledger(
      [
        at('stock-loaded', { session: 'operator', serial: 'KA000001', count: 3 }),
        at('assign-intent', { serial: 'KA000001' }),
        at('assign-failed', { serial: 'KA000001', reason: 'api-rejected' }),
      ],
      { lowAt: 0 },
    )

    expect(ledger.refusedSerial()).toBe('KA000001')
  })
})

function kioskRig(options: { idleSeconds?: number; mode?: 'kiosk' | 'cashier' } = {}) {
  const mode = options.mode ?? 'kiosk'
  const paid = makeOrder({ paid: true })
  const ledger = new Ledger([], { lowAt: 1 })
  rig = makeRig({ orders: [paid], mode, ledger })
  const clock = manualClock()
  const terminal = new Terminal({
    mode,
    lang: 'ru',
    idleSeconds: options.idleSeconds ?? 30,
    operatorPin: '2468',
    session: rig.session,
    ledger,
    printer: rig.printer,
    api: rig.api,
    clock,
    monitorMs: 1000,
  })
  rig.journal.append({ session: 'operator', step: 'stock-loaded', serial: 'KA000001', count: 2 })

  return { rig, clock, ledger, terminal, paid }
}

describe('the terminal', () => {
  it('forgets the customer after the pause, on the clock it was given', async () => {
    const { rig, clock, terminal, paid } = kioskRig()
    terminal.wakeUp()
    terminal.setLanguage('en')
    await rig.session.lookUpOrder({ orderId: String(paid.id), pincode: PINCODE })

    clock.advance(29_000)
    expect(rig.session.snapshot().order).not.toBeNull()
    terminal.touch()
    clock.advance(29_000)
    expect(rig.session.snapshot().order).not.toBeNull()

    clock.advance(1_000)
    await Promise.resolve()
    await new Promise((done) => setTimeout(done, 0))
    expect(rig.session.snapshot()).toMatchObject({ stage: 'start', order: null })
    expect(terminal.snapshot()).toMatchObject({ attract: true, lang: 'ru' })
  })

  it('keeps an interrupted session for the operator, out of service, however long', async () => {
    const { rig, clock, terminal, paid } = kioskRig()
    // the journal of a kiosk that lost power right after it announced a blank
    const ticketId = paid.tickets[0]?.id ?? 0
    rig.journal.append({
      session: 's1',
      step: 'session-opened',
      orderId: paid.id,
      pincode: PINCODE,
    })
    rig.journal.append({ session: 's1', step: 'assign-intent', ticketId, serial: 'KA000001' })
    const plan = findUnfinishedSession(rig.journal.read().records)
    if (!plan) throw new Error('the journal shows no unfinished session')
    await rig.session.restore(plan)

    expect(terminal.snapshot().outOfService).toMatchObject({ cause: 'unfinished-session' })

    clock.advance(10 * 60_000)
    await new Promise((done) => setTimeout(done, 0))
    expect(rig.session.snapshot().stage).toBe('recovery')
    expect(rig.journal.read().records.some((r) => r.step === 'session-closed')).toBe(false)
  })

  it('goes out of service while the printer is not ready and comes back by itself', async () => {
    const { rig, terminal } = kioskRig()
    expect((await terminal.checkNow()).outOfService).toBeNull()

    rig.printer.readiness = { ready: false, reason: 'queue disabled' }
    expect((await terminal.checkNow()).outOfService).toEqual({
      cause: 'printer',
      reason: 'E-PRN',
      detail: 'queue disabled',
    })

    rig.printer.readiness = { ready: true }
    expect((await terminal.checkNow()).outOfService).toBeNull()
  })

  it('prints a paid order from the stack and goes out of service when it is empty', async () => {
    const { rig, terminal, paid } = kioskRig()
    const session = rig.session
    const service = createKioskService({
      session,
      appInfo: {} as never,
      logger: createLogger({ sink: () => {} }),
      terminal,
    })
    await session.lookUpOrder({ orderId: String(paid.id), pincode: PINCODE })

    const printed = await session.beginPrinting()
    expect(printed).toMatchObject({ stage: 'done', error: null })
    expect(rig.api.calls.filter((c) => c.method === 'assignBlank').map((c) => c.args[1])).toEqual([
      'KA000001',
      'KA000002',
    ])
    expect(await session.enterBlank({ serial: 'AA000001', source: 'scan' })).toMatchObject({
      error: { code: 'wrong-stage' },
    })

    await session.reset()
    expect(terminal.outOfService()).toMatchObject({ cause: 'stock-empty', reason: 'E-BSO1' })
    const refused = await service.handle('look-up-order', { orderId: '1', pincode: '1234' })
    expect(refused).toMatchObject({ ok: false, error: { code: 'out-of-service' } })
  })

  it('locks the operator out after five wrong PINs, for five minutes', () => {
    const { clock, terminal } = kioskRig()

    for (let n = 1; n <= 4; n += 1) {
      expect(() => terminal.unlockService('0000')).toThrow(/service-pin-wrong/)
      expect(terminal.snapshot().service.attemptsLeft).toBe(5 - n)
    }
    expect(() => terminal.unlockService('0000')).toThrow(/service-locked-out/)
    expect(() => terminal.unlockService('2468')).toThrow(/service-locked-out/)

    clock.advance(5 * 60_000)
    expect(terminal.unlockService('2468').service).toMatchObject({ open: true, lockedUntil: null })
  })

  it('answers operator requests only while the service screen is open', async () => {
    const { rig, terminal } = kioskRig()
    const service = createKioskService({
      session: rig.session,
      appInfo: {} as never,
      logger: createLogger({ sink: () => {} }),
      terminal,
    })

    for (const channel of ['get-service-view', 'load-stock', 'close-shift', 'save-settings']) {
      const reply = await service.handle(
        channel,
        channel === 'load-stock'
          ? { firstSerial: 'KA000001', count: 1, source: 'scan' }
          : channel === 'save-settings'
            ? {}
            : undefined,
      )
      expect(reply).toMatchObject({ ok: false, error: { code: 'service-closed' } })
    }
  })
})

describe("a cashier's desk", () => {
  const deskRig = () => kioskRig({ mode: 'cashier', idleSeconds: 60 })

  it('keeps the order when the pause passes, and only locks the service screen', async () => {
    const { rig, clock, terminal, paid } = deskRig()
    await rig.session.lookUpOrder({ orderId: String(paid.id), pincode: PINCODE })
    terminal.unlockService('2468')

    clock.advance(60_000)
    await new Promise((done) => setTimeout(done, 0))

    expect(terminal.snapshot().service.open).toBe(false)
    expect(rig.session.snapshot()).toMatchObject({ stage: 'summary', order: { id: paid.id } })
    expect(terminal.snapshot().attract).toBe(false)
  })

  it('shows the stock as each blank is taken', async () => {
    const { rig, terminal, paid } = deskRig()
    const stocks: (number | undefined)[] = []
    terminal.onChange((snapshot) => stocks.push(snapshot.stock?.left))

    await rig.session.lookUpOrder({ orderId: String(paid.id), pincode: PINCODE })
    await rig.session.beginPrinting()
    await rig.session.enterBlank({ serial: 'KA000001', source: 'scan' })

    expect(stocks.at(-1)).toBe(1)
  })
})
