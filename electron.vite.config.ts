import { resolve } from 'node:path'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'
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
    build: {
      outDir: 'out/renderer',
      rollupOptions: {
        input: { index: resolve('renderer/index.html'), print: resolve('renderer/print.html') },
      },
    },
  },
})
