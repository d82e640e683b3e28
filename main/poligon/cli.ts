import { parseArgs } from 'node:util'

import { startPoligon } from './server'
import type { PoligonOptions } from './types'

const USAGE = [
  'usage: tsx main/poligon/cli.ts --port N',
  '  [--flavour polygon|production] [--key K] [--latency MS]',
  '',
].join('\n')

function optionsFrom(argv: string[]): PoligonOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '0' },
      flavour: { type: 'string', default: 'polygon' },
      key: { type: 'string' },
      latency: { type: 'string', default: '0' },
    },
  })

  const port = Number(values.port)
  const latencyMs = Number(values.latency)
  const flavour = values.flavour
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`bad --port ${values.port}`)
  if (!Number.isFinite(latencyMs) || latencyMs < 0)
    throw new Error(`bad --latency ${values.latency}`)
  if (flavour !== 'polygon' && flavour !== 'production') throw new Error(`bad --flavour ${flavour}`)

  return {
    port,
    flavour,
    latencyMs,
    // The standalone simulator is for people poking at it by hand and for the e2e suite.
    control: true,
    ...(values.key === undefined ? {} : { partnerKey: values.key }),
  }
}

async function main(): Promise<void> {
  let options: PoligonOptions
  try {
    options = optionsFrom(process.argv.slice(2))
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`)
    process.exitCode = 2
    return
  }

  const poligon = await startPoligon(options)
  const { flavour, url, partnerKey } = poligon
  process.stdout.write(`poligon (${flavour}) listening on ${url} with partner key ${partnerKey}\n`)

  const stop = (): void => {
    void poligon.close().then(() => process.exit(0))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

void main()
