import { mkdtempSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadSettings } from '../../main/core/config/settings'
import { KioskError } from '../../main/core/errors'
import { createKioskService } from '../../main/core/service'
import { silentLogger } from '../../main/core/log'
import { startPoligon, type Poligon } from '../../main/poligon'
import { makeCore } from '../support/core'

// Bad input from every side the kiosk has: the API, the scanner, the settings file and the
// renderer. Each is answered with a typed error, and nothing changes on the server.

const goodOrder = {
  id: 12097256,
  name: 'Иванов Иван Иванович',
  paid: false,
  tickets: [],
  totals: { amount: 2000, comission: 200, total: 2200 },
}
const envelope = (message: unknown, code: unknown = 1) => JSON.stringify({ message, code, ts: 1 })

// what a broken or hostile API might send in answer to an order look-up
const payloads: [string, string, string][] = [
  ['no totals', envelope({ ...goodOrder, totals: undefined }), 'api-bad-answer'],
  [
    'a string total',
    envelope({ ...goodOrder, totals: { ...goodOrder.totals, total: '2200' } }),
    'api-bad-answer',
  ],
  [
    'a negative amount',
    envelope({ ...goodOrder, totals: { ...goodOrder.totals, amount: -1 } }),
    'api-bad-answer',
  ],
  [
    'a negative fee',
    envelope({ ...goodOrder, totals: { ...goodOrder.totals, comission: -200 } }),
    'api-bad-answer',
  ],
  ['paid as a string', envelope({ ...goodOrder, paid: 'false' }), 'api-bad-answer'],
  ['tickets not a list', envelope({ ...goodOrder, tickets: {} }), 'api-bad-answer'],
  ['a ticket without an id', envelope({ ...goodOrder, tickets: [{ price: 1 }] }), 'api-bad-answer'],
  ['an order id as text', envelope({ ...goodOrder, id: 'x' }), 'api-bad-answer'],
  ['an empty message', envelope(null), 'api-bad-answer'],
  ['an unknown code', envelope('Что-то пошло не так', -999), 'api-rejected'],
  ['a code as a string', envelope(goodOrder, '1'), 'api-bad-answer'],
  ['no code at all', JSON.stringify({ message: goodOrder }), 'api-bad-answer'],
  ['a JSON array', '[1,2,3]', 'api-bad-answer'],
  ['an HTML page', '<html><body>502 Bad Gateway</body></html>', 'api-bad-answer'],
  ['an empty body', '', 'api-bad-answer'],
  ['a cut-off body', '{"message": {"id": 1209', 'api-bad-answer'],
  ['a huge body', envelope('x'.repeat(5 * 1024 * 1024)), 'api-bad-answer'],
]

const serials: [string, string][] = [
  ['empty', ''],
  ['only spaces', '   '],
  ['too short', 'AA00550'],
  ['too long', 'AA0055011'],
  ['three letters', 'AAA05501'],
  ['digits only', '12345678'],
  ['letters with no Latin twin', 'ЖЖ005501'],
  ['punctuation', 'AA00550!'],
  ['markup', '<b>AA005501</b>'],
  ['a NUL byte', 'AA00\u00005501'],
  ['an emoji', 'AA0055🎫1'],
  ['a query string', 'AA005501&bso=AB000001'],
  ['a very long string', 'A'.repeat(60)],
]

const settingsFiles: [string, string][] = [
  ['not JSON', '{ mode: cashier'],
  ['a JSON array', '[]'],
  ['a JSON string', '"kiosk"'],
  ['an unknown mode', JSON.stringify({ mode: 'admin' })],
  ['training as text', JSON.stringify({ training: 'yes' })],
  ['an unknown profile', JSON.stringify({ profile: 'a7-napkin' })],
  [
    'a rotation of 45°',
    JSON.stringify({
      profile: {
        id: 'x',
        documentSize: [80, 150],
        ticketSize: [80, 150],
        pageSize: [80, 150],
        rotation: 45,
      },
    }),
  ],
  [
    'a page of zero size',
    JSON.stringify({
      profile: { id: 'x', documentSize: [0, 150], ticketSize: [80, 150], pageSize: [80, 150] },
    }),
  ],
  ['a serial pattern that is not a regex', JSON.stringify({ serialPattern: '([A-Z' })],
  ['a time zone that does not exist', JSON.stringify({ timeZone: 'Mars/Olympus' })],
  ['an idle pause of a second', JSON.stringify({ idleSeconds: 1 })],
  ['an API address that is not http', JSON.stringify({ api: { url: 'ftp://example.invalid' } })],
  [
    'production without a key',
    JSON.stringify({ training: false, api: { url: 'http://127.0.0.1:9' } }),
  ],
  ['a printer of unknown kind', JSON.stringify({ printer: { kind: 'fax' } })],
  ['a misspelt key', JSON.stringify({ modee: 'kiosk' })],
  [
    'a relative printer folder',
    JSON.stringify({ printer: { kind: 'pdf-folder', dir: '../../etc' } }),
  ],
]

const ipcArguments: [string, unknown, unknown][] = [
  ['an unknown channel', 'open-devtools', undefined],
  ['a channel that is not text', 42, undefined],
  ['look-up with no arguments', 'look-up-order', undefined],
  ['look-up with numbers', 'look-up-order', { orderId: 12097256, pincode: 9876 }],
  ['look-up with an extra key', 'look-up-order', { orderId: '1', pincode: '2', admin: true }],
  [
    'look-up with a huge order number',
    'look-up-order',
    { orderId: '9'.repeat(10_000), pincode: '1' },
  ],
  [
    'look-up with a prototype key',
    'look-up-order',
    JSON.parse('{"__proto__":{"x":1},"orderId":"1","pincode":"2"}'),
  ],
  ['a payment as text', 'confirm-payment', { received: '2200' }],
  ['a negative payment', 'confirm-payment', { received: -1 }],
  ['an infinite payment', 'confirm-payment', { received: Infinity }],
  ['a blank with an unknown source', 'enter-blank', { serial: 'AA005501', source: 'keyboard' }],
  ['a blank as an array', 'enter-blank', ['AA005501', 'scan']],
  ['a blank with null', 'enter-blank', null],
]

let poligon: Poligon
let fakeApi: Server
let fakeBody = ''

beforeAll(async () => {
  poligon = await startPoligon({ flavour: 'production' })
  fakeApi = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' }).end(fakeBody)
  })
  await new Promise<void>((done) => fakeApi.listen(0, '127.0.0.1', done))
})

afterAll(async () => {
  await poligon?.close()
  await new Promise((done) => fakeApi?.close(done))
})

function serverChanges() {
  const state = poligon.state()

  return [
    state.payments.length,
    state.assignments.length,
    state.defects.length,
    state.downloads.length,
  ]
}

const cases = payloads.length + serials.length + settingsFiles.length + ipcArguments.length

describe(`hostile input (${cases} cases)`, () => {
  it.each(payloads)('API answer with %s is refused', async (_name, body, code) => {
    fakeBody = body
    const { port } = fakeApi.address() as AddressInfo
    const core = makeCore({ apiUrl: `http://127.0.0.1:${port}`, partnerKey: 'k' })

    const snapshot = await core.session.lookUpOrder({ orderId: '12097256', pincode: '4831' })

    expect(snapshot.error?.code).toBe(code)
    expect(snapshot.stage).toBe('start')
    expect(snapshot.order).toBeNull()
    expect(core.journal.read().records).toHaveLength(0)
  })

  it.each(serials)('a serial that is %s never reaches the API', async (_name, serial) => {
    poligon.reset()
    const core = makeCore({ apiUrl: poligon.url, partnerKey: poligon.partnerKey })
    await core.session.lookUpOrder({ orderId: '12100001', pincode: '5120' })
    await core.session.beginPrinting()
    const before = serverChanges()

    const snapshot = await core.session.enterBlank({ serial, source: 'typed' })

    expect(snapshot.error?.code).toBe('serial-invalid')
    expect(snapshot.stage).toBe('blank')
    expect(serverChanges()).toEqual(before)
    expect(poligon.state().calls.filter((c) => c.endpoint === 'assign_bso')).toHaveLength(0)
  })

  it.each(settingsFiles)('a settings file with %s is refused', (_name, text) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bso-settings-'))
    writeFileSync(join(dataDir, 'settings.json'), text)

    let failure: unknown = null
    try {
      loadSettings(dataDir, {})
    } catch (error) {
      failure = error
    }

    expect(failure).toBeInstanceOf(KioskError)
    expect((failure as KioskError).code).toBe('settings-invalid')
    expect((failure as KioskError).detail).toBeTruthy()
  })

  it.each(ipcArguments)('an IPC request with %s is refused', async (_name, channel, argument) => {
    poligon.reset()
    const core = makeCore({ apiUrl: poligon.url, partnerKey: poligon.partnerKey })
    const service = createKioskService({
      session: core.session,
      appInfo: {} as never,
      logger: silentLogger,
    })
    const before = { ...core.session.snapshot(), seq: 0 }
    const calls = poligon.state().calls.length

    const reply = await service.handle(channel, argument)

    expect(reply).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'request-invalid' }),
    })
    expect({ ...core.session.snapshot(), seq: 0 }).toEqual(before)
    expect(poligon.state().calls).toHaveLength(calls)
  })
})
