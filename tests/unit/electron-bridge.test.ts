import { afterEach, describe, expect, it, vi } from 'vitest'
import { kioskMethods, requestChannels, type KioskApi } from '../../contract/kiosk'
import type { KioskService } from '../../main/core/service'
import { registerIpc } from '../../main/electron/ipc'

// The Electron side of the contract, with a fake `electron` module: the preload exposes
// window.kiosk and nothing else, and main answers only its own page.

type Handler = (event: unknown, argument: unknown) => unknown

function fakeIpcMain() {
  const handlers = new Map<string, Handler>()

  return {
    handlers,
    handle: (channel: string, handler: Handler) => handlers.set(channel, handler),
    removeHandler: (channel: string) => handlers.delete(channel),
  }
}

function fakeService(): KioskService & { calls: [unknown, unknown][] } {
  const calls: [unknown, unknown][] = []

  return {
    calls,
    handle: async (channel, argument) => {
      calls.push([channel, argument])
      return { ok: true, value: channel }
    },
    onSessionChanged: () => () => {},
  }
}

afterEach(() => {
  vi.resetModules()
  vi.doUnmock('electron')
})

describe('main registers the contract on ipcMain', () => {
  it('handles every request channel and forwards it to the service', async () => {
    const ipcMain = fakeIpcMain()
    const service = fakeService()
    const page = 'file:///app/out/renderer/index.html'
    registerIpc({ ipcMain: ipcMain as never, service, isOwnPage: (url) => url === page })

    expect([...ipcMain.handlers.keys()].sort()).toEqual([...requestChannels].sort())

    const handler = ipcMain.handlers.get('look-up-order')
    const argument = { orderId: '1', pincode: '2' }
    const reply = await handler?.({ senderFrame: { url: page } }, argument)
    expect(reply).toEqual({ ok: true, value: 'look-up-order' })
    expect(service.calls).toEqual([['look-up-order', argument]])
  })

  it.each([
    ['another file', 'file:///tmp/evil.html'],
    ['a web page', 'https://example.invalid/'],
    ['no frame', ''],
  ])('refuses a request from %s', async (_name, url) => {
    const ipcMain = fakeIpcMain()
    const service = fakeService()
    const page = 'file:///app/out/renderer/index.html'
    registerIpc({ ipcMain: ipcMain as never, service, isOwnPage: (u) => u === page })

    const event = url ? { senderFrame: { url } } : {}
    const reply = await ipcMain.handlers.get('get-session')?.(event, undefined)

    expect(reply).toEqual({ ok: false, error: { code: 'request-invalid', detail: 'foreign page' } })
    expect(service.calls).toHaveLength(0)
  })

  it('removes its handlers when asked', () => {
    const ipcMain = fakeIpcMain()
    const unregister = registerIpc({
      ipcMain: ipcMain as never,
      service: fakeService(),
      isOwnPage: () => true,
    })

    unregister()
    expect(ipcMain.handlers.size).toBe(0)
  })
})

describe('the preload bridge', () => {
  it('exposes window.kiosk with the contract methods only, each on its channel', async () => {
    const exposed: Record<string, unknown> = {}
    const invoked: [string, unknown][] = []
    const listeners = new Map<string, (...args: unknown[]) => void>()
    vi.doMock('electron', () => ({
      contextBridge: {
        exposeInMainWorld: (name: string, api: unknown) => (exposed[name] = api),
      },
      ipcRenderer: {
        invoke: async (channel: string, argument: unknown) => {
          invoked.push([channel, argument])
          return channel === 'get-session'
            ? { ok: false, error: { code: 'internal' } }
            : { ok: true, value: { channel } }
        },
        on: (channel: string, listener: (...args: unknown[]) => void) =>
          listeners.set(channel, listener),
        removeListener: (channel: string) => listeners.delete(channel),
      },
    }))

    await import('../../preload/electron')

    expect(Object.keys(exposed)).toEqual(['kiosk'])
    const kiosk = exposed['kiosk'] as KioskApi
    expect(Object.keys(kiosk).sort()).toEqual(
      [...Object.keys(kioskMethods), 'onSessionChanged', 'onTerminalChanged'].sort(),
    )

    await expect(kiosk.enterBlank({ serial: 'AA005501', source: 'scan' })).resolves.toEqual({
      channel: 'enter-blank',
    })
    expect(invoked).toEqual([['enter-blank', { serial: 'AA005501', source: 'scan' }]])
    await expect(kiosk.getSession()).rejects.toMatchObject({ view: { code: 'internal' } })

    const seen: unknown[] = []
    const unsubscribe = kiosk.onSessionChanged((snapshot) => seen.push(snapshot))
    listeners.get('session-changed')?.({}, { stage: 'summary' })
    expect(seen).toEqual([{ stage: 'summary' }])
    unsubscribe()
    expect(listeners.has('session-changed')).toBe(false)
  })
})
