import type { BrowserWindowConstructorOptions } from 'electron'
import type { Mode } from '../../contract/kiosk'

export interface WindowSettings {
  mode: Mode
  preloadPath: string
  // dev tools only where a developer runs the app from source
  developer: boolean
}

export function windowOptions(settings: WindowSettings): BrowserWindowConstructorOptions {
  const kiosk = settings.mode === 'kiosk'

  return {
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
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      devTools: settings.developer && !kiosk,
    },
  }
}
