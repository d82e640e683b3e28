import * as electron from 'electron'
import log from 'electron-log/main'
import { fileURLToPath } from 'node:url'
import { describeErrorInBoth } from '../../contract/errors'
import { toKioskError } from '../core/errors'
import { formatLogRecord } from '../core/log'
import { defaultShellPaths, startElectronShell } from './app'

// The product's log is electron-log's rotated file in the user-data folder; every line has
// already passed the Redactor of core/log.ts before it gets here.
log.transports.file.maxSize = 5 * 1024 * 1024
log.transports.file.format = '{text}'
log.transports.console.level = electron.app.isPackaged ? false : 'info'

startElectronShell(electron, defaultShellPaths(fileURLToPath(new URL('.', import.meta.url))), {
  logSink: (record) => log[record.level](formatLogRecord(record)),
}).catch((error: unknown) => {
  // a settings file with a mistake is the usual cause: the operator's words, both languages
  const failure = toKioskError(error)
  const text = failure.code === 'internal' ? String(error) : describeErrorInBoth(failure.toView())
  electron.dialog.showErrorBox('bso-kiosk', `Не удалось запустить / Failed to start: ${text}`)
  electron.app.exit(1)
})
