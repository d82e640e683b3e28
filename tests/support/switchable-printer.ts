import { createPdfFolderPrinter } from '../../main/core/printing/pdf-folder'
import type { Printer, Readiness } from '../../main/core/printing/printer'

// The training printer (real PDF files in a folder) whose readiness a test flips, standing in
// for a CUPS queue that an operator disables and enables again; and whose next jobs can fail.
export interface SwitchablePrinter extends Printer {
  readiness: Readiness
  failures: string[]
}

export function switchablePrinter(dir: string): SwitchablePrinter {
  const inner = createPdfFolderPrinter({
    dir,
    failNext: () => printer.failures.shift() ?? null,
  })
  const printer: SwitchablePrinter = {
    kind: inner.kind,
    name: 'switchable',
    readiness: { ready: true },
    failures: [],
    listPrinters: () => inner.listPrinters(),
    checkReady: async () => printer.readiness,
    print: (job) => inner.print(job),
  }

  return printer
}
