import { resolve } from 'node:path'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'
import { reactOnPreact } from './renderer/vite.config'
import { pdfjsAssets } from './scripts/pdfjs-assets'

// One build for the three processes of the Electron shell. The sandboxed preload must be
// CommonJS; main is ESM like the rest of the package.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: { input: { index: resolve('main/electron/index.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { electron: resolve('preload/electron.ts'), print: resolve('preload/print.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    base: './',
    plugins: [react(), pdfjsAssets()],
    // the same renderer as the tests run: React's API on preact/compat
    resolve: { alias: reactOnPreact },
    build: {
      outDir: 'out/renderer',
      // as `npm run build:renderer` builds it: minified, for the same Chromium
      minify: true,
      target: 'chrome120',
      modulePreload: { polyfill: false },
      rollupOptions: {
        input: { index: resolve('renderer/index.html'), print: resolve('renderer/print.html') },
      },
    },
  },
})
