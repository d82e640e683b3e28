import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startRuntime, type KioskRuntime } from '../../main/runtime'

// Training mode's simulator keeps its orders in the data folder, as the real server keeps
// them across the app's restarts: a restart in the middle of an order finds it as it was.

let runtime: KioskRuntime | null = null

afterEach(async () => {
  await runtime?.close()
  runtime = null
})

async function printFirstTicket(app: KioskRuntime): Promise<void> {
  await app.session.lookUpOrder({ orderId: '12100001', pincode: '9876' })
  await app.session.beginPrinting()
  await app.session.enterBlank({ serial: 'AB400001', source: 'typed' })
  const checked = await app.session.confirmPrinted()
  expect(checked.stage).toBe('blank')
}

describe('the training world', () => {
  it('outlives a restart in the middle of an order: recovery sees the ticket printed', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bso-kiosk-training-'))
    runtime = await startRuntime({ dataDir, env: {} })
    await printFirstTicket(runtime)
    await runtime.close()

    runtime = await startRuntime({ dataDir, env: {} })
    const recovered = runtime.session.snapshot()

    expect(recovered.stage).toBe('recovery')
    expect(recovered.order?.tickets.map((ticket) => [ticket.progress, ticket.serial])).toEqual([
      ['printed', 'AB400001'],
      ['waiting', null],
    ])
  })

  it('refuses a blank used before the restart, as the server would', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bso-kiosk-training-'))
    runtime = await startRuntime({ dataDir, env: {} })
    await printFirstTicket(runtime)
    await runtime.session.reset()
    await runtime.close()

    runtime = await startRuntime({ dataDir, env: {} })
    await runtime.session.lookUpOrder({ orderId: '12100001', pincode: '9876' })
    await runtime.session.beginPrinting()
    const refused = await runtime.session.enterBlank({ serial: 'AB400001', source: 'typed' })

    expect(refused.error?.code).toBe('serial-rejected')
  })

  it('starts from the seed orders when its file is spoilt', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bso-kiosk-training-'))
    runtime = await startRuntime({ dataDir, env: {} })
    await printFirstTicket(runtime)
    await runtime.session.reset()
    await runtime.close()
    writeFileSync(join(dataDir, 'training', 'world.json'), '{"orders": "not a list"')

    runtime = await startRuntime({ dataDir, env: {} })
    const order = runtime.poligon?.state().orders.find((o) => o.id === 12100001)

    expect(order?.tickets.map((ticket) => ticket.blank)).toEqual([null, null])
  })
})
