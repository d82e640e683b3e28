import { defaultDataDir } from '../core/config/settings'
import { describeErrorInBoth } from '../../contract/errors'
import { toKioskError } from '../core/errors'
import { startRuntime } from '../runtime'
import { startWebShell } from './server'

// `npm run start:web [-- --port N --data-dir DIR]`: the app in a browser at 127.0.0.1.

function option(name: string): string | undefined {
  const index = process.argv.indexOf(name)

  return index >= 0 ? process.argv[index + 1] : undefined
}

async function main(): Promise<void> {
  const dataDir = option('--data-dir') ?? defaultDataDir()
  const runtime = await startRuntime({ dataDir })
  const shell = await startWebShell({
    service: runtime.service,
    logger: runtime.logger,
    port: Number(option('--port') ?? 0),
  })

  const mode = runtime.settings.training ? 'учебный режим / training mode' : 'рабочий режим'
  process.stdout.write(`bso-kiosk (${mode}): откройте / open ${shell.url}\n`)

  const stop = () => {
    void shell
      .close()
      .then(() => runtime.close())
      .then(() => process.exit(0))
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((error: unknown) => {
  const failure = toKioskError(error)
  const text = failure.code === 'internal' ? String(error) : describeErrorInBoth(failure.toView())
  process.stderr.write(`bso-kiosk: ${text}\n`)
  process.exit(1)
})
