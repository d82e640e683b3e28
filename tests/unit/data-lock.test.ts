import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startRuntime, type KioskRuntime } from '../../main/runtime'

// One app a data folder: a second run would take blanks from the same stack and append to the
// same journal without either knowing of the other.

const started: KioskRuntime[] = []

afterEach(async () => {
  for (const runtime of started.splice(0)) await runtime.close()
})

async function start(dataDir: string): Promise<KioskRuntime> {
  const runtime = await startRuntime({ dataDir, env: {} })
  started.push(runtime)

  return runtime
}

describe('the data folder', () => {
  it('is refused to a second run while the first has it, and free once it closes', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bso-kiosk-lock-'))
    const first = await start(dataDir)

    await expect(startRuntime({ dataDir, env: {} })).rejects.toMatchObject({ code: 'data-in-use' })

    await first.close()
    started.splice(0)
    expect(existsSync(join(dataDir, 'app.lock'))).toBe(false)
    await expect(start(dataDir)).resolves.toBeDefined()
  })

  it('is taken over from a run that died without letting go', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bso-kiosk-lock-'))
    // a pid far above any this machine hands out
    writeFileSync(join(dataDir, 'app.lock'), '2147483646\n')

    await expect(start(dataDir)).resolves.toBeDefined()
  })

  it('is let go when the start fails half-way', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bso-kiosk-lock-'))
    // a journal folder that is a file: the journal cannot be opened
    writeFileSync(join(dataDir, 'journal'), 'not a folder')

    await expect(startRuntime({ dataDir, env: {} })).rejects.toThrow()
    expect(existsSync(join(dataDir, 'app.lock'))).toBe(false)
  })
})
