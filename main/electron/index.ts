import * as electron from 'electron'
import { fileURLToPath } from 'node:url'
import { defaultShellPaths, startElectronShell } from './app'

startElectronShell(electron, defaultShellPaths(fileURLToPath(new URL('.', import.meta.url)))).catch(
  (error: unknown) => {
    electron.dialog.showErrorBox(
      'bso-kiosk',
      `Не удалось запустить / Failed to start: ${String(error)}`,
    )
    electron.app.exit(1)
  },
)
