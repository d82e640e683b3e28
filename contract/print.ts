// What main and the hidden print page say to each other: one document in, one answer out.

export interface PrintDocument {
  // the ticket PDF exactly as the server sent it
  bytes: Uint8Array
  // the printed page, mm: the canvas is this size at `dpi`, so nothing is scaled when printing
  pageSize: readonly [number, number]
  dpi: number
}

export type RenderResult =
  { ok: true; width: number; height: number; pages: number } | { ok: false; error: string }

// window.bsoPrint on the print page, set by preload/print.ts (or a test)
export interface PrintPageBridge {
  onDocument(listener: (document: PrintDocument) => void): void
  rendered(result: RenderResult): void
}

export const printChannels = {
  document: 'print-document',
  rendered: 'print-rendered',
} as const

// device pixels of a page: mm / 25.4 × dpi, the same arithmetic on both sides
export function pagePixels(pageSize: readonly [number, number], dpi: number): [number, number] {
  return [Math.round((pageSize[0] / 25.4) * dpi), Math.round((pageSize[1] / 25.4) * dpi)]
}
