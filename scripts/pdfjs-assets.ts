import { cpSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { Plugin } from 'vite'

// pdf.js fetches its CMaps, standard fonts and wasm decoders at run time; a packaged app has no
// node_modules and no server, so they are copied next to print.html as out/renderer/pdfjs/*.
export function pdfjsAssets(): Plugin {
  const require = createRequire(import.meta.url)
  const root = dirname(require.resolve('pdfjs-dist/package.json'))

  return {
    name: 'bso-pdfjs-assets',
    apply: 'build',
    writeBundle(options) {
      if (!options.dir) return

      for (const folder of ['cmaps', 'standard_fonts', 'wasm']) {
        cpSync(join(root, folder), join(options.dir, 'pdfjs', folder), { recursive: true })
      }
    },
  }
}
