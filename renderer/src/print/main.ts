import type { PrintDocument } from '../../../contract/print'
import './print.css'
import { renderDocument, setPrintedPage } from './render'

function start(): void {
  const bridge = window.bsoPrint
  const canvas = document.getElementById('ticket')
  if (!bridge || !(canvas instanceof HTMLCanvasElement)) return

  bridge.onDocument((input: PrintDocument) => {
    setPrintedPage(input.pageSize)
    renderDocument(input, canvas)
      .then((result) => bridge.rendered(result))
      .catch((error: unknown) => bridge.rendered({ ok: false, error: String(error) }))
  })
}

start()
