import type * as Electron from 'electron'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { startRuntime, type KioskRuntime } from '../runtime'
import { pushSessionChanges, registerIpc } from './ipc'
import { createElectronPrinter } from './printer'
import { ownPageMatcher, secureSession, secureWebContents } from './security'
import { windowOptions } from './window'

// The Electron shell: one window, full screen, the renderer behind the preload bridge. Electron
// itself is passed in, so the shell can be tested with a fake module where no runtime exists.

export interface ShellPaths {
  preload: string
  rendererIndex: string
  printPreload: string
  printPage: string
}

export async function startElectronShell(
  electron: typeof Electron,
  paths: ShellPaths,
): Promise<{ runtime: KioskRuntime; window: Electron.BrowserWindow } | null> {
  const { app, BrowserWindow, ipcMain, session } = electron

  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return null
  }

  await app.whenReady()
  secureSession(session.defaultSession)

  const dataDir = process.env['BSO_KIOSK_DATA_DIR'] || app.getPath('userData')
  const devServer = process.env['ELECTRON_RENDERER_URL']
  const rendererUrl = devServer || pathToFileURL(paths.rendererIndex).href
  const printPageUrl = devServer
    ? new URL('print.html', devServer).href
    : pathToFileURL(paths.printPage).href
  const runtime = await startRuntime({
    dataDir,
    version: app.getVersion(),
    makePrinter: (settings, logger) =>
      settings.printer.kind === 'electron'
        ? createElectronPrinter({
            electron,
            device: settings.printer.device,
            pageUrl: printPageUrl,
            preloadPath: paths.printPreload,
            logger,
          })
        : null,
  })
  const isOwnPage = ownPageMatcher(rendererUrl)

  const window = new BrowserWindow(
    windowOptions({
      mode: runtime.settings.mode,
      preloadPath: paths.preload,
      developer: !app.isPackaged,
    }),
  )
  secureWebContents(window.webContents, isOwnPage)
  if (runtime.settings.mode === 'kiosk' || app.isPackaged) window.removeMenu()

  registerIpc({ ipcMain, service: runtime.service, isOwnPage })
  pushSessionChanges(runtime.service, window.webContents)

  // a second launch brings the running window forward instead of a second kiosk
  app.on('second-instance', () => {
    if (window.isMinimized()) window.restore()
    window.focus()
  })
  app.on('window-all-closed', () => {
    void runtime.close().then(() => app.quit())
  })

  window.once('ready-to-show', () => window.show())
  await window.loadURL(rendererUrl)

  return { runtime, window }
}

export function defaultShellPaths(mainDir: string): ShellPaths {
  return {
    preload: join(mainDir, '..', 'preload', 'electron.cjs'),
    rendererIndex: join(mainDir, '..', 'renderer', 'index.html'),
    printPreload: join(mainDir, '..', 'preload', 'print.cjs'),
    printPage: join(mainDir, '..', 'renderer', 'print.html'),
  }
}
