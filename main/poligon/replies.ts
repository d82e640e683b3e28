import type { IncomingMessage, ServerResponse } from 'node:http'

import type { Call, Reply } from './methods'
import { type Answer, CODE_OK } from './state'
import type { FaultKind, PoligonEndpoint } from './types'

/** The real API writes `"version": "2.1"` on these methods and `"api": 2.1` on the rest. */
const VERSION_KEYED: ReadonlySet<PoligonEndpoint> = new Set([
  'payments/accept',
  'mark_blank_defect',
])

function envelope(endpoint: PoligonEndpoint | null, answer: Answer): Record<string, unknown> {
  const version =
    endpoint !== null && VERSION_KEYED.has(endpoint) ? { version: '2.1' } : { api: 2.1 }
  return { message: answer.message, code: answer.code, ts: Date.now(), ...version }
}

/** Every number and boolean in the payload turned into a string, as a sloppy proxy would. */
function stringified(value: unknown): unknown {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (Array.isArray(value)) return value.map(stringified)
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stringified(v)]))
  }
  return value
}

export function sendEnvelope(
  res: ServerResponse,
  status: number,
  endpoint: PoligonEndpoint | null,
  answer: Answer,
): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' })
  res.end(JSON.stringify(envelope(endpoint, answer)))
}

export function sendReply(
  res: ServerResponse,
  call: Call,
  reply: Reply,
  fault: FaultKind | null,
): void {
  if (fault === 'drop-after') {
    res.socket?.destroy()
    return
  }

  if (reply.kind === 'document') {
    sendDocument(res, reply, fault)
    return
  }

  const body = envelope(call.endpoint, reply.answer)
  const text =
    fault === 'wrong-types'
      ? JSON.stringify({
          ...body,
          code: String(reply.answer.code),
          message: stringified(body['message']),
        })
      : JSON.stringify(body)
  res.writeHead(fault === 'malformed-json' || fault === 'wrong-types' ? 200 : reply.status, {
    'content-type': 'application/json; charset=utf-8',
  })
  res.end(fault === 'malformed-json' ? text.slice(0, Math.max(1, text.length >> 1)) : text)
}

/**
 * A document has no JSON to spoil: `malformed-json` cuts the document in half, and
 * `wrong-types` answers a JSON "success" where the document should be.
 */
function sendDocument(
  res: ServerResponse,
  reply: Extract<Reply, { kind: 'document' }>,
  fault: FaultKind | null,
): void {
  if (fault === 'wrong-types') {
    sendEnvelope(res, 200, 'ticket', { code: CODE_OK, message: null })
    return
  }

  const body =
    fault === 'malformed-json' ? reply.body.subarray(0, reply.body.length >> 1) : reply.body
  res.writeHead(200, { 'content-type': reply.contentType, 'content-length': body.length })
  res.end(body)
}

export function refuse(req: IncomingMessage, res: ServerResponse, fault: FaultKind): void {
  if (fault === 'reset') {
    req.socket.resetAndDestroy()
  } else if (fault === 'bad-gateway') {
    res.writeHead(502, { 'content-type': 'text/html; charset=utf-8' })
    res.end(
      '<html><head><title>502 Bad Gateway</title></head><body><center>' +
        '<h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>',
    )
  } else {
    res.socket?.destroy()
  }
}
