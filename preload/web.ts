import type { EventChannel, KioskEvents, Reply, RequestChannel } from '../contract/kiosk'
import { createKioskApi } from './bridge'

// The web shell's bridge: the same window.kiosk over a WebSocket to 127.0.0.1. The per-run token
// arrives in the page's fragment, which is never sent to the server in a request line.

type Pending = (reply: Reply<unknown>) => void

const token = new URLSearchParams(location.hash.slice(1)).get('token') ?? ''
const pending = new Map<number, Pending>()
const listeners = new Map<EventChannel, Set<(payload: never) => void>>()
let nextId = 1
let socket: WebSocket | null = null
let opened: Promise<WebSocket> | null = null

function connect(): Promise<WebSocket> {
  if (opened) return opened

  opened = new Promise((resolve, reject) => {
    const url = `ws://${location.host}/kiosk`
    const ws = new WebSocket(url, [`token.${token}`])
    ws.addEventListener('open', () => resolve(ws))
    ws.addEventListener('error', () => reject(new Error('bridge connection failed')))
    ws.addEventListener('close', () => {
      opened = null
      socket = null
      for (const settle of pending.values()) {
        settle({ ok: false, error: { code: 'api-unreachable', detail: 'bridge closed' } })
      }
      pending.clear()
    })
    ws.addEventListener('message', (event) => receive(String(event.data)))
    socket = ws
  })

  return opened
}

function receive(text: string): void {
  const message = JSON.parse(text) as
    { id: number; reply: Reply<unknown> } | { event: EventChannel; payload: never }

  if ('event' in message) {
    for (const listener of listeners.get(message.event) ?? []) listener(message.payload)
    return
  }

  pending.get(message.id)?.(message.reply)
  pending.delete(message.id)
}

async function request(channel: RequestChannel, argument: unknown): Promise<Reply<unknown>> {
  const ws = socket?.readyState === WebSocket.OPEN ? socket : await connect()
  const id = nextId++

  return new Promise((resolve) => {
    pending.set(id, resolve)
    ws.send(JSON.stringify({ id, channel, argument }))
  })
}

const kiosk = createKioskApi({
  request,
  listen<E extends EventChannel>(event: E, listener: (payload: KioskEvents[E]) => void) {
    const set = listeners.get(event) ?? new Set()
    set.add(listener as (payload: never) => void)
    listeners.set(event, set)
    void connect()

    return () => set.delete(listener as (payload: never) => void)
  },
})

Object.defineProperty(window, 'kiosk', { value: kiosk, enumerable: true })
