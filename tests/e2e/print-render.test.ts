import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pagePixels, type PrintDocument, type RenderResult } from '../../contract/print'
import { profilePresets, type PrinterProfile } from '../../main/core/printing/printer'
import { sampleTicketPdf } from '../../main/core/printing/test-print'
import { launchChromium } from '../support/chromium'
import { startStaticServer, type StaticServer } from '../support/static-server'

// The hidden print page of the Electron backend, built (npm run build:renderer) and opened in
// a real Chromium. The test stands in for preload/print.ts: it hands the page a sample ticket
// and reads back the canvas that webContents.print would print.

const built = join(process.cwd(), 'out', 'renderer')

// the page's globals as the test sees them (the node tsconfig has no DOM types)
interface PageGlobals {
  deliver?: (document: PrintDocument) => void
  renderResult?: RenderResult
  document: { getElementById(id: string): CanvasLike }
}

interface CanvasLike {
  width: number
  height: number
  style: { width: string }
  getContext(kind: '2d'): { getImageData(...box: number[]): { data: Uint8ClampedArray } } | null
}

let browser: Browser
let server: StaticServer

beforeAll(async () => {
  browser = await launchChromium()
  server = await startStaticServer({ root: built })
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

interface Drawn {
  result: RenderResult
  cssWidth: string
  gray: Uint8Array
  problems: string[]
}

async function draw(profile: PrinterProfile): Promise<Drawn> {
  const page: Page = await browser.newPage()
  const problems: string[] = []
  page.on('pageerror', (error) => problems.push(error.message))
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text())
  })
  await page.addInitScript(() => {
    const page = globalThis as unknown as PageGlobals
    Object.defineProperty(globalThis, 'bsoPrint', {
      value: {
        onDocument: (listener: (d: PrintDocument) => void) => (page.deliver = listener),
        rendered: (result: RenderResult) => (page.renderResult = result),
      },
    })
  })
  await page.goto(`${server.url}print.html`)
  await page.waitForFunction(
    () => typeof (globalThis as unknown as PageGlobals).deliver === 'function',
  )

  const pdf = Array.from(await sampleTicketPdf(profile))
  const input = { pageSize: profile.pageSize, dpi: profile.dpi }
  await page.evaluate(
    ({ bytes, pageSize, dpi }) =>
      (globalThis as unknown as PageGlobals).deliver?.({
        bytes: new Uint8Array(bytes),
        pageSize,
        dpi,
      }),
    { bytes: pdf, ...input },
  )
  await page.waitForFunction(
    () => (globalThis as unknown as PageGlobals).renderResult !== undefined,
    null,
    { timeout: 30_000 },
  )

  const drawn = await page.evaluate(() => {
    const globals = globalThis as unknown as PageGlobals
    const canvas = globals.document.getElementById('ticket')
    const context = canvas.getContext('2d')
    const data = context?.getImageData(0, 0, canvas.width, canvas.height).data ?? []
    const gray: number[] = []
    for (let i = 0; i < data.length; i += 4) gray.push(data[i + 1] ?? 255)

    return { result: globals.renderResult!, cssWidth: canvas.style.width, gray }
  })
  await page.close()

  return { ...drawn, gray: Uint8Array.from(drawn.gray), problems }
}

type Run = [start: number, length: number]

function darkRuns(gray: Uint8Array, width: number, y: number): Run[] {
  const runs: Run[] = []
  let start = -1
  for (let x = 0; x <= width; x++) {
    const dark = x < width && (gray[y * width + x] ?? 255) < 128
    if (dark && start < 0) start = x
    if (!dark && start >= 0) {
      runs.push([start, x - start])
      start = -1
    }
  }

  return runs
}

// The barcode is the tallest band of identical rows with many bars; text never repeats so.
function findBarcode(gray: Uint8Array, width: number, height: number) {
  let best = { top: 0, rows: 0, runs: [] as Run[] }
  let band = { top: 0, rows: 0, key: '', runs: [] as Run[] }

  for (let y = 0; y < height; y++) {
    const runs = darkRuns(gray, width, y)
    const key = runs.length >= 20 ? JSON.stringify(runs) : ''
    band =
      key && key === band.key ? { ...band, rows: band.rows + 1 } : { top: y, rows: 1, key, runs }
    if (band.key && band.rows > best.rows) best = { top: band.top, rows: band.rows, runs }
  }

  const bars = best.runs.map(([, length]) => length)
  const spaces = best.runs.slice(1).map(([start], i) => {
    const [previousStart, previousLength] = best.runs[i] ?? [0, 0]
    return start - previousStart - previousLength
  })

  return { rows: best.rows, bars: bars.length, narrowestBar: Math.min(...bars), spaces }
}

describe('the print page draws the ticket for the printer', () => {
  it.each([
    ['thermal-80x150', 639, 1199],
    ['thermal-80x150-300', 945, 1772],
  ])('draws %s at the printer’s dots: %i × %i pixels', async (id, width, height) => {
    const profile = profilePresets[id]!

    const drawn = await draw(profile)

    expect(drawn.problems).toEqual([])
    expect(drawn.result).toEqual({ ok: true, width, height, pages: 1 })
    expect(pagePixels(profile.pageSize, profile.dpi)).toEqual([width, height])
    expect(drawn.gray).toHaveLength(width * height)
    expect(drawn.cssWidth).toBe(`${profile.pageSize[0]}mm`)

    const barcode = findBarcode(drawn.gray, width, height)
    // 12 mm of bars at the printer's resolution, and every bar at least one dot wide
    expect(barcode.rows).toBeGreaterThan(((10 / 25.4) * profile.dpi) | 0)
    expect(barcode.bars).toBeGreaterThanOrEqual(20)
    expect(barcode.narrowestBar).toBeGreaterThanOrEqual(1)
    expect(Math.min(...barcode.spaces)).toBeGreaterThanOrEqual(1)
    // a 0.5 mm module is 4 dots at 203 dpi and 6 at 300: the bars are not smeared together
    expect(barcode.narrowestBar).toBeGreaterThanOrEqual(Math.floor((0.5 / 25.4) * profile.dpi) - 1)
    process.stdout.write(
      `print page ${id}: ${width}×${height} px, barcode ${barcode.bars} bars over ` +
        `${barcode.rows} rows, narrowest bar ${barcode.narrowestBar} px, ` +
        `narrowest space ${Math.min(...barcode.spaces)} px\n`,
    )
  })

  it('keeps pdf.js out of the screens’ bundle', () => {
    const index = readFileSync(join(built, 'index.html'), 'utf8')
    const scripts = [...index.matchAll(/src="\.\/(assets\/[^"]+\.js)"/g)].map((m) => m[1] ?? '')

    expect(scripts.length).toBeGreaterThan(0)
    for (const script of scripts) {
      const code = readFileSync(join(built, script), 'utf8')
      expect(code).not.toContain('GlobalWorkerOptions')
      expect(code).not.toContain('pdf.worker')
    }
    expect(readFileSync(join(built, 'print.html'), 'utf8')).toContain('assets/print-')
  })
})
