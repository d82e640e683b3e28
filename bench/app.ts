import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { build } from 'vite'
import type { LogRecord } from '../main/core/log'
import { startRuntime, type KioskRuntime } from '../main/runtime'
import { startWebShell, type WebShell } from '../main/web/server'

// What the Chromium benchmarks share: a production renderer build in a folder of their own
// (out/renderer is left to the tests), and the app in training mode serving it.

const root = join(import.meta.dirname, '..')

// the config loader's notice about the future native loader is noise in a figure's output
process.env['VITE_CONFIG_NATIVE_IGNORE_WARNING'] = 'true'

export function scratchDir(name: string): string {
  return mkdtempSync(join(tmpdir(), `bso-kiosk-bench-${name}-`))
}

export async function buildRenderer(outDir: string): Promise<void> {
  await build({
    configFile: join(root, 'renderer', 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  })
}

// The screens' own index.html (its CSP included) with one enabled keypad key for a body, built
// by Vite with the same target and preload settings as the screens.
export async function buildBlankPage(sourceDir: string, outDir: string): Promise<void> {
  const index = readFileSync(join(root, 'renderer', 'index.html'), 'utf8')
  mkdirSync(sourceDir, { recursive: true })
  writeFileSync(join(sourceDir, 'index.html'), index.replace('./src/main.tsx', './blank.js'))
  writeFileSync(
    join(sourceDir, 'blank.js'),
    [
      "const key = document.createElement('button')",
      "key.dataset.testid = 'key-1'",
      "key.textContent = '1'",
      "document.getElementById('root').append(key)",
    ].join('\n'),
  )

  await build({
    configFile: false,
    root: sourceDir,
    base: './',
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, target: 'chrome120', modulePreload: { polyfill: false } },
  })
}

export interface App {
  runtime: KioskRuntime
  shell: WebShell
  // only errors are kept: a log held in memory would itself grow over a soak
  errors: LogRecord[]
  close(): Promise<void>
}

// training mode with its in-process simulator, printing to PDF files in a fresh data folder
export async function startApp(dataDir: string, rendererDir: string): Promise<App> {
  const settings = {
    training: true,
    printer: { kind: 'pdf-folder', dir: join(dataDir, 'printed') },
  }
  writeFileSync(join(dataDir, 'settings.json'), JSON.stringify(settings))

  const errors: LogRecord[] = []
  const logSink = (record: LogRecord) => {
    if (record.level === 'error') errors.push(record)
  }
  const runtime = await startRuntime({ dataDir, env: {}, logSink })
  const shell = await startWebShell({
    service: runtime.service,
    logger: runtime.logger,
    rendererDir,
  })

  return {
    runtime,
    shell,
    errors,
    async close() {
      await shell.close()
      await runtime.close()
    },
  }
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true })
}
