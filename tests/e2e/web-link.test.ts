/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { KioskApi } from '../../contract/kiosk'
import { launchChromium } from '../support/chromium'
import { screenshot, tapDigits, waitForScreen } from '../support/screens'
import { startWebShell, type WebShell } from '../../main/web/server'
import { startStack, type Stack } from '../support/stack'

// The web page's link to main: a socket main closed is opened again and the screen goes on;
// a main that stopped is shown as such, over the screen, instead of a page that looks alive.

let browser: Browser
let stack: Stack
let page: Page
let again: WebShell | null = null

beforeAll(async () => {
  browser = await launchChromium()
  stack = await startStack()
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
  await page.goto(stack.shell.url)
  await waitForScreen(page, 'start')
})

afterAll(async () => {
  await again?.close()
  await browser?.close()
  await stack?.close()
})

describe("the web page's link to main", () => {
  it('opens a socket again after main closed it, and the screen goes on', async () => {
    // a frame over the web shell's 64 KB limit: main closes this socket and stays up
    await page.evaluate(async () => {
      const kiosk = (window as unknown as { kiosk: KioskApi }).kiosk
      await kiosk.lookUpOrder({ orderId: '1'.repeat(100_000), pincode: '1' }).catch(() => null)
    })

    await page.getByTestId('link-lost').waitFor()
    await page.getByTestId('link-lost').waitFor({ state: 'detached', timeout: 10_000 })

    await page.getByTestId('order-input').click()
    await tapDigits(page, '12100001')
    await page.getByTestId('pincode-input').click()
    await tapDigits(page, '9876')
    await page.getByTestId('lookup-submit').click()
    await waitForScreen(page, 'summary')
  })

  it('says so over the screen when main has stopped, and keeps saying it', async () => {
    await stack.shell.close()

    await page.getByTestId('link-lost').waitFor()
    expect(await page.getByTestId('link-lost').textContent()).toContain(
      'Нет связи с программой печати',
    )
    // the order stays visible behind the notice
    await expect(page.locator('[data-screen="summary"]').count()).resolves.toBe(1)
    await screenshot(page, 'link-lost')

    // two tries to link again later (one every 3 s), and it is still up
    await page.waitForTimeout(6_500)
    await expect(page.getByTestId('link-lost').count()).resolves.toBe(1)
  })

  it('says the app was started again under a new address, once a new run answers', async () => {
    // the app comes back on the same port, as a new run with a token of its own
    const port = Number(new URL(stack.shell.origin).port)
    const { service, logger } = stack.runtime
    again = await startWebShell({ service, logger, port })

    await page.getByTestId('link-restarted').waitFor({ timeout: 10_000 })
    expect(await page.getByTestId('link-restarted').textContent()).toContain('новый адрес')
    await screenshot(page, 'link-restarted')
  })
})
