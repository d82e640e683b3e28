import { contextBridge, ipcRenderer } from 'electron'
import type { Reply } from '../contract/kiosk'
import { createKioskApi } from './bridge'

// The only door between the screens and main: the typed intents of the contract, nothing else.
const kiosk = createKioskApi({
  request: (channel, argument) => ipcRenderer.invoke(channel, argument) as Promise<Reply<unknown>>,
  listen(event, listener) {
    const forward = (_event: unknown, payload: Parameters<typeof listener>[0]) => listener(payload)
    ipcRenderer.on(event, forward)

    return () => ipcRenderer.removeListener(event, forward)
  },
})

contextBridge.exposeInMainWorld('kiosk', kiosk)
