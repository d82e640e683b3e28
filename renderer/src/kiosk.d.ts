import type { KioskApi } from '../../contract/kiosk'

declare global {
  interface Window {
    // provided by the shell (Electron preload or the web bridge) before the renderer runs
    readonly kiosk: KioskApi
  }
}

export {}
