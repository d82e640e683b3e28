import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'

// Helpers that act as a person (and a barcode scanner) would on the screens.

export const shotsDir = join(process.cwd(), 'test-results', 'screens')

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(shotsDir, { recursive: true })
  const path = join(shotsDir, `${name}.png`)
  await page.screenshot({ path })

  return path
}

export async function waitForScreen(page: Page, stage: string): Promise<void> {
  await page.locator(`[data-testid="screen"][data-screen="${stage}"]`).waitFor({ timeout: 15_000 })
}

export async function tapDigits(page: Page, digits: string): Promise<void> {
  for (const digit of digits) await page.getByTestId(`key-${digit}`).click()
}

// Physical keys of the Russian ЙЦУКЕН layout for the Latin letters a scanner "types": the
// scanner presses the key where Latin A sits, and under this layout that key gives Ф.
const russianLayout: Record<string, string> = {
  A: 'Ф',
  B: 'И',
  C: 'С',
  E: 'У',
  H: 'Р',
  K: 'Л',
  M: 'Ь',
  O: 'Щ',
  P: 'З',
  T: 'Е',
  X: 'Ч',
  Y: 'Н',
}

// A scan as the page sees it: a burst of key events, then Enter. The characters are those of
// the Russian layout; the codes are the physical keys.
export async function scanUnderRussianLayout(page: Page, serial: string): Promise<void> {
  await scanBackToBack(page, [serial])
}

// Scans one after the other with nothing between them, as a cashier with a stack in hand
// does. A scanner's keys are `gapMs` apart on the page's clock (5 ms when 0, a fast scanner;
// a scan stays a scan up to 30 ms): each key carries its time stamp, because CDP waits for the
// page to take one key before it sends the next, and a busy page would stretch the gaps. From
// the fourth key on, every scan after the first is also sent `gapMs` apart in real time, as a
// slow scanner sends it, so that the page changes screens in the middle of it.
export async function scanBackToBack(page: Page, serials: string[], gapMs = 0): Promise<void> {
  const cdp = await page.context().newCDPSession(page)
  const step = gapMs > 0 ? gapMs : 5
  let at = Date.now()
  const stamp = () => {
    at += step
    return at / 1000
  }

  for (const [n, serial] of serials.entries()) {
    for (const [k, char] of [...serial].entries()) {
      // the first keys go at once, so that they land before the page has moved on
      if (n > 0 && k >= 3 && gapMs > 0) await new Promise((done) => setTimeout(done, gapMs))

      const letter = /[A-Z]/.test(char)
      const code = letter ? `Key${char}` : `Digit${char}`
      const key = letter ? (russianLayout[char] ?? char) : char
      const keyCode = char.charCodeAt(0)
      const base = { code, key, windowsVirtualKeyCode: keyCode, nativeVirtualKeyCode: keyCode }
      const timestamp = stamp()

      await cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', ...base, text: key, timestamp })
      await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', ...base, timestamp })
    }

    const enter = { code: 'Enter', key: 'Enter', windowsVirtualKeyCode: 13, text: '\r' }
    const timestamp = stamp()
    await cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', ...enter, timestamp })
    await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', ...enter, timestamp })
  }

  await cdp.detach()
}
