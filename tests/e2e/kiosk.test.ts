/// <reference lib="dom" />
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { KioskApi } from '../../contract/kiosk'
import { manualClock } from '../../main/core/kiosk/clock'
import { launchChromium } from '../support/chromium'
import { scanUnderRussianLayout, screenshot, waitForScreen } from '../support/screens'
import { startStack, type Stack } from '../support/stack'
import { createCupsPrinter } from '../../main/core/printing/cups'
import { cupsCommand, goodQueue, requireCups } from '../support/cups'
import { switchablePrinter, type SwitchablePrinter } from '../support/switchable-printer'

// The self-service kiosk in a real Chromium with touch only: the operator loads a stack of
// blanks behind the PIN, customers print a paid order and are refused an unpaid one, the idle
// pause forgets the customer, a stopped printer takes the kiosk out of service and back, and
// the stack runs out. Time is a manual clock that the test moves on.

interface KioskWindow {
  kiosk: KioskApi
}

const idleSeconds = 30
const monitorMs = 5_000
const settingsKey = 'partner-key-from-settings-7Q'
const newKey = 'partner-key-typed-by-operator-9Z'

let browser: Browser
let context: BrowserContext
let stack: Stack
let page: Page
let printer: SwitchablePrinter
const clock = manualClock()
// every message main sent to the page, to look for the partner key in
const received: string[] = []

beforeAll(async () => {
  browser = await launchChromium()
  printer = switchablePrinter(mkdtempSync(join(tmpdir(), 'bso-kiosk-printed-')))
  stack = await startStack({
    settings: {
      mode: 'kiosk',
      idleSeconds,
      stockLowAt: 2,
      api: { url: 'http://127.0.0.1:9/', partnerKey: settingsKey },
    },
    printer,
    clock,
    monitorMs,
  })
  context = await browser.newContext({ viewport: { width: 1280, height: 800 }, hasTouch: true })
  page = await context.newPage()
  page.on('websocket', (ws) =>
    ws.on('framereceived', (frame) => received.push(String(frame.payload))),
  )
  await page.addInitScript(() => {
    const w = window as unknown as { keyEvents: number }
    w.keyEvents = 0
    window.addEventListener('keydown', () => (w.keyEvents += 1), true)
  })
  await page.goto(stack.shell.url)
})

afterAll(async () => {
  await browser?.close()
  await stack?.close()
})

const tap = (testId: string) => page.getByTestId(testId).tap()

async function tapDigits(digits: string): Promise<void> {
  for (const digit of digits) await tap(`key-${digit}`)
}

async function lang(): Promise<string> {
  return page.evaluate(() => document.documentElement.lang)
}

// the screen as it is, then in the other language, then back
async function shoot(name: string): Promise<void> {
  const first = await lang()
  const other = first === 'ru' ? 'en' : 'ru'

  await screenshot(page, `kiosk-${name}-${first}`)
  await page.evaluate(
    (l) => (window as unknown as KioskWindow).kiosk.setLanguage({ lang: l as 'ru' | 'en' }),
    other,
  )
  await page.waitForFunction((l) => document.documentElement.lang === l, other)
  await screenshot(page, `kiosk-${name}-${other}`)
  await page.evaluate(
    (l) => (window as unknown as KioskWindow).kiosk.setLanguage({ lang: l as 'ru' | 'en' }),
    first,
  )
  await page.waitForFunction((l) => document.documentElement.lang === l, first)
}

async function keyEvents(): Promise<number> {
  return page.evaluate(() => (window as unknown as { keyEvents: number }).keyEvents)
}

async function openService(pin = '0000'): Promise<void> {
  for (let n = 0; n < 5; n += 1) await tap('operator-corner')
  await waitForScreen(page, 'pin')
  await tapDigits(pin)
  await tap('pin-submit')
}

async function lookUp(orderId: string, pincode: string): Promise<void> {
  await waitForScreen(page, 'start')
  await tap('order-input')
  await tapDigits(orderId)
  await tap('pincode-input')
  await tapDigits(pincode)
  await tap('lookup-submit')
}

async function poll(): Promise<void> {
  clock.advance(monitorMs)
  await stack.runtime.terminal.checkNow()
}

describe('the self-service kiosk', () => {
  it('is out of service until a stack of blanks is loaded', async () => {
    await waitForScreen(page, 'out-of-service')
    expect(await page.getByTestId('oos-code').textContent()).toContain('E-BSO0')
    // a stack is loaded by a person: the customer is not told to wait for the kiosk
    expect(await page.getByTestId('oos-hint').textContent()).toContain('когда оператор')
    await shoot('oos-no-stock')
  })

  it('locks the operator out after five wrong PINs', async () => {
    for (let n = 0; n < 5; n += 1) await tap('operator-corner')
    await waitForScreen(page, 'pin')
    await shoot('pin')

    for (let attempt = 1; attempt <= 4; attempt += 1) {
      await tapDigits('1111')
      await tap('pin-submit')
      await expect
        .poll(() => page.getByTestId('pin-attempts').textContent())
        .toContain(String(5 - attempt))
    }
    await shoot('pin-wrong')

    await tapDigits('1111')
    await tap('pin-submit')
    await page.getByTestId('pin-locked').waitFor()
    await expect(page.getByTestId('pin-submit').isDisabled()).resolves.toBe(true)
    await shoot('pin-locked')

    // even the right PIN is not checked while the lock-out lasts
    await expect(
      page.evaluate(() => (window as unknown as KioskWindow).kiosk.unlockService({ pin: '0000' })),
    ).rejects.toThrow(/service-locked-out/)

    clock.advance(5 * 60_000 + 2)
    await tap('pin-cancel')
    await openService()
    await waitForScreen(page, 'service-stock')
  })

  it('loads a stack of five blanks from the service screen', async () => {
    await shoot('service-stock-empty')
    // the operator scans the stack's first blank under a Russian layout: shown in Latin letters
    await page.getByTestId('stock-serial').tap()
    await scanUnderRussianLayout(page, 'KA000001')
    await expect.poll(() => page.getByTestId('stock-serial').inputValue()).toBe('KA000001')
    await tap('stock-count')
    await tapDigits('5')
    await tap('stock-load')

    await expect.poll(() => page.getByTestId('stock-range').textContent()).toContain('KA000005')
    expect(await page.getByTestId('stock-figures').textContent()).toMatch(/5.*0.*0.*5/)
    await shoot('service-stock')

    await tap('service-tab-settings')
    await waitForScreen(page, 'service-settings')
    expect(await page.getByTestId('setting-partner-key').getAttribute('placeholder')).toMatch(
      /set|задан/,
    )
    await shoot('service-settings')

    // a pause the app cannot take: the form names the field and what fits, and saves nothing
    const settingsBefore = readFileSync(join(stack.dataDir, 'settings.json'), 'utf8')
    await page.getByTestId('setting-idle-seconds').fill('5')
    await tap('settings-save')
    await expect
      .poll(() => page.getByTestId('error-message').textContent())
      .toContain('«Пауза до заставки, с»: нужно целое число секунд от 10 до 3600')
    expect(await page.getByTestId('setting-idle-seconds').getAttribute('aria-invalid')).toBe('true')
    expect(readFileSync(join(stack.dataDir, 'settings.json'), 'utf8')).toBe(settingsBefore)
    await shoot('service-settings-invalid')
    await tap('service-tab-journal')
    await waitForScreen(page, 'service-journal')
    await shoot('service-journal')

    await tap('service-close')
    await waitForScreen(page, 'attract')
    await shoot('attract')
  })

  it('prints a paid order by touch alone, spoiling one blank on the way', async () => {
    const keysBefore = await keyEvents()
    printer.failures.push('paper jam')

    await page.getByTestId('screen').tap()
    await waitForScreen(page, 'start')
    await tap('lang-en')
    await page.waitForFunction(() => document.documentElement.lang === 'en')
    await shoot('start')
    await tap('lang-ru')
    await page.waitForFunction(() => document.documentElement.lang === 'ru')

    await lookUp('12100001', '9876')
    await waitForScreen(page, 'summary')
    await shoot('summary-paid')
    await tap('print-button')

    // the first blank jammed: written off, and the customer is asked to try again
    await waitForScreen(page, 'blank')
    await page.getByTestId('kiosk-retry').waitFor()
    await expect
      .poll(() => page.getByTestId('error-message').textContent())
      .toContain('Билет не напечатался')
    await shoot('print-failed')
    await tap('kiosk-retry')

    await waitForScreen(page, 'done')
    await shoot('done')
    expect(await keyEvents()).toBe(keysBefore)

    const state = stack.runtime.poligon?.state()
    const order = state?.orders.find((o) => o.id === 12100001)
    expect(order?.tickets.map((t) => `${t.blank?.seria}${t.blank?.number_str}`)).toEqual([
      'KA000002',
      'KA000003',
    ])
    expect(state?.defects.map((d) => d.serial)).toEqual(['KA000001'])
    await tap('new-order')
  })

  it('refuses an unpaid order with where to pay, and prints nothing', async () => {
    const jobs = stack.runtime.poligon?.state().assignments.length

    await lookUp('12097256', '9876')
    await waitForScreen(page, 'summary')
    expect(await page.getByTestId('pay-at-desk').textContent()).toContain('кассе')
    await expect(page.getByTestId('print-button').count()).resolves.toBe(0)
    await expect(page.getByTestId('pay-button').count()).resolves.toBe(0)
    await shoot('summary-unpaid')

    const refused = await page.evaluate(() =>
      (window as unknown as KioskWindow).kiosk.beginPayment().then((snapshot) => snapshot.error),
    )
    expect(refused).toEqual({ code: 'pay-at-desk' })
    expect(stack.runtime.poligon?.state().assignments.length).toBe(jobs)
  })

  it('forgets the customer after the pause and shows the attract screen', async () => {
    expect(await page.content()).toContain('12097256')

    clock.advance(idleSeconds * 1000)
    await waitForScreen(page, 'attract')

    const html = await page.content()
    const customer = stack.runtime.poligon?.state().orders.find((o) => o.id === 12097256)?.name
    expect(customer).toBeTruthy()
    for (const trace of ['12097256', customer ?? '?', '2 200', '2200']) {
      expect(html).not.toContain(trace)
    }

    const store = JSON.stringify(
      await page.evaluate(() =>
        (window as never as { bsoKioskState: () => unknown }).bsoKioskState(),
      ),
    )
    expect(store).not.toContain('12097256')
    expect(store).not.toContain(customer)
    expect(store).toContain('"order":null')
  })

  it('goes out of service when the CUPS queue is disabled, and back once enabled', async () => {
    await requireCups()
    printer.readinessOf = createCupsPrinter({ queue: goodQueue })
    try {
      await cupsCommand('cupsdisable', '-r', 'blanks being loaded', goodQueue)
      await poll()
      await waitForScreen(page, 'out-of-service')
      expect(await page.getByTestId('oos-code').textContent()).toContain('E-PRN')
      expect(await page.getByTestId('oos-hint').textContent()).toContain('заработает сам')
      await shoot('oos-printer')

      await cupsCommand('cupsenable', goodQueue)
      await poll()
      await waitForScreen(page, 'attract')
    } finally {
      await cupsCommand('cupsenable', goodQueue)
      printer.readinessOf = null
    }
  })

  it('runs out of blanks in the middle of an order, then stays out of service', async () => {
    await page.getByTestId('screen').tap()
    await lookUp('12100003', '9876')
    await waitForScreen(page, 'summary')
    // two blanks are left for three tickets, and the customer is not told how many there are
    expect(stack.runtime.terminal.snapshot().stock).toMatchObject({ left: 2, low: true })
    await expect(page.getByTestId('stock-badge').count()).resolves.toBe(0)
    await tap('print-button')

    // no "try again" with no blank left: the customer is sent to the desk
    await page.getByTestId('kiosk-cancel').waitFor()
    await expect.poll(() => page.getByTestId('error-message').textContent()).toContain('бланки')
    await expect(page.getByTestId('kiosk-retry').count()).resolves.toBe(0)
    await shoot('stock-ran-out')
    await tap('kiosk-cancel')

    await waitForScreen(page, 'out-of-service')
    expect(await page.getByTestId('oos-code').textContent()).toContain('E-BSO1')
    await shoot('oos-stock-empty')
  })

  it('reports the shift as the simulator saw it, and never sends the partner key', async () => {
    await openService()
    await waitForScreen(page, 'service-stock')
    await tap('service-tab-report')
    await waitForScreen(page, 'service-report')

    const state = stack.runtime.poligon?.state()
    const assigned = state?.assignments ?? []
    const good = state?.orders
      .flatMap((o) => o.tickets)
      .filter((t) => t.blank && !t.blank.defect && t.blank.seria === 'KA')
    const text = (id: string) => page.getByTestId(id).textContent()

    expect(Number(await text('report-tickets'))).toBe(good?.length)
    expect(Number(await text('report-used'))).toBe(assigned.length)
    expect(Number(await text('report-spoiled'))).toBe(state?.defects.length)
    expect(await text('report-left')).toBe('0')
    expect(await text('report-payments')).toMatch(/^0 /)
    expect(await page.getByTestId('report-spoiled-serial').allTextContents()).toEqual([
      expect.stringContaining('KA000001'),
    ])
    expect({ good: good?.length, used: assigned.length, spoiled: state?.defects.length }).toEqual({
      good: 4,
      used: 5,
      spoiled: 1,
    })
    await shoot('service-report')

    await tap('report-save')
    const saved = await page.getByTestId('service-message').textContent()
    const file = /(\/\S+\.txt)/.exec(saved ?? '')?.[1] ?? ''
    expect(readFileSync(file, 'utf8')).toContain('KA000001')

    await tap('service-tab-settings')
    await page.getByTestId('setting-partner-key').fill(newKey)
    await tap('settings-save')
    await page.getByTestId('service-message').waitFor()
    const file2 = JSON.parse(readFileSync(join(stack.dataDir, 'settings.json'), 'utf8'))
    expect(file2.api.partnerKey).toBe(newKey)

    // closing the shift is asked once more, and its report is kept
    await tap('service-tab-report')
    await tap('report-close-shift')
    await page.getByTestId('close-shift-ask').waitFor()
    await shoot('service-close-shift')
    await tap('close-shift-yes')
    await expect.poll(() => page.getByTestId('service-message').textContent()).toContain('закрыта')
    // the new shift opened at the close: its report says when, and counts from zero
    expect(await page.getByTestId('report-opened').textContent()).toContain('Смена открыта')
    expect(await page.getByTestId('report-tickets').textContent()).toBe('0')

    const simulatorKey = stack.runtime.poligon?.partnerKey ?? '?'
    expect(received.length).toBeGreaterThan(20)
    for (const frame of received) {
      for (const key of [settingsKey, newKey, simulatorKey]) expect(frame).not.toContain(key)
    }
  })
})
