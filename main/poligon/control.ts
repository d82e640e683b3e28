import type { ServerResponse } from 'node:http'

import { type FaultQueue, isEndpoint, isFaultKind } from './faults'
import type { PoligonStore } from './state'

/**
 * Hooks for people and the e2e suite to look inside and steer a running simulator. They
 * skip the partner key: the simulator listens on 127.0.0.1 only and they are off by default.
 */
export function serveControl(
  res: ServerResponse,
  path: string,
  query: URLSearchParams,
  { store, faults }: { store: PoligonStore; faults: FaultQueue },
): void {
  const json = (status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' })
    res.end(JSON.stringify(body))
  }

  if (path === 'state') return json(200, store.snapshot())
  if (path === 'reset') {
    store.reset()
    faults.clear()
    return json(200, { ok: true })
  }
  if (path === 'faults/clear') {
    faults.clear()
    return json(200, { ok: true, faults: [] })
  }
  if (path !== 'faults') return json(404, { error: `no control endpoint ${path}` })

  const endpoint = query.get('endpoint') ?? ''
  const kind = query.get('kind') ?? ''
  if (!isEndpoint(endpoint) || !isFaultKind(kind)) {
    return json(400, { error: 'endpoint and kind must name a known endpoint and fault' })
  }
  try {
    const times = query.get('times')
    const delayMs = query.get('delayMs')
    faults.add([
      {
        endpoint,
        kind,
        ...(times === null ? {} : { times: Number(times) }),
        ...(delayMs === null ? {} : { delayMs: Number(delayMs) }),
      },
    ])
  } catch (error) {
    return json(400, { error: String(error) })
  }
  return json(200, { ok: true, faults: faults.list() })
}
