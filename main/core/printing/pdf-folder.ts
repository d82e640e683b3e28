import { mkdir, open, readdir, rename } from 'node:fs/promises'
import { join } from 'node:path'
import type { JobOutcome, PrintJob, Printer, PrinterInfo, Readiness } from './printer'

export interface PdfFolderOptions {
  dir: string
  // a fault on demand for tests: the reason the next job fails, or null to print
  failNext?: () => string | null
}

// Training mode's printer: each ticket becomes a PDF file in a folder, written whole or not at
// all (temporary name, synced, then renamed), so a half-written file is never mistaken for a
// printed ticket.
export function createPdfFolderPrinter(options: PdfFolderOptions): Printer {
  const name = `pdf-folder:${options.dir}`
  let sequence = 0

  return {
    kind: 'pdf-folder',
    name,

    async listPrinters(): Promise<PrinterInfo[]> {
      const ready = await this.checkReady()

      return [{ name, ready: ready.ready }]
    },

    async checkReady(): Promise<Readiness> {
      try {
        await mkdir(options.dir, { recursive: true })
        await readdir(options.dir)

        return { ready: true }
      } catch (error) {
        return { ready: false, reason: `folder ${options.dir}: ${(error as Error).message}` }
      }
    },

    async print(job: PrintJob): Promise<JobOutcome> {
      sequence += 1
      const jobId = `${Date.now()}-${sequence}`
      const failure = options.failNext?.() ?? null
      if (failure !== null) return { status: 'failed', printer: name, jobId, reason: failure }

      const file = join(options.dir, `${job.orderId}-${job.ticketId}-${job.serial}.pdf`)
      const temporary = `${file}.${jobId}.part`

      try {
        await mkdir(options.dir, { recursive: true })
        // a ticket carries the customer's name: readable by the kiosk's own user only
        const handle = await open(temporary, 'wx', 0o600)
        try {
          await handle.writeFile(job.document)
          await handle.sync()
        } finally {
          await handle.close()
        }
        await rename(temporary, file)

        return { status: 'completed', printer: name, jobId }
      } catch (error) {
        return { status: 'failed', printer: name, jobId, reason: (error as Error).message }
      }
    },
  }
}
