import { createHash, randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { WebSocketServer, type WebSocket } from 'ws'
import type { KioskService } from '../core/service'
import type { Logger } from '../core/log'

// The browser shell: the built renderer on 127.0.0.1 and the same request table over a
// WebSocket. It exists so the app can be developed and tested where no Electron runtime can be
// had. A connection must show this run's token and come from this server's own page.

export interface WebShellOptions {
  service: KioskService
  logger: Logger
  port?: number
  rendererDir?: string
}

export interface WebShell {
  // the page to open, with the token in its fragment
  url: string
  origin: string
  token: string
  close(): Promise<void>
}

const projectRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..')
const bridgeName = 'kiosk-web-bridge.js'
// the screens' CSP (renderer/index.html) as it allows their scripts
const scriptPolicy = "script-src 'self'"
const firstScreenPath = '/kiosk/first-screen'
const firstScreenChannels = ['get-app-info', 'get-session', 'get-terminal'] as const

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.json': 'application/json',
  '.map': 'application/json',
}

export async function startWebShell(options: WebShellOptions): Promise<WebShell> {
  const rendererDir = options.rendererDir ?? join(projectRoot, 'out', 'renderer')
  const token = randomBytes(24).toString('hex')
  const bridge = await buildBridge()
  const index = await readIndex(rendererDir, bridge)

  const server = createServer((request, response) => {
    const served =
      request.url === firstScreenPath
        ? serveFirstScreen(request, response, options.service, token, () => origin)
        : serveFile(request, response, { rendererDir, index, bridge })

    served.catch(() => response.writeHead(500).end())
  })
  await new Promise<void>((done) => server.listen(options.port ?? 0, '127.0.0.1', done))

  const { port } = server.address() as AddressInfo
  const origin = `http://127.0.0.1:${port}`
  const sockets = new WebSocketServer({
    server,
    path: '/kiosk',
    // the largest intent is a few hundred bytes; anything far larger is not from our page
    maxPayload: 64 * 1024,
    verifyClient: ({ origin: from, req }: { origin: string; req: IncomingMessage }) =>
      acceptsClient(req, from, origin, token),
    handleProtocols: (protocols) => (protocols.has(`token.${token}`) ? `token.${token}` : false),
  })

  sockets.on('connection', (socket) => serveSocket(socket, options))
  options.logger.info('web shell listening', { origin })

  return {
    url: `${origin}/#token=${token}`,
    origin,
    token,
    async close() {
      for (const client of sockets.clients) client.terminate()
      await new Promise<void>((done) => sockets.close(() => done()))
      // a page still asking (the bridge tries again every few seconds) keeps its HTTP
      // connection alive: close() alone would wait for it for ever
      const closed = new Promise<void>((done) => server.close(() => done()))
      server.closeAllConnections()
      await closed
    },
  }
}

// The answers the first screen waits for, over the page's own HTTP connection, which is open
// already: the WebSocket's handshake would otherwise come first. Same token, same origin.
async function serveFirstScreen(
  request: IncomingMessage,
  response: ServerResponse,
  service: KioskService,
  token: string,
  origin: () => string,
): Promise<void> {
  const from = request.headers['origin']
  const own = request.headers['x-kiosk-token'] === token && (!from || from === origin())
  if (request.method !== 'GET' || !own) {
    response.writeHead(403).end()
    return
  }

  const [info, session, terminal] = await Promise.all(
    firstScreenChannels.map((channel) => service.handle(channel, undefined)),
  )
  const headers = { 'cache-control': 'no-store', 'content-type': contentTypes['.json'] }
  response.writeHead(200, headers).end(JSON.stringify({ info, session, terminal }))
}

export function acceptsClient(
  request: IncomingMessage,
  from: string | undefined,
  origin: string,
  token: string,
): boolean {
  const offered = String(request.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((p) => p.trim())

  return from === origin && offered.includes(`token.${token}`)
}

function serveSocket(socket: WebSocket, options: WebShellOptions): void {
  // a broken or oversized frame closes this socket (ws does that itself); it must not take
  // the whole kiosk down as an unhandled error
  socket.on('error', (error) => {
    options.logger.warn('web shell socket closed on a bad frame', { reason: error.message })
  })

  const push = (event: string, payload: unknown) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify({ event, payload }))
  }
  const unsubscribe = [
    options.service.onSessionChanged((payload) => push('session-changed', payload)),
    options.service.onTerminalChanged?.((payload) => push('terminal-changed', payload)),
  ]
  socket.on('close', () => unsubscribe.forEach((stop) => stop?.()))

  socket.on('message', (data) => {
    const message = parseMessage(String(data))
    if (!message) {
      socket.close(1003, 'bad message')
      return
    }

    void options.service.handle(message.channel, message.argument).then((reply) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify({ id: message.id, reply }))
    })
  })
}

function parseMessage(text: string): { id: number; channel: unknown; argument: unknown } | null {
  try {
    const value = JSON.parse(text) as { id?: unknown; channel?: unknown; argument?: unknown }
    if (typeof value.id !== 'number' || !Number.isSafeInteger(value.id)) return null

    return { id: value.id, channel: value.channel, argument: value.argument }
  } catch {
    return null
  }
}

async function serveFile(
  request: IncomingMessage,
  response: ServerResponse,
  assets: { rendererDir: string; index: string; bridge: string },
): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405).end()
    return
  }

  const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)
  const headers = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' }

  if (path === '/' || path === '/index.html') {
    response.writeHead(200, { ...headers, 'content-type': contentTypes['.html'] })
    response.end(assets.index)
    return
  }

  if (path === `/${bridgeName}`) {
    response.writeHead(200, { ...headers, 'content-type': contentTypes['.js'] })
    response.end(assets.bridge)
    return
  }

  const file = normalize(join(assets.rendererDir, path))
  if (!file.startsWith(assets.rendererDir + sep)) {
    response.writeHead(404).end()
    return
  }

  const body = await readFile(file).catch(() => null)
  if (!body) {
    response.writeHead(404).end()
    return
  }

  const type = contentTypes[extname(file)] ?? 'application/octet-stream'
  response.writeHead(200, { ...headers, 'content-type': type })
  response.end(body)
}

async function readIndex(rendererDir: string, bridge: string): Promise<string> {
  const html = await readFile(join(rendererDir, 'index.html'), 'utf8').catch(() => {
    throw new Error(`no renderer build in ${rendererDir}: run npm run build:renderer`)
  })

  // The bridge goes into the page itself, ahead of the screens' module and stylesheet (Vite puts
  // both in the head), and the page's CSP allows exactly that script by its hash. It runs while
  // the page is parsed: window.kiosk exists before the screens' module runs, and the first
  // screen's answers are on their way before that module has arrived. Loaded as a file of its
  // own, it waited for its download and the page's parse, which held the keypad back by
  // ~10 ms (README, "Benchmarks").
  const hash = createHash('sha256').update(bridge).digest('base64')
  const policy = html.replace(scriptPolicy, `${scriptPolicy} 'sha256-${hash}'`)
  const inline = policy !== html && !bridge.includes('</script')
  const tag = inline ? `<script>${bridge}</script>` : `<script src="./${bridgeName}"></script>`
  const page = inline ? policy : html

  const marks = ['<script', '<link rel="stylesheet"', '</head>']
    .map((mark) => page.indexOf(mark))
    .filter((at) => at >= 0)
  const at = marks.length > 0 ? Math.min(...marks) : 0

  return `${page.slice(0, at)}${tag}\n    ${page.slice(at)}`
}

async function buildBridge(): Promise<string> {
  const result = await build({
    entryPoints: [join(projectRoot, 'preload', 'web.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2022',
    minify: true,
    logLevel: 'silent',
  })

  return result.outputFiles[0]?.text ?? ''
}
