import { mkdirSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import type { Browser } from 'playwright-core'
import { startWebShell } from '../main/web/server'
import { launchChromium } from '../tests/support/chromium'
import { buildBlankPage, buildRenderer, removeDir, scratchDir, startApp } from './app'
import { figureLine, formatBytes, formatMs, formatRatio, median, pairedRatios } from './stats'

// `npm run bench:renderer`: the production renderer build in headless Chromium through the web
// shell and the core. Two figures: the JavaScript the page loads before the start screen's
// keypad can be used (gzipped; pdf.js must not be in it), and the time from navigation to that
// keypad against a blank page built by the same Vite pipeline and served by the same shell.

const pairs = 20
const warmUp = 3
const readyKey = '[data-testid="key-1"]'
// the print page's chunk carries pdf.js; the screens must never load it
const pdfjsMarker = 'GlobalWorkerOptions'

// Installed before any page script: notes the moment the first keypad key exists and is
// enabled, on the page's own clock (0 = navigation start).
const watchReady = `(() => {
  const check = () => {
    const key = document.querySelector('${readyKey}')
    if (key && !key.disabled && window.__ready === undefined) window.__ready = performance.now()
  }
  const all = { childList: true, subtree: true, attributes: true }
  new MutationObserver(check).observe(document, all)
})()`

// runs in the page, as a function: the CSP forbids evaluating a string there
const readyAt = () => (globalThis as { __ready?: number }).__ready

async function timeToKeypad(browser: Browser, url: string): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  await context.addInitScript(watchReady)
  const page = await context.newPage()

  try {
    await page.goto(url)
    const ready = await page.waitForFunction(readyAt)

    return (await ready.jsonValue()) as number
  } finally {
    await context.close()
  }
}

// every script the page fetched before the keypad was usable, with its body
async function startScripts(browser: Browser, url: string): Promise<Map<string, Buffer>> {
  const context = await browser.newContext()
  await context.addInitScript(watchReady)
  const page = await context.newPage()
  const scripts = new Map<string, Buffer>()
  const reading: Promise<void>[] = []
  page.on('response', (response) => {
    const type = response.request().resourceType()
    if (type === 'script') {
      reading.push(response.body().then((body) => void scripts.set(response.url(), body)))
    }

    // the web shell writes its bridge into the page: those bytes count as much as a file's
    if (type === 'document') {
      reading.push(response.text().then((html) => inlineScripts(html, response.url(), scripts)))
    }
  })

  try {
    await page.goto(url)
    await page.waitForFunction(readyAt)
    await Promise.all(reading)

    return scripts
  } finally {
    await context.close()
  }
}

function inlineScripts(html: string, url: string, scripts: Map<string, Buffer>): void {
  const bodies = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((match) => match[1] ?? '')

  bodies.forEach((body, n) =>
    scripts.set(`${url.split('#')[0]}#inline-${n + 1}`, Buffer.from(body)),
  )
}

function printChunkHasPdfjs(outDir: string): boolean {
  const assets = join(outDir, 'assets')

  return readdirSync(assets)
    .filter((name) => name.startsWith('print-') && name.endsWith('.js'))
    .some((name) => readFileSync(join(assets, name), 'utf8').includes(pdfjsMarker))
}

async function main(): Promise<void> {
  const work = scratchDir('renderer')
  const appDir = join(work, 'app')
  const blankDir = join(work, 'blank')
  await buildRenderer(appDir)
  await buildBlankPage(join(work, 'blank-src'), blankDir)

  const dataDir = join(work, 'data')
  mkdirSync(dataDir)
  const stack = await startApp(dataDir, appDir)
  const { service, logger } = stack.runtime
  // the blank page comes from the same shell code, its bridge script included
  const blankShell = await startWebShell({ service, logger, rendererDir: blankDir })
  const browser = await launchChromium()

  try {
    const app = stack.shell
    const blank = blankShell

    const scripts = await startScripts(browser, app.url)
    const withPdfjs = [...scripts].filter(([, body]) => body.includes(pdfjsMarker))
    if (withPdfjs.length > 0) throw new Error(`pdf.js loaded by the start screen: ${withPdfjs}`)
    if (!printChunkHasPdfjs(appDir)) throw new Error('pdf.js is not in the print chunk')

    let gzipped = 0
    for (const [url, body] of scripts) {
      const size = gzipSync(body).length
      gzipped += size
      const { pathname, hash } = new URL(url)
      console.log(`${pathname}${hash}: ${formatBytes(body.length)}, gzip ${formatBytes(size)}`)
    }

    const appTimes: number[] = []
    const blankTimes: number[] = []
    for (let i = 0; i < warmUp + pairs; i++) {
      const first = i % 2 === 0 ? app : blank
      const second = first === app ? blank : app
      const times = new Map([
        [first, await timeToKeypad(browser, first.url)],
        [second, await timeToKeypad(browser, second.url)],
      ])
      if (i < warmUp) continue

      appTimes.push(times.get(app)!)
      blankTimes.push(times.get(blank)!)
    }

    const ratio = median(pairedRatios(appTimes, blankTimes))
    console.log(`pdf.js: only in the print page's chunk, never loaded by the start screen`)
    console.log(
      `keypad usable after ${formatMs(median(appTimes))}, ` +
        `blank page after ${formatMs(median(blankTimes))}, median of ${pairs} pairs`,
    )
    console.log(
      figureLine('renderer', `${formatBytes(gzipped)} gzipped, ratio ${formatRatio(ratio)}`),
    )
  } finally {
    await browser.close()
    await blankShell.close()
    await stack.close()
    removeDir(work)
  }
}

await main()
