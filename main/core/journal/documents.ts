import { createHash } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { open, readFile, rename } from 'node:fs/promises'
import { join } from 'node:path'
import { KioskError } from '../errors'

// Ticket documents are kept on disk from the moment they arrive: on production a token's
// document downloads only once, so the copy here is the only one there will ever be.

export const maxDocumentBytes = 16 * 1024 * 1024

export interface StoredDocument {
  path: string
  sha256: string
  bytes: number
}

export interface DocumentStore {
  store(token: string, document: Buffer): Promise<StoredDocument>
  load(path: string): Promise<Buffer>
}

export function verifyPdf(document: Buffer): string | null {
  if (document.length === 0) return 'empty document'

  if (document.length > maxDocumentBytes) return `document larger than ${maxDocumentBytes} bytes`

  if (document.subarray(0, 5).toString('latin1') !== '%PDF-') return 'not a PDF'

  // the end marker may be followed by a newline or two
  const tail = document.subarray(Math.max(0, document.length - 32)).toString('latin1')
  if (!tail.includes('%%EOF')) return 'PDF cut short (no %%EOF)'

  return null
}

export function createDocumentStore(dir: string): DocumentStore {
  mkdirSync(dir, { recursive: true, mode: 0o700 })

  return {
    async store(token, document) {
      const problem = verifyPdf(document)
      if (problem) throw new KioskError('document-invalid', { detail: problem })

      const name = token.replace(/[^A-Za-z0-9-]/g, '_')
      const path = join(dir, `${name}.pdf`)
      const temporary = `${path}.part`
      const handle = await open(temporary, 'w', 0o600)
      try {
        await handle.writeFile(document)
        await handle.sync()
      } finally {
        await handle.close()
      }
      await rename(temporary, path)

      const sha256 = createHash('sha256').update(document).digest('hex')

      return { path, sha256, bytes: document.length }
    },

    async load(path) {
      const document = await readFile(path)
      const problem = verifyPdf(document)
      if (problem) throw new KioskError('document-invalid', { detail: problem })

      return document
    },
  }
}
