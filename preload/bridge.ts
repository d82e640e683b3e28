import type { ErrorView } from '../contract/errors'
import {
  kioskMethods,
  type EventChannel,
  type KioskApi,
  type KioskEvents,
  type Reply,
  type RequestChannel,
} from '../contract/kiosk'

// Both shells build window.kiosk the same way from the method table of the contract: the
// transport only knows how to send one request and how to listen for session snapshots.

export interface BridgeTransport {
  request(channel: RequestChannel, argument: unknown): Promise<Reply<unknown>>
  listen<E extends EventChannel>(event: E, listener: (payload: KioskEvents[E]) => void): () => void
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
    onSessionChanged: (listener) => transport.listen('session-changed', listener),
    onTerminalChanged: (listener) => transport.listen('terminal-changed', listener),
  } as KioskApi
}
