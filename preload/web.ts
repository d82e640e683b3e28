import type { EventChannel, KioskEvents, Reply, RequestChannel } from '../contract/kiosk'
import { linkEvent, type LinkEventDetail } from '../contract/kiosk'
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

// the newest payload of each event, for a listener that subscribes after it was pushed
const latest = new Map<EventChannel, unknown>()

// What the first screen needs is asked for as soon as the page starts, over the page's own
// HTTP connection (already open, unlike the socket), while the screens' script is still being
// read; their first request for each takes the answer on its way. Request → field of the
// answer of /kiosk/first-screen:
const firstScreen = {
  'get-app-info': 'info',
  'get-session': 'session',
  'get-terminal': 'terminal',
} as const satisfies Partial<Record<RequestChannel, string>>

type FirstScreen = Record<(typeof firstScreen)[keyof typeof firstScreen], Reply<unknown>>

const early = new Map<RequestChannel, Promise<Reply<unknown>>>()

function fetchFirstScreen(): void {
  const answers = fetch('/kiosk/first-screen', { headers: { 'x-kiosk-token': token } })
    .then((response) => (response.ok ? (response.json() as Promise<FirstScreen>) : null))
    .catch(() => null)

  const fields = Object.entries(firstScreen) as [RequestChannel, keyof FirstScreen][]
  for (const [channel, field] of fields) {
    early.set(
      channel,
      answers.then((first) => first?.[field] ?? send(channel, undefined)),
    )
  }
}

// The page tells the screens when its link to main is lost and when it is back, as a window
// event (contract/kiosk.ts, linkEvent): main may have stopped, and a page that went on
// showing the last screen would look alive. Electron's IPC cannot be lost this way.
let linkUp = true
let relinking: ReturnType<typeof setTimeout> | null = null
const relinkMs = 3_000

let restarted = false

function setLink(up: boolean): void {
  if (linkUp === up && !restarted) return

  linkUp = up
  const detail: LinkEventDetail = restarted ? { up, restarted } : { up }
  window.dispatchEvent(new CustomEvent(linkEvent, { detail }))
}

// Tried every few seconds while the link is down. A socket that opens again (main closed only
// this one) brings the session and the terminal as they are now; a main that was restarted
// has a new token and port, and its new address must be opened instead.
function relink(): void {
  if (relinking !== null) return

  relinking = setTimeout(() => {
    relinking = null
    void connect()
      .then(() => Promise.all([refresh('get-session'), refresh('get-terminal')]))
      .then(() => setLink(true))
      .catch(checkRestarted)
  }, relinkMs)
}

// The socket would not open. A server that answers this page's token with 403 is a new run of
// the app, with a token of its own: this page can never link to it again, and says so. A
// server that does not answer at all may yet come back on this address.
function checkRestarted(): void {
  fetch('/kiosk/first-screen', { headers: { 'x-kiosk-token': token } })
    .then((response) => {
      if (response.status !== 403) return relink()

      restarted = true
      setLink(false)
    })
    .catch(relink)
}

async function refresh(channel: 'get-session' | 'get-terminal'): Promise<void> {
  const reply = await send(channel, undefined)
  if (!reply.ok) throw new Error('bridge answered with an error')

  const event = channel === 'get-session' ? 'session-changed' : 'terminal-changed'
  latest.set(event, reply.value)
  for (const listener of listeners.get(event) ?? []) listener(reply.value as never)
}

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
      setLink(false)
      relink()
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
    latest.set(message.event, message.payload)
    for (const listener of listeners.get(message.event) ?? []) listener(message.payload)
    return
  }

  pending.get(message.id)?.(message.reply)
  pending.delete(message.id)
}

async function request(channel: RequestChannel, argument: unknown): Promise<Reply<unknown>> {
  const answer = argument === undefined ? early.get(channel) : undefined
  if (answer) {
    early.delete(channel)
    return answer
  }

  return send(channel, argument)
}

async function send(channel: RequestChannel, argument: unknown): Promise<Reply<unknown>> {
  let ws: WebSocket
  try {
    ws = socket?.readyState === WebSocket.OPEN ? socket : await connect()
  } catch {
    return { ok: false, error: { code: 'api-unreachable', detail: 'bridge connection failed' } }
  }

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

    // a payload pushed before this listener came is handed over now, not lost
    if (latest.has(event)) {
      const payload = latest.get(event) as KioskEvents[E]
      queueMicrotask(() => listener(payload))
    }

    return () => set.delete(listener as (payload: never) => void)
  },
})

Object.defineProperty(window, 'kiosk', { value: kiosk, enumerable: true })

fetchFirstScreen()

// The socket opens now rather than on the screens' first request; once it is open, a session
// that changed since the first answers is pushed to the listeners like any other change.
void connect()
  .then(() => send('get-session', undefined))
  .then((reply) => {
    if (!reply.ok) return

    latest.set('session-changed', reply.value)
    for (const listener of listeners.get('session-changed') ?? []) listener(reply.value as never)
  })
  .catch(() => undefined)
