import { readFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

export interface StaticServer {
  url: string
  close(): Promise<void>
}

export interface StaticServerOptions {
  root: string
  port?: number
  // a script served as /fake-kiosk.js and loaded before the app, to stand in for the shell
  injectScript?: string
}

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
}

function inject(html: string): string {
  return html.replace('<head>', '<head>\n    <script src="./fake-kiosk.js"></script>')
}

// Only files below root: a request for ../ anything is a 404, not a read outside it.
function fileOf(root: string, urlPath: string): string | null {
  const path = normalize(join(root, decodeURIComponent(urlPath)))

  return path === root || path.startsWith(root + sep) ? path : null
}

export async function startStaticServer(options: StaticServerOptions): Promise<StaticServer> {
  const root = resolve(options.root)

  const server: Server = createServer((request, response) => {
    const urlPath = new URL(request.url ?? '/', 'http://127.0.0.1').pathname
    const wanted = urlPath.endsWith('/') ? `${urlPath}index.html` : urlPath
    const path =
      wanted === '/fake-kiosk.js' && options.injectScript
        ? resolve(options.injectScript)
        : fileOf(root, wanted)

    if (request.method !== 'GET' || path === null) {
      response.writeHead(404).end()
      return
    }

    readFile(path)
      .then((body) => {
        const type = types[extname(path)] ?? 'application/octet-stream'
        const html = type.startsWith('text/html') && options.injectScript
        const content = html ? inject(body.toString('utf8')) : body

        response.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' })
        response.end(content)
      })
      .catch(() => response.writeHead(404).end())
  })

  await new Promise<void>((done) => server.listen(options.port ?? 0, '127.0.0.1', done))
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((done) => server.close(() => done())),
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const here = fileURLToPath(new URL('.', import.meta.url))
  const server = await startStaticServer({
    root: join(here, '../../out/renderer'),
    port: Number(process.env.PORT ?? 0),
    injectScript: join(here, 'fake-kiosk.js'),
  })

  process.stdout.write(`${server.url}\n`)
}
