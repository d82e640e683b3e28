import { contextBridge, ipcRenderer } from 'electron'
import type { Reply, SessionSnapshot } from '../contract/kiosk'
import { createKioskApi } from './bridge'

// The only door between the screens and main: the typed intents of the contract, nothing else.
const kiosk = createKioskApi({
  request: (channel, argument) => ipcRenderer.invoke(channel, argument) as Promise<Reply<unknown>>,
  listen(listener) {
    const forward = (_event: unknown, snapshot: SessionSnapshot) => listener(snapshot)
    ipcRenderer.on('session-changed', forward)

    return () => ipcRenderer.removeListener('session-changed', forward)
  },
})

contextBridge.exposeInMainWorld('kiosk', kiosk)
