import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startElectronShell } from '../../main/electron/app'
import { secureEveryWindow, secureSession, secureWebContents } from '../../main/electron/security'
import {
  isBlockedShortcut,
  lockDownWindow,
  openAppWindow,
  reloadOnCrash,
} from '../../main/electron/window'
import { FakeBrowserWindow, FakeWebContents, fakeElectron } from '../support/fake-electron'

// The Electron shell with a fake `electron` module: the runtime cannot be downloaded here, so
// what the shell asks of Electron is checked instead of what Electron then does.

type Fake = ReturnType<typeof fakeElectron>
const electron = (fake: Fake) => fake as never
const paths = {
  preload: '/app/out/preload/electron.cjs',
  rendererIndex: '/app/out/renderer/index.html',
  printPreload: '/app/out/preload/print.cjs',
  printPage: '/app/out/renderer/print.html',
}
const own = 'file:///app/out/renderer/index.html'

beforeEach(() => {
  FakeBrowserWindow.created = []
})

describe('the window', () => {
  it.each([
    ['kiosk', 'kiosk', true, { kiosk: true, devTools: false }],
    ['kiosk, from source', 'kiosk', false, { kiosk: true, devTools: false }],
    ['cashier, packaged', 'cashier', true, { kiosk: false, devTools: false }],
    ['cashier, from source', 'cashier', false, { kiosk: false, devTools: true }],
  ] as const)('%s', (_name, mode, packaged, want) => {
    const window = openAppWindow(electron(fakeElectron({ userData: '/x' })), {
      mode,
      preloadPath: paths.preload,
      developer: !packaged,
    }) as unknown as FakeBrowserWindow

    expect(window.options).toMatchObject({ fullscreen: true, kiosk: want.kiosk, show: false })
    expect(window.options['webPreferences']).toEqual({
      preload: paths.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
      disableBlinkFeatures: 'Auxclick',
      devTools: want.devTools,
    })
  })
})

const key = (
  key: string,
  mods: Partial<Record<'control' | 'meta' | 'alt' | 'shift', boolean>> = {},
) => ({
  type: 'keyDown' as const,
  key,
  control: false,
  meta: false,
  alt: false,
  shift: false,
  ...mods,
})

describe('shortcuts', () => {
  it.each([
    ['reload', key('r', { control: true })],
    ['hard reload', key('R', { control: true, shift: true })],
    ['F5', key('F5')],
    ['close the window', key('w', { control: true })],
    ['quit', key('q', { control: true })],
    ['quit on a Mac', key('q', { meta: true })],
    ['Alt+F4', key('F4', { alt: true })],
    ['dev tools', key('I', { control: true, shift: true })],
    ['dev tools by F12', key('F12')],
    ['full screen off', key('F11')],
    ['back', key('ArrowLeft', { alt: true })],
    ['zoom in', key('=', { control: true })],
    ['zoom out', key('-', { control: true })],
    ['print', key('p', { control: true })],
    ['new window', key('n', { control: true })],
    ['browser back key', key('BrowserBack')],
  ])('blocks %s', (_name, input) => {
    expect(isBlockedShortcut(input)).toBe(true)
  })

  it.each([
    ['a digit', key('5')],
    ['a letter of a serial', key('A')],
    ['a Cyrillic letter', key('Ф')],
    ['Enter from the scanner', key('Enter')],
    ['Backspace', key('Backspace')],
    ['Shift+A', key('A', { shift: true })],
  ])('lets %s through', (_name, input) => {
    expect(isBlockedShortcut(input)).toBe(false)
  })

  it('the locked window swallows them, keeps the screen awake and allows no zoom', () => {
    const fake = fakeElectron({ userData: '/x' })
    const window = new FakeBrowserWindow({})
    const release = lockDownWindow(electron(fake), window as never, {
      mode: 'kiosk',
      developer: false,
    })

    expect(
      window.webContents.fire('before-input-event', key('r', { control: true })).prevented,
    ).toBe(true)
    expect(window.webContents.fire('before-input-event', key('7')).prevented).toBe(false)
    window.webContents.fire('did-finish-load')
    expect(window.webContents.zoomLimits).toEqual([1, 1])
    expect(window.menuRemoved).toBe(true)
    expect(fake.blockers.size).toBe(1)

    release()
    expect(fake.blockers.size).toBe(0)
  })
})

describe('the security module', () => {
  it('denies new windows, foreign navigation, redirects and webviews', () => {
    const contents = new FakeWebContents()
    secureWebContents(contents as never, (url) => url === own)

    expect(contents.windowOpenHandler?.({ url: 'https://example.invalid/' })).toEqual({
      action: 'deny',
    })
    expect(contents.fire('will-navigate', 'https://example.invalid/').prevented).toBe(true)
    expect(contents.fire('will-navigate', 'file:///etc/passwd').prevented).toBe(true)
    expect(contents.fire('will-navigate', own).prevented).toBe(false)
    expect(contents.fire('will-redirect', own).prevented).toBe(true)
    expect(contents.fire('will-attach-webview', {}, {}).prevented).toBe(true)

    const frame = {
      url: 'https://example.invalid/',
      prevented: false,
      preventDefault() {
        frame.prevented = true
      },
    }
    contents.emit('will-frame-navigate', frame)
    expect(frame.prevented).toBe(true)
  })

  it('is applied to every web contents the app makes', () => {
    const fake = fakeElectron({ userData: '/x' })
    secureEveryWindow(fake.app as never, (url) => url === own)
    const contents = new FakeWebContents()

    fake.app.emit('web-contents-created', {}, contents)

    expect(contents.windowOpenHandler?.({})).toEqual({ action: 'deny' })
    expect(contents.fire('will-navigate', 'https://example.invalid/').prevented).toBe(true)
  })

  it('grants no permission and sends the CSP with every response', () => {
    const fake = fakeElectron({ userData: '/x' })
    secureSession(fake.session.defaultSession as never)
    const granted: boolean[] = []

    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read']) {
      ;(fake.permissions.request as (c: unknown, p: string, cb: (ok: boolean) => void) => void)(
        {},
        permission,
        (ok) => granted.push(ok),
      )
    }
    expect(granted).toEqual([false, false, false, false])
    expect((fake.permissions.check as () => boolean)()).toBe(false)
    expect((fake.permissions.device as () => boolean)()).toBe(false)

    let headers: Record<string, string[]> = {}
    ;(
      fake.permissions.headers as (
        d: unknown,
        cb: (r: { responseHeaders: Record<string, string[]> }) => void,
      ) => void
    )({ responseHeaders: {} }, (r) => (headers = r.responseHeaders))
    expect(headers['Content-Security-Policy']?.[0]).toMatch(/default-src 'self'.*object-src 'none'/)
  })
})

describe('a renderer that dies', () => {
  it('is loaded again at once, and after a burst of crashes with a pause', () => {
    const window = new FakeBrowserWindow({})
    const timers: number[] = []
    let now = 0
    reloadOnCrash(window as never, {
      now: () => now,
      setTimer: (fn, ms) => {
        timers.push(ms)
        fn()
      },
    })

    window.webContents.fire('render-process-gone', { reason: 'crashed', exitCode: 139 })
    expect(window.webContents.reloads).toBe(1)
    expect(timers).toEqual([0])

    for (let n = 0; n < 3; n += 1) {
      now += 1000
      window.webContents.fire('render-process-gone', { reason: 'oom', exitCode: 1 })
    }
    expect(timers).toEqual([0, 0, 0, 10_000])
    expect(window.webContents.reloads).toBe(4)

    window.webContents.fire('render-process-gone', { reason: 'clean-exit', exitCode: 0 })
    expect(window.webContents.reloads).toBe(4)

    window.webContents.fire('unresponsive')
    expect(window.webContents.crashesForced).toBe(1)
  })
})

describe('the shell', () => {
  let dataDir: string
  const saved = { ...process.env }

  // the autostart entry must land in the test's folder, never in the user's ~/.config
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'bso-kiosk-shell-'))
    process.env['BSO_KIOSK_DATA_DIR'] = dataDir
    process.env['XDG_CONFIG_HOME'] = dataDir
  })

  afterEach(() => {
    for (const name of ['BSO_KIOSK_DATA_DIR', 'XDG_CONFIG_HOME']) {
      if (saved[name] === undefined) delete process.env[name]
      else process.env[name] = saved[name]
    }
  })

  it('runs one instance only', async () => {
    const fake = fakeElectron({ userData: dataDir, singleInstance: false })

    await expect(startElectronShell(electron(fake), paths)).resolves.toBeNull()
    expect(fake.app.quitCalled).toBe(1)
    expect(FakeBrowserWindow.created).toHaveLength(0)
  })

  it('opens a locked kiosk window on the renderer, with the bridge registered', async () => {
    writeFileSync(
      join(dataDir, 'settings.json'),
      JSON.stringify({ mode: 'kiosk', autoStart: true }),
    )
    const fake = fakeElectron({ userData: dataDir })
    const started = await startElectronShell(electron(fake), paths)

    try {
      const window = FakeBrowserWindow.created[0]
      expect(window?.options).toMatchObject({ kiosk: true, fullscreen: true })
      expect(window?.loaded).toEqual([own])
      expect(fake.menu()).toBeNull()
      expect(fake.blockers.size).toBe(1)
      expect(fake.permissions.request).toBeTypeOf('function')
      expect(fake.handlers.has('look-up-order')).toBe(true)
      expect(fake.handlers.has('unlock-service')).toBe(true)
      expect(fake.app.listenerCount('web-contents-created')).toBe(1)
      if (process.platform === 'linux') {
        const entry = readFileSync(join(dataDir, 'autostart', 'bso-kiosk.desktop'), 'utf8')
        expect(entry).toContain('Exec=')
      } else {
        expect(fake.app.loginItems).toEqual([{ openAtLogin: true }])
      }
    } finally {
      await started?.runtime.close()
    }
  })
})
