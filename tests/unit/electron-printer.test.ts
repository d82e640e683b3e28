import type * as Electron from 'electron'
import { describe, expect, it } from 'vitest'
import { pagePixels, type PrintDocument, type RenderResult } from '../../contract/print'
import {
  profilePresets,
  type PrintJob,
  type PrinterProfile,
} from '../../main/core/printing/printer'
import { createElectronPrinter } from '../../main/electron/printer'

// The Electron backend against a fake Electron: a BrowserWindow whose page "draws" the
// document as told and whose print callback answers, fails or never comes.

const pageUrl = 'file:///app/out/renderer/print.html'
const thermal = profilePresets['thermal-80x150']!

interface Behaviour {
  // what the page answers once it has the document; 'silent': nothing
  render?: 'ok' | 'silent' | 'wrong-size' | RenderResult
  // the frame the answer comes from
  from?: string
  print?: 'ok' | 'never' | { success: false; reason: string }
  printers?: string[]
}

type Listener = (event: { senderFrame: { url: string } }, result: unknown) => void

class FakeContents {
  url = ''
  sent: { channel: string; document: PrintDocument }[] = []
  printed: Electron.WebContentsPrintOptions[] = []
  windowOpen: (() => { action: string }) | null = null
  events = new Map<string, unknown>()
  private listeners = new Map<string, Listener>()

  constructor(private readonly behaviour: Behaviour) {}

  ipc = {
    once: (channel: string, listener: Listener) => this.listeners.set(channel, listener),
    removeAllListeners: (channel: string) => this.listeners.delete(channel),
  }

  async loadURL(url: string): Promise<void> {
    this.url = url
  }

  getURL(): string {
    return this.url
  }

  send(channel: string, document: PrintDocument): void {
    this.sent.push({ channel, document })
    const render = this.behaviour.render ?? 'ok'
    if (render === 'silent') return

    const [width, height] = pagePixels(document.pageSize, document.dpi)
    const result: RenderResult =
      render === 'ok'
        ? { ok: true, width, height, pages: 1 }
        : render === 'wrong-size'
          ? { ok: true, width: 595, height: 842, pages: 1 }
          : render
    const from = this.behaviour.from ?? this.url
    setTimeout(() => this.listeners.get('print-rendered')?.({ senderFrame: { url: from } }, result))
  }

  print(
    options: Electron.WebContentsPrintOptions,
    callback: (success: boolean, reason: string) => void,
  ): void {
    this.printed.push(options)
    const print = this.behaviour.print ?? 'ok'
    if (print === 'never') return

    setTimeout(() => (print === 'ok' ? callback(true, '') : callback(false, print.reason)))
  }

  async getPrintersAsync(): Promise<Partial<Electron.PrinterInfo>[]> {
    return (this.behaviour.printers ?? ['TM-T20']).map((name) => ({ name, displayName: name }))
  }

  setWindowOpenHandler(handler: () => { action: string }): void {
    this.windowOpen = handler
  }

  on(event: string, handler: unknown): void {
    this.events.set(event, handler)
  }
}

function fakeElectron(behaviour: Behaviour = {}) {
  const windows: FakeWindow[] = []

  class FakeWindow {
    readonly webContents = new FakeContents(behaviour)
    destroyed = false

    constructor(readonly options: Electron.BrowserWindowConstructorOptions) {
      windows.push(this)
    }

    destroy(): void {
      this.destroyed = true
    }

    isDestroyed(): boolean {
      return this.destroyed
    }
  }

  const electron = { BrowserWindow: FakeWindow } as unknown as Pick<
    typeof Electron,
    'BrowserWindow'
  >

  return { electron, windows }
}

function setUp(behaviour: Behaviour = {}, timeouts = { render: 1000, print: 1000 }) {
  const fake = fakeElectron(behaviour)
  const printer = createElectronPrinter({
    electron: fake.electron,
    device: 'TM-T20',
    pageUrl,
    preloadPath: '/app/out/preload/print.cjs',
    renderTimeoutMs: timeouts.render,
    printTimeoutMs: timeouts.print,
  })

  return { printer, windows: fake.windows }
}

const jobFor = (profile: PrinterProfile): PrintJob => ({
  document: Buffer.from('%PDF-1.7 ticket'),
  profile,
  orderId: 12097256,
  ticketId: 5446130,
  serial: 'AA005501',
})

describe('electron printer: the print', () => {
  it('prints silently to the device at the profile page size in microns, no margins', async () => {
    const { printer, windows } = setUp()

    const outcome = await printer.print(jobFor(thermal))

    expect(outcome).toMatchObject({ status: 'completed', printer: 'electron:TM-T20' })
    expect(windows[0]?.webContents.printed).toEqual([
      {
        silent: true,
        deviceName: 'TM-T20',
        printBackground: true,
        margins: { marginType: 'none' },
        pageSize: { width: 80_000, height: 150_000 },
        landscape: false,
        copies: 1,
      },
    ])
  })

  it.each([
    ['a4-sheet', 210_000, 297_000],
    ['thermal-80x150-300', 80_000, 150_000],
  ])('sends %s as %i × %i microns', async (id, width, height) => {
    const { printer, windows } = setUp()

    await printer.print(jobFor(profilePresets[id]!))

    expect(windows[0]?.webContents.printed[0]?.pageSize).toEqual({ width, height })
  })

  it('hands the page the document, the page size and the printer’s resolution', async () => {
    const { printer, windows } = setUp()

    await printer.print(jobFor(thermal))

    const contents = windows[0]?.webContents
    expect(contents?.url).toBe(pageUrl)
    expect(contents?.sent).toHaveLength(1)
    const sent = contents?.sent[0]
    expect(sent?.channel).toBe('print-document')
    expect(Buffer.from(sent?.document.bytes ?? []).toString()).toBe('%PDF-1.7 ticket')
    expect(sent?.document.pageSize).toEqual([80, 150])
    expect(sent?.document.dpi).toBe(203)
  })

  it('draws in a hidden, sandboxed window with the security module applied', async () => {
    const { printer, windows } = setUp()

    await printer.print(jobFor(thermal))

    const window = windows[0]
    expect(window?.options.show).toBe(false)
    expect(window?.options.webPreferences).toMatchObject({
      preload: '/app/out/preload/print.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      devTools: false,
    })
    expect(window?.webContents.windowOpen?.()).toEqual({ action: 'deny' })
    expect([...(window?.webContents.events.keys() ?? [])]).toEqual(
      expect.arrayContaining(['will-navigate', 'will-redirect', 'will-attach-webview']),
    )
  })

  it('reuses its window for the next ticket', async () => {
    const { printer, windows } = setUp()

    await printer.print(jobFor(thermal))
    await printer.print(jobFor(thermal))

    expect(windows).toHaveLength(1)
    expect(windows[0]?.webContents.sent).toHaveLength(2)
  })
})

describe('electron printer: when the print does not happen', () => {
  it('fails after the time limit when the print callback never arrives', async () => {
    const { printer, windows } = setUp({ print: 'never' }, { render: 1000, print: 80 })
    const started = Date.now()

    const outcome = await printer.print(jobFor(thermal))

    expect(Date.now() - started).toBeLessThan(1000)
    expect(outcome.status).toBe('failed')
    expect(outcome.status === 'failed' && outcome.reason).toContain('no answer from the printer')
    // the window that may still hold the job is not used again
    expect(windows[0]?.destroyed).toBe(true)
    await printer.checkReady()
    expect(windows).toHaveLength(2)
  })

  it('fails when the page never says it has drawn the ticket, without printing', async () => {
    const { printer, windows } = setUp({ render: 'silent' }, { render: 60, print: 1000 })

    const outcome = await printer.print(jobFor(thermal))

    expect(outcome.status === 'failed' && outcome.reason).toContain('not drawn')
    expect(windows[0]?.webContents.printed).toEqual([])
  })

  it.each<[string, Behaviour, string]>([
    [
      'a page drawn at another size',
      { render: 'wrong-size' },
      'wrong size: 595×842, want 639×1199',
    ],
    [
      'a page that could not draw it',
      { render: { ok: false, error: 'Invalid PDF' } },
      'Invalid PDF',
    ],
    ['an answer from a foreign page', { from: 'https://example.invalid/' }, 'foreign page'],
    ['a malformed answer', { render: { ok: true } as unknown as RenderResult }, 'bad'],
  ])('fails on %s, without printing', async (_name, behaviour, words) => {
    const { printer, windows } = setUp(behaviour)

    const outcome = await printer.print(jobFor(thermal))

    expect(outcome.status === 'failed' && outcome.reason).toContain(words)
    expect(windows[0]?.webContents.printed).toEqual([])
  })

  it('passes on the reason Electron gives for a failed print', async () => {
    const print = { success: false as const, reason: 'Invalid deviceName provided' }
    const { printer } = setUp({ print })

    const outcome = await printer.print(jobFor(thermal))

    expect(outcome.status === 'failed' && outcome.reason).toContain('Invalid deviceName provided')
  })
})

describe('electron printer: before a blank is assigned', () => {
  it('is ready when the device is one of the system printers', async () => {
    const { printer } = setUp({ printers: ['PDF', 'TM-T20'] })

    await expect(printer.checkReady()).resolves.toEqual({ ready: true })
  })

  it('names the printers it knows when the device is not one of them', async () => {
    const { printer } = setUp({ printers: ['PDF', 'TM-T88'] })

    const readiness = await printer.checkReady()

    expect(readiness.ready).toBe(false)
    expect(readiness.ready === false && readiness.reason).toContain(
      'no printer "TM-T20" (known: PDF, TM-T88)',
    )
  })

  it('lists the system printers, ready only for its own device', async () => {
    const { printer } = setUp({ printers: ['PDF', 'TM-T20'] })

    await expect(printer.listPrinters()).resolves.toEqual([
      { name: 'electron:PDF', ready: false },
      { name: 'electron:TM-T20', ready: true },
    ])
  })
})
