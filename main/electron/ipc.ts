import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron'
import { requestChannels } from '../../contract/kiosk'
import type { KioskService } from '../core/service'

// The contract's request table on ipcMain. The service validates every argument; here we also
// refuse a caller that is not our own page.

export function registerIpc(options: {
  ipcMain: IpcMain
  service: KioskService
  isOwnPage: (url: string) => boolean
}): () => void {
  const { ipcMain, service, isOwnPage } = options

  for (const channel of requestChannels) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, argument: unknown) => {
      const url = event.senderFrame?.url ?? ''
      if (!isOwnPage(url)) {
        return { ok: false, error: { code: 'request-invalid', detail: 'foreign page' } }
      }

      return service.handle(channel, argument)
    })
  }

  return () => {
    for (const channel of requestChannels) ipcMain.removeHandler(channel)
  }
}

export function pushSessionChanges(service: KioskService, contents: WebContents): () => void {
  const push = (event: string, payload: unknown) => {
    if (!contents.isDestroyed()) contents.send(event, payload)
  }
  const stops = [
    service.onSessionChanged((snapshot) => push('session-changed', snapshot)),
    service.onTerminalChanged?.((snapshot) => push('terminal-changed', snapshot)),
  ]

  return () => stops.forEach((stop) => stop?.())
}
