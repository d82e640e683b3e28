import type * as Electron from 'electron'
import {
  pagePixels,
  printChannels,
  type PrintDocument,
  type RenderResult,
} from '../../contract/print'
import { silentLogger, type Logger } from '../core/log'
import type {
  JobOutcome,
  PrintJob,
  Printer,
  PrinterInfo,
  PrinterProfile,
  Readiness,
} from '../core/printing/printer'
import { ownPageMatcher, secureWebContents } from './security'

export interface ElectronPrinterOptions {
  electron: Pick<typeof Electron, 'BrowserWindow'>
  device: string
  // file:// URL of the built renderer/print.html (or the dev server's)
  pageUrl: string
  preloadPath: string
  // drawing the PDF, and the print callback, each get this long
  renderTimeoutMs?: number
  printTimeoutMs?: number
  logger?: Logger
}

type Window = Electron.BrowserWindow

class Timeout extends Error {}

export function printWindowOptions(preloadPath: string): Electron.BrowserWindowConstructorOptions {
  return {
    show: false,
    width: 400,
    height: 600,
    title: 'bso-kiosk print',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      devTools: false,
      // a hidden window must still paint and run its timers, or the print never starts
      backgroundThrottling: false,
    },
  }
}

// Everything webContents.print gets, from the profile: the page in microns, no margins, one copy.
export function printOptions(
  device: string,
  profile: PrinterProfile,
): Electron.WebContentsPrintOptions {
  const [width, height] = profile.pageSize

  return {
    silent: true,
    deviceName: device,
    printBackground: true,
    margins: { marginType: 'none' },
    pageSize: { width: Math.round(width * 1000), height: Math.round(height * 1000) },
    landscape: false,
    copies: 1,
  }
}

// The Electron backend of DESIGN.md: a hidden, sandboxed window draws the PDF with pdf.js at
// the printer's resolution and prints it silently to the named device. Electron's "success"
// only means the job reached the system spooler; a callback that never comes is a failure
// after printTimeoutMs, never a session that waits for ever.
export function createElectronPrinter(options: ElectronPrinterOptions): Printer {
  const { device } = options
  const name = `electron:${device}`
  const log = options.logger ?? silentLogger
  const renderTimeoutMs = options.renderTimeoutMs ?? 20_000
  const printTimeoutMs = options.printTimeoutMs ?? 60_000
  const isOwnPage = ownPageMatcher(options.pageUrl)
  let window: Window | null = null
  let sequence = 0

  const open = (): Window => {
    if (window && !window.isDestroyed()) return window

    window = new options.electron.BrowserWindow(printWindowOptions(options.preloadPath))
    secureWebContents(window.webContents, isOwnPage)

    return window
  }

  // a window that timed out may still hold a print in flight: the next job gets a fresh one
  const discard = () => {
    if (window && !window.isDestroyed()) window.destroy()
    window = null
  }

  const failed = (jobId: string, reason: string): JobOutcome => ({
    status: 'failed',
    printer: name,
    jobId,
    reason,
  })

  return {
    kind: 'electron',
    name,

    async listPrinters(): Promise<PrinterInfo[]> {
      const printers = await open().webContents.getPrintersAsync()

      return printers.map((p) => ({ name: `electron:${p.name}`, ready: p.name === device }))
    },

    async checkReady(): Promise<Readiness> {
      let printers: Electron.PrinterInfo[]
      try {
        printers = await open().webContents.getPrintersAsync()
      } catch (error) {
        return { ready: false, reason: `список принтеров недоступен / no printer list: ${error}` }
      }

      if (printers.some((p) => p.name === device)) return { ready: true }

      const known = printers.map((p) => p.name).join(', ') || '—'
      return {
        ready: false,
        reason:
          `нет принтера «${device}» (есть: ${known}) / ` +
          `no printer "${device}" (known: ${known})`,
      }
    },

    async print(job: PrintJob): Promise<JobOutcome> {
      sequence += 1
      const jobId = `${Date.now()}-${sequence}`
      const contents = open().webContents

      try {
        const page = { url: options.pageUrl, isOwn: isOwnPage }
        const rendered = await render(contents, job, renderTimeoutMs, page)
        const expected = pagePixels(job.profile.pageSize, job.profile.dpi)
        if (!rendered.ok)
          return failed(jobId, `билет не отрисован / not rendered: ${rendered.error}`)
        if (rendered.width !== expected[0] || rendered.height !== expected[1]) {
          const got = `${rendered.width}×${rendered.height}`
          return failed(jobId, `размер не тот / wrong size: ${got}, want ${expected.join('×')}`)
        }

        const answer = await print(contents, printOptions(device, job.profile), printTimeoutMs)
        if (!answer.success) {
          return failed(jobId, `печать не удалась / print failed: ${answer.reason || 'no reason'}`)
        }

        log.info(`ticket ${job.ticketId} spooled to ${device}`, { job: jobId })
        return { status: 'completed', printer: name, jobId }
      } catch (error) {
        discard()
        if (!(error instanceof Timeout)) return failed(jobId, `ошибка печати / ${String(error)}`)

        log.warn(`print on ${device} timed out`, { job: jobId, stage: error.message })
        return failed(jobId, error.message)
      }
    },
  }
}

async function render(
  contents: Electron.WebContents,
  job: PrintJob,
  timeoutMs: number,
  page: { url: string; isOwn: (url: string) => boolean },
): Promise<RenderResult> {
  // loaded again for every job, so nothing of the previous ticket is left on the page
  await contents.loadURL(page.url)

  const answer = new Promise<RenderResult>((resolve) => {
    contents.ipc.once(printChannels.rendered, (event, result: unknown) => {
      const from = event.senderFrame?.url ?? ''
      resolve(page.isOwn(from) ? checkResult(result) : { ok: false, error: 'foreign page' })
    })
  })
  const document: PrintDocument = {
    bytes: new Uint8Array(job.document),
    pageSize: job.profile.pageSize,
    dpi: job.profile.dpi,
  }
  contents.send(printChannels.document, document)

  const seconds = Math.round(timeoutMs / 1000)
  return within(
    answer,
    timeoutMs,
    `билет не отрисован за ${seconds} с / the ticket was not drawn in ${seconds} s`,
  ).finally(() => contents.ipc.removeAllListeners(printChannels.rendered))
}

function print(
  contents: Electron.WebContents,
  options: Electron.WebContentsPrintOptions,
  timeoutMs: number,
): Promise<{ success: boolean; reason: string }> {
  const answer = new Promise<{ success: boolean; reason: string }>((resolve) => {
    contents.print(options, (success, reason) => resolve({ success, reason }))
  })
  const seconds = Math.round(timeoutMs / 1000)

  return within(
    answer,
    timeoutMs,
    `принтер не ответил за ${seconds} с; задание могло остаться в очереди — проверьте её` +
      ` / no answer from the printer in ${seconds} s; the job may still be queued: check it`,
  )
}

function checkResult(result: unknown): RenderResult {
  if (typeof result !== 'object' || result === null) return { ok: false, error: 'no answer' }

  const r = result as Record<string, unknown>
  if (r['ok'] === true) {
    const [width, height, pages] = [r['width'], r['height'], r['pages']]
    if ([width, height, pages].every((n) => typeof n === 'number' && Number.isInteger(n))) {
      return { ok: true, width: width as number, height: height as number, pages: pages as number }
    }
  }

  return { ok: false, error: typeof r['error'] === 'string' ? r['error'].slice(0, 300) : 'bad' }
}

function within<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined

  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Timeout(message)), ms)
    }),
  ]).finally(() => clearTimeout(timer))
}
