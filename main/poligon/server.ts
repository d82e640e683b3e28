import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { dirname } from 'node:path'

import { serveControl } from './control'
import { FAULT_DOES_THE_WORK, FaultQueue, isEndpoint } from './faults'
import { type Call, callPartner, invalid } from './methods'
import { refuse, sendEnvelope, sendReply } from './replies'
import { CODE_FAILED, PoligonStore, TEXT } from './state'
import type { Poligon, PoligonEndpoint, PoligonOptions, PoligonWorld } from './types'

const PARTNER_PREFIX = '/jtransport/partner/'
const TICKET_PREFIX = '/ticket/'
const CONTROL_PREFIX = '/__poligon/'
const DEFAULT_PARTNER_KEY = 'training-key'

function redacted(call: Call): Record<string, string> {
  const params = Object.fromEntries(call.query)
  if ('session' in params) params['session'] = '***'
  if (call.token !== null) params['token'] = call.token
  return params
}

function routeOf(path: string): { endpoint: PoligonEndpoint; token: string | null } | null {
  if (path.startsWith(TICKET_PREFIX)) {
    const token = path.slice(TICKET_PREFIX.length)
    return /^[\w-]+$/.test(token) ? { endpoint: 'ticket', token } : null
  }

  const name = path.startsWith(PARTNER_PREFIX) ? path.slice(PARTNER_PREFIX.length) : ''
  return isEndpoint(name) && name !== 'ticket' ? { endpoint: name, token: null } : null
}

export async function startPoligon(options: PoligonOptions = {}): Promise<Poligon> {
  const flavour = options.flavour ?? 'polygon'
  const partnerKey = options.partnerKey ?? DEFAULT_PARTNER_KEY
  const latencyMs = options.latencyMs ?? 0
  const control = options.control ?? false
  if (partnerKey === '') throw new RangeError('partnerKey must not be empty')
  if (!(latencyMs >= 0)) throw new RangeError(`latencyMs must be ≥ 0, got ${latencyMs}`)

  const store = new PoligonStore(flavour)
  const worldFile = options.worldFile
  if (worldFile) restoreWorld(store, worldFile)
  const faults = new FaultQueue()
  const timers = new Set<NodeJS.Timeout>()
  faults.add(options.faults ?? [])

  function wait(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve()
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer)
        resolve()
      }, ms)
      timers.add(timer)
    })
  }

  async function serveCall(req: IncomingMessage, res: ServerResponse, call: Call): Promise<void> {
    const fault = faults.take(call.endpoint)
    const record = { endpoint: call.endpoint, params: redacted(call), fault: fault?.kind ?? null }
    if (fault !== null && !FAULT_DOES_THE_WORK[fault.kind]) {
      store.recordCall({ ...record, code: null })
      refuse(req, res, fault.kind)
      return
    }

    const reply = await callPartner(store, partnerKey, call)
    if (worldFile && changesTheWorld.has(call.endpoint)) saveWorld(store, worldFile)
    store.recordCall({
      ...record,
      code: reply.kind === 'document' ? reply.code : reply.answer.code,
    })
    await wait(latencyMs + (fault?.kind === 'delay' ? fault.delayMs : 0))
    if (!res.destroyed) sendReply(res, call, reply, fault?.kind ?? null)
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    if (control && url.pathname.startsWith(CONTROL_PREFIX)) {
      serveControl(res, url.pathname.slice(CONTROL_PREFIX.length), url.searchParams, {
        store,
        faults,
      })
      return
    }

    const route = routeOf(url.pathname)
    if (route === null || req.method !== 'GET') {
      sendEnvelope(res, route === null ? 404 : 405, null, invalid(TEXT.unknownMethod))
      return
    }
    await serveCall(req, res, { ...route, query: url.searchParams })
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent || res.destroyed) return
      sendEnvelope(res, 500, null, {
        code: CODE_FAILED,
        message: `Внутренняя ошибка симулятора: ${String(error)}`,
      })
    })
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })

  const port = (server.address() as AddressInfo).port
  let closing: Promise<void> | undefined
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    flavour,
    partnerKey,
    state: () => store.snapshot(),
    injectFaults: (list) => faults.add(list),
    clearFaults: () => faults.clear(),
    reset: () => {
      store.reset()
      faults.clear()
      if (worldFile) saveWorld(store, worldFile)
    },
    close: () => {
      closing ??= new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer)
        timers.clear()
        server.close((error) => (error === undefined ? resolve() : reject(error)))
        server.closeAllConnections()
      })
      return closing
    },
  }
}

const changesTheWorld: ReadonlySet<PoligonEndpoint> = new Set([
  'payments/accept',
  'assign_bso',
  'mark_blank_defect',
])

// A file that cannot be read (first run, or spoilt by hand) leaves the seeds as they are.
function restoreWorld(store: PoligonStore, file: string): void {
  let world: unknown
  try {
    world = JSON.parse(readFileSync(file, 'utf8'))
  } catch {
    return
  }

  const valid =
    typeof world === 'object' &&
    world !== null &&
    Array.isArray((world as PoligonWorld).orders) &&
    Array.isArray((world as PoligonWorld).usedSerials)
  if (valid) store.restore(world as PoligonWorld)
}

function saveWorld(store: PoligonStore, file: string): void {
  mkdirSync(dirname(file), { recursive: true })
  const temporary = `${file}.tmp`
  writeFileSync(temporary, JSON.stringify(store.world()))
  renameSync(temporary, file)
}
