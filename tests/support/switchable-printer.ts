import { createPdfFolderPrinter } from '../../main/core/printing/pdf-folder'
import type { Printer, Readiness } from '../../main/core/printing/printer'

// The training printer (real PDF files in a folder) whose readiness a test flips, standing in
// for a CUPS queue that an operator disables and enables again; and whose next jobs can fail.
export interface SwitchablePrinter extends Printer {
  readiness: Readiness
  // when set, readiness is that printer's own (a real CUPS queue the test disables)
  readinessOf: Printer | null
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
    readinessOf: null,
    failures: [],
    listPrinters: () => inner.listPrinters(),
    checkReady: async () =>
      printer.readinessOf ? printer.readinessOf.checkReady() : printer.readiness,
    print: (job) => inner.print(job),
  }

  return printer
}
