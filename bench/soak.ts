import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import type { CDPSession, Page } from 'playwright-core'
import { launchChromium } from '../tests/support/chromium'
import { buildRenderer, removeDir, scratchDir, startApp, type App } from './app'
import { figureLine, formatMegabytes } from './stats'

// `node --expose-gc --import tsx bench/soak.ts` (npm run bench:soak): 1000 customers in a row
// through the real renderer in headless Chromium, the web shell's WebSocket, the core and the
// in-process simulator. Each customer's intents are sent through the page's own window.kiosk,
// and every screen they lead to must render before the next intent; between customers the
// session is reset, and the store with it, as a kiosk forgets its customer. Driving the
// intents from the page instead of by taps keeps 1000 sessions within minutes.

const customers = Number(process.env['SOAK_CUSTOMERS'] ?? 1000)
const settledAt = Number(process.env['SOAK_SETTLED'] ?? 100)
const timeLimitMs = 270_000

interface Sample {
  mainHeap: number
  rendererHeap: number
  handles: Map<string, number>
  mainListeners: number
  rendererListeners: number
  domNodes: number
}

// One customer, in the page: an unpaid two-ticket order paid for, or a paid one, both tickets
// printed on fresh blanks and confirmed, then the session reset.
const customerScript = `async ({ orderId, serials }) => {
  const kiosk = window.kiosk
  const shown = (stage) => new Promise((resolve, reject) => {
    const started = performance.now()
    const look = () => {
      const screen = document.querySelector('[data-testid="screen"]')
      if (screen && screen.dataset.screen === stage) return resolve()
      if (performance.now() - started > 5000) return reject(new Error('no ' + stage + ' screen'))
      requestAnimationFrame(look)
    }
    look()
  })
  const step = async (intent) => {
    const snapshot = await intent()
    if (snapshot.error) throw new Error(snapshot.stage + ': ' + snapshot.error.code)
    await shown(snapshot.stage)
    return snapshot
  }
  let snapshot = await step(() => kiosk.lookUpOrder({ orderId: String(orderId), pincode: '9876' }))
  if (snapshot.order.paid) {
    snapshot = await step(() => kiosk.beginPrinting())
  } else {
    await step(() => kiosk.beginPayment())
    snapshot = await step(() => kiosk.confirmPayment({ received: snapshot.order.totals.total }))
  }
  for (const serial of serials) {
    await step(() => kiosk.enterBlank({ serial, source: 'scan' }))
    snapshot = await step(() => kiosk.confirmPrinted())
  }
  if (snapshot.stage !== 'done') throw new Error('the order did not finish: ' + snapshot.stage)
  await step(() => kiosk.resetSession())
}`

function gc(): void {
  const collect = (globalThis as { gc?: () => void }).gc
  if (!collect) throw new Error('run with node --expose-gc (npm run bench:soak does)')

  for (let i = 0; i < 3; i++) collect()
}

// the session's subscribers: one per open WebSocket of the web shell
function sessionListeners(app: App): number {
  const listeners = (app.runtime.session as unknown as { listeners?: unknown }).listeners

  return listeners instanceof Set ? listeners.size : -1
}

function processListeners(): number {
  return process.eventNames().reduce((sum, name) => sum + process.listenerCount(name), 0)
}

function activeHandles(): Map<string, number> {
  const counts = new Map<string, number>()
  for (const kind of process.getActiveResourcesInfo()) counts.set(kind, (counts.get(kind) ?? 0) + 1)

  return counts
}

async function sample(app: App, cdp: CDPSession): Promise<Sample> {
  // idle keep-alive sockets close after the server's 5 s; counting after that compares like
  // with like
  await new Promise((resolve) => setTimeout(resolve, 6_000))
  await cdp.send('HeapProfiler.collectGarbage')
  const heap = await cdp.send('Runtime.getHeapUsage')
  const { metrics } = await cdp.send('Performance.getMetrics')
  const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? -1
  gc()
  // callbacks queued by the samples above are not the app's handles
  await new Promise((resolve) => setImmediate(resolve))

  return {
    mainHeap: process.memoryUsage().heapUsed,
    rendererHeap: heap.usedSize,
    handles: activeHandles(),
    mainListeners: sessionListeners(app) + processListeners(),
    rendererListeners: metric('JSEventListeners'),
    domNodes: metric('Nodes'),
  }
}

function countOf(handles: Map<string, number>): number {
  return [...handles.values()].reduce((sum, n) => sum + n, 0)
}

function describe(handles: Map<string, number>): string {
  return [...handles].map(([kind, n]) => `${kind} ${n}`).join(', ')
}

async function serveCustomers(app: App, page: Page, from: number, to: number): Promise<void> {
  const poligon = app.runtime.poligon
  if (!poligon) throw new Error('training mode must start the simulator')

  for (let n = from; n < to; n++) {
    // the simulator forgets every order's blanks, so the same two orders come back ready
    poligon.reset()
    const orderId = n % 2 === 0 ? 12097256 : 12100001
    const serials = [0, 1].map((i) => `SK${String(n * 2 + i + 1).padStart(6, '0')}`)
    await page.evaluate(`(${customerScript})(${JSON.stringify({ orderId, serials })})`)
  }
}

async function main(): Promise<void> {
  const work = scratchDir('soak')
  const rendererDir = join(work, 'renderer')
  const dataDir = join(work, 'data')
  mkdirSync(dataDir)
  await buildRenderer(rendererDir)

  const app = await startApp(dataDir, rendererDir)
  const browser = await launchChromium()
  const started = performance.now()

  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    const cdp = await page.context().newCDPSession(page)
    await cdp.send('Performance.enable')
    await page.goto(app.shell.url)
    await page.locator('[data-testid="screen"][data-screen="start"]').waitFor()

    await serveCustomers(app, page, 0, settledAt)
    const early = await sample(app, cdp)

    for (let n = settledAt; n < customers; n += 100) {
      await serveCustomers(app, page, n, n + 100)
      const elapsed = performance.now() - started
      console.log(`${n + 100} customers, ${(elapsed / 1000).toFixed(0)} s`)
      if (elapsed > timeLimitMs) throw new Error(`soak took over ${timeLimitMs / 1000} s`)
    }
    const late = await sample(app, cdp)
    if (app.errors.length > 0) throw new Error(`errors logged: ${app.errors[0]?.message}`)

    const mainGrowth = late.mainHeap - early.mainHeap
    const rendererGrowth = late.rendererHeap - early.rendererHeap
    const handles = `${countOf(early.handles)}→${countOf(late.handles)}`
    const listeners =
      `${early.mainListeners + early.rendererListeners}→` +
      `${late.mainListeners + late.rendererListeners}`
    console.log(`handles at ${settledAt}: ${describe(early.handles)}`)
    console.log(`handles at ${customers}: ${describe(late.handles)}`)
    console.log(
      `listeners main ${early.mainListeners}→${late.mainListeners}, ` +
        `renderer ${early.rendererListeners}→${late.rendererListeners}; ` +
        `DOM nodes ${early.domNodes}→${late.domNodes}`,
    )
    console.log(
      `heap main ${formatMegabytes(early.mainHeap)}→${formatMegabytes(late.mainHeap)}, ` +
        `renderer ${formatMegabytes(early.rendererHeap)}→${formatMegabytes(late.rendererHeap)}`,
    )
    console.log(
      figureLine(
        'soak',
        `main +${formatMegabytes(mainGrowth)}, renderer +${formatMegabytes(rendererGrowth)}, ` +
          `handles ${handles}, listeners ${listeners}`,
      ),
    )
  } finally {
    await browser.close()
    await app.close()
    removeDir(work)
  }
}

await main()
