import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { emptySession, type AppInfo, type SessionSnapshot } from '../../contract/kiosk'
import { createLogger, type LogRecord } from '../../main/core/log'
import { createKioskService, type KioskService } from '../../main/core/service'
import { makeOrder, makeRig, PINCODE, type Rig } from '../support/fakes'

const appInfo: AppInfo = {
  version: '0.1.0',
  mode: 'cashier',
  training: true,
  lang: 'ru',
  timeZone: 'Europe/Moscow',
  apiHost: 'fake.test',
  printerName: 'fake-printer',
  serialPattern: '^[A-Z]{2}[0-9]{6}$',
}

let rig: Rig
let service: KioskService
let logs: LogRecord[]

beforeEach(() => {
  rig = makeRig({ orders: [makeOrder({ paid: true })] })
  logs = []
  service = createKioskService({
    session: rig.session,
    appInfo,
    logger: createLogger({ sink: (r) => logs.push(r) }),
  })
})

afterEach(() => rig.close())

// snapshots are numbered as they are made (seq); what matters here is what they say
const content = (snapshot: SessionSnapshot) => ({ ...snapshot, seq: 0 })

const huge = 'x'.repeat(1_000_000)
const lookUp = { orderId: '12097256', pincode: PINCODE }
const blank = { serial: 'AA005501', source: 'scan' }

// JSON.parse makes "__proto__" an own key, as a hostile WebSocket message would
const polluted = (extra: string) => JSON.parse(`{"orderId":"12097256","pincode":"4831",${extra}}`)

describe('hostile arguments', () => {
  it.each<[string, unknown, unknown]>([
    ['unknown channel', 'delete-order', undefined],
    ['channel from Object.prototype', 'constructor', undefined],
    ['channel __proto__', '__proto__', undefined],
    ['channel toString', 'toString', undefined],
    ['channel in another style', 'lookUpOrder', lookUp],
    ['channel with a space', 'look-up-order ', lookUp],
    ['channel upper-cased', 'LOOK-UP-ORDER', lookUp],
    ['channel as a number', 42, undefined],
    ['channel as null', null, undefined],
    ['channel as undefined', undefined, undefined],
    ['channel as an array', ['look-up-order'], lookUp],
    ['channel as an object', { channel: 'look-up-order' }, lookUp],
    ['channel whose toString is not a function', { toString: 1 }, undefined],
    ['channel with no prototype', Object.create(null), undefined],
    ['channel as a symbol', Symbol('look-up-order'), lookUp],
    ['channel huge', huge, undefined],
    ['look-up-order without arguments', 'look-up-order', undefined],
    ['look-up-order with null', 'look-up-order', null],
    ['look-up-order with an array', 'look-up-order', ['12097256', PINCODE]],
    ['look-up-order with text', 'look-up-order', '12097256'],
    ['look-up-order with a number id', 'look-up-order', { orderId: 12097256, pincode: PINCODE }],
    [
      'look-up-order with a number pincode',
      'look-up-order',
      { orderId: '12097256', pincode: 4831 },
    ],
    ['look-up-order without a pincode', 'look-up-order', { orderId: '12097256' }],
    ['look-up-order with an extra key', 'look-up-order', { ...lookUp, session: 'k' }],
    ['look-up-order with a huge id', 'look-up-order', { orderId: huge, pincode: PINCODE }],
    ['look-up-order with a huge pincode', 'look-up-order', { orderId: '1', pincode: huge }],
    ['look-up-order with __proto__', 'look-up-order', polluted('"__proto__":{"polluted":true}')],
    ['look-up-order with constructor', 'look-up-order', polluted('"constructor":{"prototype":{}}')],
    ['look-up-order with a prototype key', 'look-up-order', polluted('"prototype":{}')],
    ['confirm-payment without arguments', 'confirm-payment', undefined],
    ['confirm-payment with text', 'confirm-payment', { received: '2200' }],
    ['confirm-payment with NaN', 'confirm-payment', { received: Number.NaN }],
    ['confirm-payment with Infinity', 'confirm-payment', { received: Infinity }],
    ['confirm-payment negative', 'confirm-payment', { received: -1 }],
    ['confirm-payment too large', 'confirm-payment', { received: 1e10 }],
    ['confirm-payment with an amount to send', 'confirm-payment', { received: 1, amount: 1 }],
    ['confirm-payment as an array', 'confirm-payment', [2200]],
    ['enter-blank without a source', 'enter-blank', { serial: 'AA005501' }],
    ['enter-blank with an unknown source', 'enter-blank', { ...blank, source: 'paste' }],
    ['enter-blank with a number serial', 'enter-blank', { serial: 5501, source: 'scan' }],
    ['enter-blank with a huge serial', 'enter-blank', { serial: huge, source: 'typed' }],
    ['enter-blank with an extra key', 'enter-blank', { ...blank, ticketId: 5446130 }],
    ['enter-blank with null', 'enter-blank', null],
    ['get-session with an object', 'get-session', {}],
    ['begin-printing with an object', 'begin-printing', { force: true }],
    ['reset-session with text', 'reset-session', 'now'],
    ['report-spoiled with an array', 'report-spoiled', []],
    ['resume-session with zero', 'resume-session', 0],
  ])('%s', async (_, channel, argument) => {
    const reply = await service.handle(channel, argument)

    expect(reply).toMatchObject({ ok: false, error: { code: 'request-invalid' } })
    expect(content(rig.session.snapshot())).toEqual(emptySession)
    expect(rig.api.calls).toEqual([])
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined()
  })

  it('logs a refused channel without echoing more than a short piece of it', async () => {
    await service.handle(huge, undefined)

    expect(logs).toHaveLength(1)
    expect(JSON.stringify(logs[0]).length).toBeLessThan(300)
  })

  it('does not touch a session already under way', async () => {
    await service.handle('look-up-order', lookUp)
    const before = rig.session.snapshot()
    const calls = rig.api.calls.length

    const reply = await service.handle('enter-blank', { serial: 'AA005501', source: 'glue' })

    expect(reply).toMatchObject({ ok: false, error: { code: 'request-invalid' } })
    expect(content(rig.session.snapshot())).toEqual(content(before))
    expect(rig.api.calls).toHaveLength(calls)
  })
})

describe('good requests', () => {
  it.each<[string, unknown]>([
    ['get-app-info', undefined],
    ['get-app-info', null],
    ['get-session', undefined],
    ['reset-session', null],
  ])('%s with %j is answered', async (channel, argument) => {
    const reply = await service.handle(channel, argument)

    expect(reply.ok).toBe(true)
  })

  it('hands the app info over as it is: the host, never the key', async () => {
    expect(await service.handle('get-app-info', undefined)).toEqual({ ok: true, value: appInfo })
  })

  it('passes checked arguments to the session', async () => {
    const reply = await service.handle('look-up-order', { orderId: ' 12097256 ', pincode: PINCODE })

    expect(reply).toMatchObject({ ok: true, value: { stage: 'summary', error: null } })
    expect(rig.api.calls).toEqual([{ method: 'getOrderForPrint', args: [12097256, PINCODE] }])
  })

  it('answers a refusal of the session inside the snapshot, not as a failed request', async () => {
    const reply = await service.handle('begin-payment', undefined)

    expect(reply.ok && content(reply.value as SessionSnapshot)).toEqual({
      ...emptySession,
      error: { code: 'wrong-stage' },
    })
  })

  it('pushes the session snapshots to its listeners', async () => {
    const seen: string[] = []
    const stop = service.onSessionChanged((snapshot) =>
      seen.push(snapshot.activity ?? snapshot.stage),
    )

    await service.handle('look-up-order', lookUp)
    stop()
    await service.handle('reset-session', undefined)

    expect(seen).toEqual(['looking-up', 'summary'])
  })
})
