import { GlobalWorkerOptions, getDocument } from 'pdfjs-dist'
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url'
import { pagePixels, type PrintDocument, type RenderResult } from '../../../contract/print'

// a packaged app loads this page from file://: the worker and pdf.js's data travel with it
GlobalWorkerOptions.workerSrc = workerUrl

const assets = (folder: string) => new URL(`./pdfjs/${folder}/`, document.baseURI).href

// Draws page 1 at the printer's own resolution: one canvas pixel is one printer dot, so the
// narrowest bar of the barcode keeps its width instead of being resampled from 72 dpi.
export async function renderDocument(
  input: PrintDocument,
  canvas: HTMLCanvasElement,
): Promise<RenderResult> {
  const [width, height] = pagePixels(input.pageSize, input.dpi)

  const pdf = await getDocument({
    data: input.bytes,
    cMapUrl: assets('cmaps'),
    cMapPacked: true,
    standardFontDataUrl: assets('standard_fonts'),
    wasmUrl: assets('wasm'),
    isEvalSupported: false,
  }).promise

  try {
    // every page would take a blank of its own, and only one was assigned
    if (pdf.numPages !== 1) {
      return { ok: false, error: `the document has ${pdf.numPages} pages, a blank takes one` }
    }

    const page = await pdf.getPage(1)
    const viewport = page.getViewport({ scale: input.dpi / 72 })

    canvas.width = width
    canvas.height = height
    canvas.style.width = `${input.pageSize[0]}mm`
    canvas.style.height = `${input.pageSize[1]}mm`

    const context = canvas.getContext('2d', { alpha: false })
    if (!context) return { ok: false, error: 'no 2d canvas' }

    context.fillStyle = '#fff'
    context.fillRect(0, 0, width, height)
    await page.render({ canvas, canvasContext: context, viewport, background: '#fff' }).promise

    return { ok: true, width, height, pages: pdf.numPages }
  } finally {
    await pdf.destroy()
  }
}

// The print's paper is the profile's page with no margins, whatever the printer's default.
export function setPrintedPage(pageSize: readonly [number, number]): void {
  const sheet = new CSSStyleSheet()
  sheet.replaceSync(`@page { size: ${pageSize[0]}mm ${pageSize[1]}mm; margin: 0; }`)
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet]
}
