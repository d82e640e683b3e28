import type * as Electron from 'electron'
import type { Mode } from '../../contract/kiosk'
import { silentLogger, type Logger } from '../core/log'

export interface WindowSettings {
  mode: Mode
  preloadPath: string
  // dev tools only where a developer runs the app from source
  developer: boolean
}

// The one window of the app. The options are written out here, at the constructor, so that
// Electronegativity (npm test) reads them as they are rather than guessing at a variable.
export function openAppWindow(
  electron: Pick<typeof Electron, 'BrowserWindow'>,
  settings: WindowSettings,
): Electron.BrowserWindow {
  const { BrowserWindow } = electron
  const kiosk = settings.mode === 'kiosk'

  return new BrowserWindow({
    show: false,
    fullscreen: true,
    kiosk,
    autoHideMenuBar: true,
    backgroundColor: '#0f172a',
    title: 'bso-kiosk',
    webPreferences: {
      preload: settings.preloadPath,
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
      // a middle click would open a link in a new window
      disableBlinkFeatures: 'Auxclick',
      devTools: settings.developer && !kiosk,
    },
  })
}

type KeyInput = Pick<Electron.Input, 'type' | 'key' | 'control' | 'meta' | 'alt' | 'shift'>

// Keys that would leave, reload or zoom the app, open dev tools, print the screen or walk
// the history: the renderer never gets them. Digits, letters and Enter (the scanner) pass.
export function isBlockedShortcut(input: KeyInput): boolean {
  const key = input.key.toLowerCase()
  const command = input.control || input.meta

  if (['f1', 'f3', 'f5', 'f6', 'f7', 'f11', 'f12'].includes(key)) return true
  if (input.alt && ['f4', 'arrowleft', 'arrowright', 'home', 'tab', ' '].includes(key)) return true
  if (
    command &&
    ['r', 'w', 'q', 'n', 't', 'p', 's', 'o', 'l', 'u', 'f', 'g', 'h', 'j'].includes(key)
  ) {
    return true
  }
  if (command && ['=', '+', '-', '_', '0', 'tab', 'pageup', 'pagedown'].includes(key)) return true
  if (command && input.shift && ['i', 'j', 'c', 'delete'].includes(key)) return true
  if (['browserback', 'browserforward', 'browserrefresh', 'browserhome'].includes(key)) return true

  return false
}

// Full screen and locked: no menu, no zoom, none of the shortcuts above, the screen kept
// awake. In kiosk mode the window cannot be closed from the keyboard either.
export function lockDownWindow(
  electron: Pick<typeof Electron, 'powerSaveBlocker'>,
  window: Electron.BrowserWindow,
  options: { mode: Mode; developer: boolean; logger?: Logger },
): () => void {
  const log = options.logger ?? silentLogger
  const contents = window.webContents
  window.removeMenu()
  window.setMenuBarVisibility(false)

  contents.on('before-input-event', (event, input) => {
    if (options.developer && options.mode !== 'kiosk') return
    if (input.type === 'keyDown' && isBlockedShortcut(input)) {
      event.preventDefault()
      log.debug('shortcut blocked', { key: input.key })
    }
  })
  contents.on('did-finish-load', () => void contents.setVisualZoomLevelLimits(1, 1))

  const blocker = electron.powerSaveBlocker.start('prevent-display-sleep')

  return () => {
    if (electron.powerSaveBlocker.isStarted(blocker)) electron.powerSaveBlocker.stop(blocker)
  }
}

// A renderer that died (a crash, killed for memory) or hung is loaded again: main still holds
// the session, and the screens ask for it on load, so the customer's order goes on where it
// was. Crashes in a burst are spaced out, so a page that crashes at once cannot spin the CPU.
export function reloadOnCrash(
  window: Electron.BrowserWindow,
  options: { logger?: Logger; now?: () => number; setTimer?: (fn: () => void, ms: number) => void },
): void {
  const log = options.logger ?? silentLogger
  const now = options.now ?? Date.now
  const setTimer = options.setTimer ?? ((fn, ms) => void setTimeout(fn, ms))
  const contents = window.webContents
  let crashes: number[] = []

  contents.on('render-process-gone', (_event, details) => {
    if (details.reason === 'clean-exit' || window.isDestroyed()) return

    const at = now()
    crashes = [...crashes.filter((t) => at - t < 60_000), at]
    const delay = crashes.length > 3 ? 10_000 : 0
    log.error('the screens stopped; loading them again', {
      reason: details.reason,
      exitCode: details.exitCode,
      delayMs: delay,
    })
    setTimer(() => {
      if (!window.isDestroyed()) contents.reload()
    }, delay)
  })

  contents.on('unresponsive', () => {
    log.warn('the screens do not respond; restarting them')
    contents.forcefullyCrashRenderer()
  })
}
