import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PDFDocument } from 'pdf-lib'
import { describe, expect, it } from 'vitest'

// The package's own command, as a script or a person runs it, against the built-in simulator.

const bin = join(process.cwd(), 'bin', 'bso-kiosk.mjs')

function cli(...args: string[]) {
  return cliWith({}, ...args)
}

function cliWith(env: NodeJS.ProcessEnv, ...args: string[]) {
  const run = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, ...env },
  })

  return { code: run.status, stdout: run.stdout, stderr: run.stderr }
}

function events(stdout: string): { event: string; [field: string]: unknown }[] {
  return stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { event: string })
}

describe('bso-kiosk print', () => {
  it('pays, prints one PDF per ticket and exits 0', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bso-cli-'))

    const run = cli(
      'print',
      '--order',
      '12097256',
      '--pincode',
      '9876',
      '--accept-payment',
      '--serials',
      'AA005501,AA005502',
      '--printer',
      `pdf-folder:${dir}`,
      '--json',
    )

    expect(run.code, run.stderr).toBe(0)
    const seen = events(run.stdout)
    expect(seen.map((e) => e.event)).toEqual([
      'order',
      'payment-accepted',
      'ticket-printed',
      'ticket-printed',
      'done',
    ])
    expect(seen[1]).toMatchObject({ amount: 2200 })

    const files = readdirSync(dir).sort()
    expect(files).toEqual(['12097256-5446130-AA005501.pdf', '12097256-5446131-AA005502.pdf'])
    for (const file of files) {
      expect(readFileSync(join(dir, file)).subarray(0, 5).toString()).toBe('%PDF-')
    }
  })

  it('prints pages of the profile size', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bso-cli-'))
    const run = cli(
      'print',
      '--order',
      '12100001',
      '--pincode',
      '9876',
      '--serials',
      'AB200001,AB200002',
      '--printer',
      `pdf-folder:${dir}`,
    )
    expect(run.code, run.stdout + run.stderr).toBe(0)

    for (const file of readdirSync(dir)) {
      const pdf = await PDFDocument.load(readFileSync(join(dir, file)))
      const { width, height } = pdf.getPage(0).getSize()
      expect([Math.round((width * 25.4) / 72), Math.round((height * 25.4) / 72)]).toEqual([80, 150])
    }
  })

  it('says the order was not found for a wrong pincode and exits 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bso-cli-'))

    const run = cli(
      'print',
      '--order',
      '12097256',
      '--pincode',
      '1234',
      '--accept-payment',
      '--serials',
      'AA005501,AA005502',
      '--printer',
      `pdf-folder:${dir}`,
      '--json',
    )

    expect(run.code).toBe(1)
    expect(events(run.stdout)).toEqual([
      expect.objectContaining({ event: 'error', code: 'order-not-found' }),
    ])
    expect(run.stdout).toContain('Заказ не найден')
    expect(readdirSync(dir)).toHaveLength(0)
  })

  it('speaks English when asked and refuses an unpaid order without --accept-payment', () => {
    const run = cli(
      'print',
      '--order',
      '12097256',
      '--pincode',
      '9876',
      '--lang',
      'en',
      '--serials',
      'AA005501,AA005502',
    )

    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/error code=order-wrong-state message=The order cannot be changed/)
  })

  it.each([
    ['a wrong command', ['pirnt']],
    ['no pincode', ['order', '--order', '12097256']],
    ['an unknown printer', ['print', '--order', '1', '--pincode', '9876', '--printer', 'fax:1']],
    ['an API address that is no URL', ['doctor', '--api-url', 'notaurl', '--session', 'k']],
    ['an API without a key', ['doctor', '--api-url', 'http://127.0.0.1:9']],
    ['an unknown fault', ['doctor', '--fault', 'assign_bso:gremlins']],
    ['an unknown option', ['doctor', '--colour']],
    ['an order number that is not one', ['order', '--order', 'abc', '--pincode', '9876']],
    ['an unknown profile', ['test-print', '--profile', 'nope']],
    ['a serial given twice', ['print', '--order', '1', '--pincode', '1', '--serials', 'AA1,aa1']],
  ])('exits 2 with the usage, in both languages, on %s', (_name, args) => {
    const run = cli(...args)

    expect(run.code).toBe(2)
    expect(run.stdout).toMatch(/^bso-kiosk: .+ \/ .+/)
    expect(run.stdout).toContain('usage: bso-kiosk')
  })

  it('refuses too few serials before anything is paid or printed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bso-cli-'))
    const run = cli(
      'print',
      '--order',
      '12097256',
      '--pincode',
      '9876',
      '--accept-payment',
      '--serials',
      'AA005501',
      '--printer',
      `pdf-folder:${dir}`,
      '--json',
    )

    expect(run.code).toBe(2)
    expect(run.stdout).not.toContain('payment-accepted')
    expect(readdirSync(dir)).toHaveLength(0)
  })

  it.each([
    ['the same blank twice', 'AB300001,AB300001', 'указан дважды'],
    ['a serial of the wrong kind', 'AA1,BB2', 'не номер бланка'],
  ])('refuses %s before anything is printed, exit 2', (_name, serials, says) => {
    const dir = mkdtempSync(join(tmpdir(), 'bso-cli-'))
    const run = cli(
      'print',
      '--order',
      '12100001',
      '--pincode',
      '9876',
      '--serials',
      serials,
      '--printer',
      `pdf-folder:${dir}`,
    )

    expect(run.code).toBe(2)
    expect(run.stdout).toContain(says)
    expect(run.stdout).not.toContain('ticket-printed')
    expect(readdirSync(dir)).toHaveLength(0)
  })

  it('shows the serial it sent, in Latin letters', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bso-cli-'))
    const run = cli(
      'print',
      '--order',
      '12100001',
      '--pincode',
      '9876',
      '--serials',
      'аа 300001,AB-300002',
      '--printer',
      `pdf-folder:${dir}`,
      '--json',
    )

    expect(run.code, run.stdout).toBe(0)
    const printed = events(run.stdout).filter((e) => e.event === 'ticket-printed')
    expect(printed.map((e) => e['serial'])).toEqual(['AA300001', 'AB300002'])
  })

  it('prints the usage and exits 0 for --help', () => {
    const run = cli('--help')

    expect(run.code).toBe(0)
    expect(run.stdout).toContain('usage: bso-kiosk')
  })

  it('doctor checks the API, the key and the printer', () => {
    const run = cli('doctor', '--json')

    expect(run.code, run.stdout).toBe(0)
    expect(events(run.stdout).map((e) => [e.event, e['ok']])).toEqual([
      ['api', true],
      ['printer', true],
    ])
  })

  it('doctor fails on an API that does not answer', () => {
    const run = cli('doctor', '--api-url', 'http://127.0.0.1:9', '--session', 'k', '--json')

    expect(run.code).toBe(1)
    expect(events(run.stdout)[0]).toMatchObject({
      event: 'api',
      ok: false,
      error: 'api-unreachable',
    })
  })

  it('takes the key from the environment, where the process list does not show it', () => {
    const env = { BSO_KIOSK_PARTNER_KEY: 'key-from-the-environment' }
    const run = cliWith(env, 'doctor', '--api-url', 'http://127.0.0.1:9', '--json')

    // past the usage check (exit 2): it reached for the API, which does not answer
    expect(run.code).toBe(1)
    expect(events(run.stdout)[0]).toMatchObject({ event: 'api', error: 'api-unreachable' })
  })
})
