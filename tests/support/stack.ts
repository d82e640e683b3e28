import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { LogRecord } from '../../main/core/log'
import type { Clock } from '../../main/core/kiosk/clock'
import type { Printer } from '../../main/core/printing/printer'
import type { SettingsFile } from '../../main/core/config/settings'
import { startRuntime, type KioskRuntime } from '../../main/runtime'
import { startWebShell, type WebShell } from '../../main/web/server'

// The whole app as a test sees it: a fresh data folder, the runtime in training mode with its
// in-process simulator, and the web shell serving the built renderer.

export interface Stack {
  dataDir: string
  printedDir: string
  runtime: KioskRuntime
  shell: WebShell
  logs: LogRecord[]
  close(): Promise<void>
}

export async function startStack(
  options: { settings?: SettingsFile; printer?: Printer; clock?: Clock; monitorMs?: number } = {},
): Promise<Stack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bso-kiosk-e2e-'))
  const printedDir = join(dataDir, 'printed')
  const settings: SettingsFile = {
    training: true,
    printer: { kind: 'pdf-folder', dir: printedDir },
    ...options.settings,
  }
  writeFileSync(join(dataDir, 'settings.json'), JSON.stringify(settings, null, 2))

  const logs: LogRecord[] = []
  const runtime = await startRuntime({
    dataDir,
    env: {},
    logSink: (record) => logs.push(record),
    ...(options.printer ? { printer: options.printer } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.monitorMs ? { monitorMs: options.monitorMs } : {}),
  })
  const shell = await startWebShell({ service: runtime.service, logger: runtime.logger })

  return {
    dataDir,
    printedDir,
    runtime,
    shell,
    logs,
    async close() {
      await shell.close()
      await runtime.close()
    },
  }
}
