import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SettingsChange } from '../../contract/kiosk'
import { formFieldOf } from '../../main/core/kiosk/desk'
import { startRuntime, type KioskRuntime } from '../../main/runtime'

// The service screen's settings form: a value that does not fit is refused with the form's
// field that holds it, whether the request's own check or the settings file's refuses it, and
// the file is left as it was.

let runtime: KioskRuntime
let settingsFile: string
let before: string

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'bso-kiosk-settings-form-'))
  settingsFile = join(dataDir, 'settings.json')
  writeFileSync(settingsFile, JSON.stringify({ operatorPin: '2468', idleSeconds: 45 }, null, 2))
  before = readFileSync(settingsFile, 'utf8')
  runtime = await startRuntime({ dataDir, env: {} })
  await runtime.service.handle('unlock-service', { pin: '2468' })
})

afterAll(async () => {
  await runtime?.close()
})

describe('the settings form', () => {
  it.each<[string, SettingsChange, keyof SettingsChange]>([
    ['a pause below 10 s', { idleSeconds: 5 }, 'idleSeconds'],
    ['a pause that is not a number', { idleSeconds: Number('abc') }, 'idleSeconds'],
    ['a fractional warning level', { stockLowAt: 2.5 }, 'stockLowAt'],
    // an emptied field is NaN, which JSON carries over the web shell as null
    ['an emptied warning level', { stockLowAt: null as unknown as number }, 'stockLowAt'],
    ['an ftp address', { apiUrl: 'ftp://127.0.0.1/' }, 'apiUrl'],
    ['an address that is not one', { apiUrl: 'касса' }, 'apiUrl'],
    ['a time zone that does not exist', { timeZone: 'Mars/Olympus' }, 'timeZone'],
    ['a serial pattern that is no regular expression', { serialPattern: '([' }, 'serialPattern'],
    ['a serial pattern that anything fits', { serialPattern: '.*' }, 'serialPattern'],
    ['a serial pattern one digit fits', { serialPattern: '^[0-9]+$' }, 'serialPattern'],
    ['a relative PDF folder', { printer: { kind: 'pdf-folder', dir: 'out' } }, 'printer'],
    ['an empty CUPS queue', { printer: { kind: 'cups', queue: '' } }, 'printer'],
    ['an unknown printer profile', { profile: 'no-such-profile' }, 'profile'],
  ])('refuses %s, naming its field, and saves nothing', async (_name, change, field) => {
    const reply = await runtime.service.handle('save-settings', change)

    expect(reply).toEqual({ ok: false, error: { code: 'setting-invalid', detail: field } })
    expect(readFileSync(settingsFile, 'utf8')).toBe(before)
  })

  it('saves a value that fits', async () => {
    const reply = await runtime.service.handle('save-settings', { idleSeconds: 90 })

    expect(reply.ok).toBe(true)
    expect(JSON.parse(readFileSync(settingsFile, 'utf8'))).toMatchObject({ idleSeconds: 90 })
  })
})

describe("a settings file's path → the form's field", () => {
  it.each([
    ['api.url', 'apiUrl'],
    ['api.partnerKey', 'partnerKey'],
    ['printer.dir', 'printer'],
    ['printer', 'printer'],
    ['profile.width', 'profile'],
    ['idleSeconds', 'idleSeconds'],
    ['api.timeoutMs', undefined],
    ['operatorPin', undefined],
    ['', undefined],
    ['constructor', undefined],
  ])('%s → %s', (path, field) => {
    expect(formFieldOf(path)).toBe(field)
  })
})
