import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'
import { pdfjsAssets } from '../scripts/pdfjs-assets'

const root = fileURLToPath(new URL('.', import.meta.url))

// The screens are written against React's API and typed with its types, but the build runs
// them on preact/compat: React DOM alone is ~180 KB of script that a kiosk evaluates before
// its keypad can show, about 40 ms on our machines, which broke the time-to-keypad budget
// (README, "Benchmarks"). Every end-to-end test runs this same build, and so does Electron's
// (electron.vite.config.ts).
export const reactOnPreact = [
  { find: /^react-dom\/client$/, replacement: 'preact/compat/client' },
  { find: /^react-dom$/, replacement: 'preact/compat' },
  { find: /^react\/jsx-runtime$/, replacement: 'preact/jsx-runtime' },
  { find: /^react\/jsx-dev-runtime$/, replacement: 'preact/jsx-dev-runtime' },
  { find: /^react$/, replacement: 'preact/compat' },
]

export default defineConfig({
  root,
  // relative asset URLs, so the packaged app can load index.html from file://
  base: './',
  plugins: [react(), pdfjsAssets()],
  resolve: { alias: reactOnPreact },
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
