import type { ErrorView } from '../contract/errors'
import {
  kioskMethods,
  type KioskApi,
  type Reply,
  type RequestChannel,
  type SessionSnapshot,
} from '../contract/kiosk'

// Both shells build window.kiosk the same way from the method table of the contract: the
// transport only knows how to send one request and how to listen for session snapshots.

export interface BridgeTransport {
  request(channel: RequestChannel, argument: unknown): Promise<Reply<unknown>>
  listen(listener: (snapshot: SessionSnapshot) => void): () => void
}

export class KioskRequestError extends Error {
  readonly view: ErrorView

  constructor(view: ErrorView) {
    super(view.code)
    this.name = 'KioskRequestError'
    this.view = view
  }
}

export function createKioskApi(transport: BridgeTransport): KioskApi {
  const call = async (channel: RequestChannel, argument?: unknown) => {
    const reply = await transport.request(channel, argument)
    if (!reply.ok) throw new KioskRequestError(reply.error)

    return reply.value
  }
  const methods = Object.fromEntries(
    Object.entries(kioskMethods).map(([method, channel]) => [
      method,
      (argument?: unknown) => call(channel, argument),
    ]),
  )

  return {
    ...methods,
    onSessionChanged: (listener) => transport.listen(listener),
  } as KioskApi
}
