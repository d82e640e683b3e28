import { contextBridge, ipcRenderer } from 'electron'
import { printChannels, type PrintPageBridge, type PrintDocument } from '../contract/print'

// The print page's only door: it is handed one document and says how drawing it went.
const bsoPrint: PrintPageBridge = {
  onDocument(listener) {
    ipcRenderer.once(printChannels.document, (_event, document: PrintDocument) =>
      listener(document),
    )
  },
  rendered(result) {
    ipcRenderer.send(printChannels.rendered, result)
  },
}

contextBridge.exposeInMainWorld('bsoPrint', bsoPrint)
