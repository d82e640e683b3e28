import type * as Electron from 'electron'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { LogSink } from '../core/log'
import { startRuntime, type KioskRuntime } from '../runtime'
import { pushSessionChanges, registerIpc } from './ipc'
import { createElectronPrinter } from './printer'
import { ownPageMatcher, secureEveryWindow, secureSession } from './security'
import { lockDownWindow, openAppWindow, reloadOnCrash } from './window'

// The Electron shell: one window, full screen, the renderer behind the preload bridge. Electron
// itself is passed in, so the shell can be tested with a fake module where no runtime exists.

export interface ShellPaths {
  preload: string
  rendererIndex: string
  printPreload: string
  printPage: string
}

export interface ShellOptions {
  // electron-log's file transport in the product; the runtime's own rotated file elsewhere
  logSink?: LogSink
}

export async function startElectronShell(
  electron: typeof Electron,
  paths: ShellPaths,
  options: ShellOptions = {},
): Promise<{ runtime: KioskRuntime; window: Electron.BrowserWindow } | null> {
  const { app, ipcMain, session, Menu } = electron

  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return null
  }

  const dataDir = process.env['BSO_KIOSK_DATA_DIR'] || app.getPath('userData')
  const devServer = process.env['ELECTRON_RENDERER_URL']
  const rendererUrl = devServer || pathToFileURL(paths.rendererIndex).href
  const printPageUrl = devServer
    ? new URL('print.html', devServer).href
    : pathToFileURL(paths.printPage).href
  const isOwnPage = ownPageMatcher(rendererUrl)
  const isPrintPage = ownPageMatcher(printPageUrl)
  secureEveryWindow(app, (url) => isOwnPage(url) || isPrintPage(url))

  await app.whenReady()
  secureSession(session.defaultSession)
  Menu.setApplicationMenu(null)

  const runtime = await startRuntime({
    dataDir,
    version: app.getVersion(),
    ...(options.logSink ? { logSink: options.logSink } : {}),
    restart: () => {
      app.relaunch()
      app.exit(0)
    },
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
  const { mode, autoStart } = runtime.settings
  const developer = !app.isPackaged
  applyAutoStart(app, autoStart)

  const window = openAppWindow(electron, { mode, preloadPath: paths.preload, developer })
  const releaseScreen = lockDownWindow(electron, window, {
    mode,
    developer,
    logger: runtime.logger,
  })
  reloadOnCrash(window, { logger: runtime.logger })

  registerIpc({ ipcMain, service: runtime.service, isOwnPage })
  pushSessionChanges(runtime.service, window.webContents)

  // a second launch brings the running window forward instead of a second kiosk
  app.on('second-instance', () => {
    if (window.isMinimized()) window.restore()
    window.focus()
  })
  app.on('window-all-closed', () => {
    releaseScreen()
    void runtime.close().then(() => app.quit())
  })

  window.once('ready-to-show', () => window.show())
  await window.loadURL(rendererUrl)

  return { runtime, window }
}

// Start on login, as a setting: Windows and macOS keep it themselves; on Linux it is an
// XDG autostart entry, which AppImage and deb installs alike honour.
export function applyAutoStart(
  app: Pick<Electron.App, 'setLoginItemSettings'>,
  enabled: boolean,
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
): void {
  if (platform !== 'linux') {
    app.setLoginItemSettings({ openAtLogin: enabled })
    return
  }

  const dir = join(env['XDG_CONFIG_HOME'] || join(homedir(), '.config'), 'autostart')
  const file = join(dir, 'bso-kiosk.desktop')
  if (!enabled) {
    rmSync(file, { force: true })
    return
  }

  const executable = env['APPIMAGE'] || process.execPath
  mkdirSync(dir, { recursive: true })
  writeFileSync(
    file,
    ['[Desktop Entry]', 'Type=Application', 'Name=bso-kiosk', `Exec="${executable}"`, ''].join(
      '\n',
    ),
  )
}

export function defaultShellPaths(mainDir: string): ShellPaths {
  return {
    preload: join(mainDir, '..', 'preload', 'electron.cjs'),
    rendererIndex: join(mainDir, '..', 'renderer', 'index.html'),
    printPreload: join(mainDir, '..', 'preload', 'print.cjs'),
    printPage: join(mainDir, '..', 'renderer', 'print.html'),
  }
}
