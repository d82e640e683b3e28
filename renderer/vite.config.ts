import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'
import { pdfjsAssets } from '../scripts/pdfjs-assets'

const root = fileURLToPath(new URL('.', import.meta.url))

export default defineConfig({
  root,
  // relative asset URLs, so the packaged app can load index.html from file://
  base: './',
  plugins: [react(), pdfjsAssets()],
  build: {
    outDir: fileURLToPath(new URL('../out/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'chrome120',
    // every shell is a current Chromium: the polyfill would only add bytes
    modulePreload: { polyfill: false },
    // the hidden print page is its own entry, so pdf.js never enters the screens' bundle
    rollupOptions: {
      input: {
        index: fileURLToPath(new URL('index.html', import.meta.url)),
        print: fileURLToPath(new URL('print.html', import.meta.url)),
      },
    },
  },
})
