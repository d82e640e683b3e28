import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { LogRecord } from '../../main/core/log'
import { fileSink, startRuntime, type KioskRuntime } from '../../main/runtime'
import { runOperator } from '../support/operator'
import { serialSource } from '../support/core'

// A whole session through the runtime as the shells run it, writing its real log files; then
// every file in the log folder is searched for what must never be written there.

let runtime: KioskRuntime | null = null

afterEach(async () => {
  await runtime?.close()
  runtime = null
})

const phone = /(?:\+7|\b8)[\s(-]*\d{3}[\s)-]*\d{3}[\s-]*\d{2}[\s-]*\d{2}\b/

describe('the log files', () => {
  it('hold no partner key, pincode, operator PIN, customer name or phone', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bso-kiosk-logs-'))
    const partnerKey = 'partner-key-in-settings-4QX'
    writeFileSync(
      join(dataDir, 'settings.json'),
      JSON.stringify({ operatorPin: '73915', api: { partnerKey, url: 'http://127.0.0.1:9/' } }),
    )
    runtime = await startRuntime({ dataDir, env: {} })
    const pincode = '9876'

    const report = await runOperator(runtime.session, {
      orderId: 12097256,
      pincode,
      nextSerial: serialSource('AA', 4401),
    })
    expect(report.snapshot.stage).toBe('done')
    await runtime.session.reset()

    // a wrong PIN, the right one, and a look-up with a wrong pincode: all logged, none shown
    await runtime.service.handle('unlock-service', { pin: '11112' })
    await runtime.service.handle('unlock-service', { pin: '73915' })
    await runtime.service.handle('look-up-order', { orderId: '12100001', pincode: '55501' })

    const order = runtime.poligon?.state().orders.find((o) => o.id === 12097256)
    const secrets = [
      partnerKey,
      runtime.poligon?.partnerKey ?? '?',
      pincode,
      '55501',
      '73915',
      '11112',
      order?.name ?? '?',
    ]
    const files = readdirSync(join(dataDir, 'logs'))
    expect(files.length).toBeGreaterThan(0)

    const text = files.map((f) => readFileSync(join(dataDir, 'logs', f), 'utf8')).join('\n')
    expect(text).toContain('blank AA004401 assigned')
    for (const secret of secrets) expect(text).not.toContain(secret)
    expect(text).not.toMatch(phone)
  })

  it('say where a step went wrong: a broken document, an answer that never came', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bso-kiosk-log-failures-'))
    const logs: LogRecord[] = []
    runtime = await startRuntime({ dataDir, env: {}, logSink: (record) => logs.push(record) })
    runtime.poligon?.injectFaults([
      { endpoint: 'ticket', kind: 'malformed-json' },
      { endpoint: 'assign_bso', kind: 'drop-before' },
    ])

    const report = await runOperator(runtime.session, {
      orderId: 12100001,
      pincode: '9876',
      nextSerial: serialSource('AB', 7001),
      spoilFirstPrint: false,
    })
    expect(report.snapshot.stage).toBe('done')

    const warnings = logs.filter((r) => r.level === 'warn').map((r) => r.message)
    expect(warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^assign-(unknown|failed): api-/),
        expect.stringMatching(/^download-failed: /),
      ]),
    )
    const tokens = runtime.journal.read().records.flatMap((r) => (r.token ? [r.token] : []))
    expect(tokens.length).toBeGreaterThan(0)
    const text = JSON.stringify(logs)
    for (const token of tokens) expect(text).not.toContain(token)
  })

  it('are rotated: the live file stays under the limit and old ones are kept, numbered', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bso-kiosk-rotate-'))
    const sink = fileSink(dataDir, 1000, 2)
    const record = { at: '2026-12-01T09:00:00.000Z', level: 'info' as const, fields: {} }

    for (let n = 0; n < 100; n += 1) sink({ ...record, message: `line ${n} ${'x'.repeat(40)}` })

    const files = readdirSync(join(dataDir, 'logs')).sort()
    expect(files).toEqual(['bso-kiosk.1.log', 'bso-kiosk.2.log', 'bso-kiosk.log'])
    for (const file of files) {
      expect(readFileSync(join(dataDir, 'logs', file)).length).toBeLessThanOrEqual(1000)
    }
    expect(readFileSync(join(dataDir, 'logs', 'bso-kiosk.log'), 'utf8')).toContain('line 99')
  })
})
