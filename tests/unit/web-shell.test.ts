import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { startRuntime, type KioskRuntime } from '../../main/runtime'
import { startWebShell, type WebShell } from '../../main/web/server'
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

// The web shell serves the same contract as Electron's IPC, to its own page only: a socket
// without this run's token, or from another origin, is refused before any request is read.

let runtime: KioskRuntime
let shell: WebShell
let rendererDir: string

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'bso-web-'))
  rendererDir = join(dataDir, 'renderer')
  mkdirSync(rendererDir)
  writeFileSync(
    join(rendererDir, 'index.html'),
    '<html><head><title>t</title></head>' +
      '<body><script type="module" src="./app.js"></script></body></html>',
  )
  writeFileSync(join(rendererDir, 'app.js'), '/* app */')

  runtime = await startRuntime({ dataDir, env: {}, logSink: () => {} })
  shell = await startWebShell({ service: runtime.service, logger: runtime.logger, rendererDir })
})

afterAll(async () => {
  await shell?.close()
  await runtime?.close()
})

function open(options: { origin?: string; token?: string | undefined }): Promise<WebSocket> {
  const url = `ws://${new URL(shell.origin).host}/kiosk`
  const protocols = options.token === undefined ? [] : [`token.${options.token}`]
  const socket = new WebSocket(url, protocols, { origin: options.origin ?? shell.origin })

  return new Promise((resolve, reject) => {
    socket.on('open', () => resolve(socket))
    socket.on('error', reject)
  })
}

function request(socket: WebSocket, message: unknown): Promise<unknown> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const parsed = JSON.parse(String(data)) as { id?: number; reply?: unknown }
      if (parsed.id !== undefined) {
        socket.off('message', onMessage)
        resolve(parsed.reply)
      }
    }
    socket.on('message', onMessage)
    socket.send(typeof message === 'string' ? message : JSON.stringify(message))
  })
}

describe('the web shell', () => {
  it('serves the renderer with the bridge as a plain script in the head', async () => {
    const html = await (await fetch(shell.origin + '/')).text()
    const bridgeAt = html.indexOf('<script src="./kiosk-web-bridge.js"></script>')

    expect(bridgeAt).toBeGreaterThan(-1)
    expect(bridgeAt).toBeLessThan(html.indexOf('</head>'))
    expect(bridgeAt).toBeLessThan(html.indexOf('app.js'))
    expect((await fetch(shell.origin + '/kiosk-web-bridge.js')).status).toBe(200)
  })

  it.each([
    ['no token', { token: undefined }],
    ['a wrong token', { token: 'not-the-token' }],
    ['a foreign origin', { origin: 'http://evil.invalid' }],
    ['the right token from a foreign origin', { origin: 'http://127.0.0.1:1' }],
  ])('refuses a socket with %s', async (_name, options) => {
    const token = 'token' in options ? options.token : shell.token

    await expect(open({ ...options, token })).rejects.toThrow(/401|400|Unexpected server response/)
  })

  it('answers requests from its own page and pushes session snapshots', async () => {
    const socket = await open({ token: shell.token })
    const pushed: unknown[] = []
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { event?: string }
      if (message.event) pushed.push(message)
    })

    const info = (await request(socket, { id: 1, channel: 'get-app-info' })) as {
      ok: boolean
      value: Record<string, unknown>
    }
    expect(info.ok).toBe(true)
    expect(info.value['training']).toBe(true)
    expect(JSON.stringify(info)).not.toContain(runtime.poligon?.partnerKey)

    const found = (await request(socket, {
      id: 2,
      channel: 'look-up-order',
      argument: { orderId: '12097256', pincode: '9876' },
    })) as { ok: boolean; value: { stage: string } }
    expect(found.value.stage).toBe('summary')
    expect(pushed.length).toBeGreaterThan(0)

    socket.close()
  })

  it('refuses unknown channels and closes on a message that is not a request', async () => {
    const socket = await open({ token: shell.token })

    const reply = await request(socket, { id: 3, channel: 'run-shell', argument: 'rm -rf /' })
    expect(reply).toEqual({
      ok: false,
      error: { code: 'request-invalid', detail: 'unknown channel' },
    })

    const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)))
    socket.send('not json')
    await expect(closed).resolves.toBe(1003)
  })

  it('serves nothing outside the renderer folder', async () => {
    for (const path of ['/../settings.json', '/%2e%2e/settings.json', '/journal/journal.jsonl']) {
      expect((await fetch(shell.origin + path)).status).toBe(404)
    }
    expect((await fetch(shell.origin + '/', { method: 'POST' })).status).toBe(405)
  })
})

describe('the web shell under a flood', () => {
  it('closes a socket that sends a message far larger than any intent', async () => {
    const socket = await open({ token: shell.token })
    const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)))

    socket.send(JSON.stringify({ id: 9, channel: 'get-session', argument: 'x'.repeat(200_000) }))

    // 1009: message too big
    await expect(closed).resolves.toBe(1009)
  })
})

describe('the first screen’s answers over HTTP', () => {
  const path = '/kiosk/first-screen'

  it.each([
    ['no token', {}],
    ['a wrong token', { 'x-kiosk-token': 'nope' }],
    ['a foreign origin', { origin: 'http://evil.invalid' }],
  ])('are refused with %s', async (_name, headers: Record<string, string>) => {
    const withToken = 'origin' in headers ? { 'x-kiosk-token': shell.token, ...headers } : headers

    expect((await fetch(shell.origin + path, { headers: withToken })).status).toBe(403)
  })

  it('are the app info, the session and the terminal, without the partner key', async () => {
    const response = await fetch(shell.origin + path, { headers: { 'x-kiosk-token': shell.token } })
    const text = await response.text()
    const body = JSON.parse(text) as Record<string, { ok: boolean }>

    expect(response.status).toBe(200)
    expect(Object.keys(body).sort()).toEqual(['info', 'session', 'terminal'])
    expect(body['info']?.ok && body['session']?.ok).toBe(true)
    expect(text).not.toContain(runtime.poligon?.partnerKey ?? 'training-key')
  })
})
