import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { defaultSerialPattern } from '../../contract/serial'
import { defaultDataDir, loadSettings, resolveSettings } from '../../main/core/config/settings'
import { KioskError } from '../../main/core/errors'
import { profilePresets } from '../../main/core/printing/printer'

let dir: string

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bso-settings-'))
})

afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

function writeSettings(value: unknown): void {
  writeFileSync(join(dir, 'settings.json'), JSON.stringify(value))
}

function failureOf(load: () => unknown): KioskError {
  try {
    load()
  } catch (error) {
    if (error instanceof KioskError) return error
    throw error
  }
  throw new Error('settings were accepted')
}

const production = { training: false, api: { url: 'https://api.example.test', partnerKey: 'k' } }

describe('defaults', () => {
  it('a fresh install runs in training mode as a cashier on the thermal profile', () => {
    const settings = loadSettings(dir, {})

    expect(settings).toMatchObject({
      mode: 'cashier',
      training: true,
      api: { timeoutMs: 15_000 },
      printer: { kind: 'pdf-folder' },
      serialPattern: defaultSerialPattern,
      lang: 'ru',
      timeZone: 'Europe/Moscow',
      idleSeconds: 60,
      dataDir: dir,
    })
    expect(settings.profile).toEqual(profilePresets['thermal-80x150'])
    expect(settings.api.url).toBeUndefined()
    expect(settings.api.partnerKey).toBeUndefined()
  })

  it('an empty settings file gives the same defaults', () => {
    writeSettings({})

    const fresh = loadSettings(join(dir, 'fresh'), {})

    expect(loadSettings(dir, {})).toEqual({ ...fresh, dataDir: dir })
  })

  it('takes values from the file', () => {
    writeSettings({
      ...production,
      mode: 'kiosk',
      profile: 'a4-sheet',
      printer: { kind: 'cups', queue: 'tickets' },
      serialPattern: '^[A-Z]{3}[0-9]{4}$',
      timeZone: 'Asia/Yekaterinburg',
    })

    const settings = loadSettings(dir, {})

    expect(settings).toMatchObject({
      mode: 'kiosk',
      training: false,
      api: { url: 'https://api.example.test', partnerKey: 'k', timeoutMs: 15_000 },
      printer: { kind: 'cups', queue: 'tickets' },
      serialPattern: '^[A-Z]{3}[0-9]{4}$',
      timeZone: 'Asia/Yekaterinburg',
    })
    expect(settings.profile.id).toBe('a4-sheet')
  })

  it('takes a whole printer profile from the file, with its defaults filled in', () => {
    writeSettings({
      profile: { id: 'own', documentSize: [80, 160], ticketSize: [80, 160], pageSize: [80, 160] },
    })

    expect(loadSettings(dir, {}).profile).toEqual({
      id: 'own',
      title: '',
      documentSize: [80, 160],
      ticketSize: [80, 160],
      documentMargin: [0, 0],
      ticketMargin: [0, 0],
      rotation: 0,
      dpi: 203,
      pageSize: [80, 160],
    })
  })

  it('names a profile of its own "custom" when the file gives it no id', () => {
    writeSettings({
      profile: { documentSize: [80, 160], ticketSize: [80, 160], pageSize: [80, 160] },
    })

    expect(loadSettings(dir, {}).profile).toMatchObject({ id: 'custom', documentSize: [80, 160] })
  })

  it('keeps the data folder in XDG_DATA_HOME unless BSO_KIOSK_DATA_DIR names one', () => {
    expect(defaultDataDir({ XDG_DATA_HOME: '/data' })).toBe(join('/data', 'bso-kiosk'))
    expect(defaultDataDir({ XDG_DATA_HOME: '/data', BSO_KIOSK_DATA_DIR: '/kiosk' })).toBe('/kiosk')
  })
})

describe('a file saved by Windows Notepad', () => {
  it('is read although it starts with a byte order mark', () => {
    writeFileSync(join(dir, 'settings.json'), '\uFEFF' + JSON.stringify({ mode: 'kiosk' }))

    expect(loadSettings(dir, {}).mode).toBe('kiosk')
  })
})

describe('environment overrides', () => {
  it.each<[string, NodeJS.ProcessEnv, Record<string, unknown>]>([
    ['mode', { BSO_KIOSK_MODE: 'kiosk' }, { mode: 'kiosk' }],
    ['language', { BSO_KIOSK_LANG: 'en' }, { lang: 'en' }],
    ['training on', { BSO_KIOSK_TRAINING: '1' }, { training: true }],
    [
      'production',
      {
        BSO_KIOSK_TRAINING: '0',
        BSO_KIOSK_API_URL: 'https://api.example.test',
        BSO_KIOSK_PARTNER_KEY: 'env-key',
      },
      { training: false, api: { url: 'https://api.example.test', partnerKey: 'env-key' } },
    ],
  ])('%s', (_, env, want) => {
    expect(loadSettings(dir, env)).toMatchObject(want)
  })

  it('wins over the file', () => {
    writeSettings({ mode: 'cashier', lang: 'ru', api: { url: 'https://file.example.test' } })

    const settings = loadSettings(dir, {
      BSO_KIOSK_MODE: 'kiosk',
      BSO_KIOSK_LANG: 'en',
      BSO_KIOSK_API_URL: 'https://env.example.test',
    })

    expect(settings).toMatchObject({ mode: 'kiosk', lang: 'en' })
    expect(settings.api.url).toBe('https://env.example.test')
  })

  it('keeps the rest of the api block from the file', () => {
    writeSettings({ api: { url: 'https://file.example.test', timeoutMs: 5000 } })

    expect(loadSettings(dir, { BSO_KIOSK_PARTNER_KEY: 'env-key' }).api).toEqual({
      url: 'https://file.example.test',
      partnerKey: 'env-key',
      timeoutMs: 5000,
    })
  })

  it.each([
    ['BSO_KIOSK_MODE', 'desk', 'mode'],
    ['BSO_KIOSK_LANG', 'de', 'lang'],
    ['BSO_KIOSK_API_URL', 'ftp://api.example.test', 'api.url'],
  ])('checks %s=%s like a value from the file', (name, value, where) => {
    const failure = failureOf(() => loadSettings(dir, { [name]: value }))

    expect(failure.code).toBe('settings-invalid')
    expect(failure.detail).toMatch(new RegExp(`^${where.replace('.', '\\.')}: `))
  })
})

describe('refused settings', () => {
  it('a file that is not JSON', () => {
    writeFileSync(join(dir, 'settings.json'), '{ mode: cashier ')

    const failure = failureOf(() => loadSettings(dir, {}))

    expect(failure.code).toBe('settings-invalid')
    expect(failure.detail).toBe(`${join(dir, 'settings.json')}: not JSON`)
  })

  it('a settings path that cannot be read', () => {
    mkdirSync(join(dir, 'settings.json'))

    const failure = failureOf(() => loadSettings(dir, {}))

    expect(failure.code).toBe('settings-invalid')
    expect(failure.detail).toContain(join(dir, 'settings.json'))
  })

  it.each<[string, unknown, RegExp]>([
    ['settings as an array', [], /not a JSON object$/],
    ['settings as text', 'cashier', /not a JSON object$/],
    ['settings as null', null, /not a JSON object$/],
    ['a misspelt key', { modee: 'kiosk' }, /modee/],
    ['a misspelt api key', { api: { uri: 'http://127.0.0.1:9' } }, /uri/],
    ['mode unknown', { mode: 'desk' }, /^mode: /],
    ['training as text', { training: 'yes' }, /^training: /],
    ['api as text', { api: 'https://api.example.test' }, /^api: /],
    ['api as a number', { api: 5 }, /^api: /],
    ['api as an array', { api: [] }, /^api: /],
    ['api as null', { api: null }, /^api: /],
    ['api url not a URL', { api: { url: 'not a url' } }, /^api\.url: /],
    ['api url not http', { api: { url: 'file:///etc/passwd' } }, /^api\.url: /],
    ['api key empty', { api: { partnerKey: '' } }, /^api\.partnerKey: /],
    ['api key as a number', { api: { partnerKey: 12345 } }, /^api\.partnerKey: /],
    ['timeout too short', { api: { timeoutMs: 10 } }, /^api\.timeoutMs: /],
    ['timeout as text', { api: { timeoutMs: '5000' } }, /^api\.timeoutMs: /],
    ['printer kind unknown', { printer: { kind: 'fax' } }, /^printer\.kind: /],
    ['cups without a queue', { printer: { kind: 'cups' } }, /^printer\.queue: /],
    [
      'unknown profile',
      { profile: 'a5-card' },
      new RegExp(`^profile a5-card: not one of ${Object.keys(profilePresets).join(', ')}$`),
    ],
    [
      'a profile name from Object.prototype',
      { profile: 'constructor' },
      /^profile constructor: not one of /,
    ],
    [
      'a profile name from Object.prototype',
      { profile: '__proto__' },
      /^profile __proto__: not one of /,
    ],
    [
      'a profile name from Object.prototype',
      { profile: 'toString' },
      /^profile toString: not one of /,
    ],
    ['profile without sizes', { profile: { id: 'own' } }, /^profile\./],
    [
      'profile rotated 45°',
      { profile: { ...profilePresets['a4-sheet'], rotation: 45 } },
      /^profile\.rotation: /,
    ],
    [
      'profile with a negative size',
      { profile: { ...profilePresets['a4-sheet'], pageSize: [-1, 10] } },
      /^profile\./,
    ],
    ['bad regex', { serialPattern: '^[A-Z{2' }, /^serialPattern: a regular expression$/],
    ['regex as a number', { serialPattern: 42 }, /^serialPattern: /],
    [
      'bad time zone',
      { timeZone: 'Mars/Olympus' },
      /^timeZone: a time zone such as Europe\/Moscow$/,
    ],
    ['empty time zone', { timeZone: '' }, /^timeZone: /],
    ['language unknown', { lang: 'de' }, /^lang: /],
    ['idle too short', { idleSeconds: 1 }, /^idleSeconds: /],
    ['idle not whole', { idleSeconds: 30.5 }, /^idleSeconds: /],
    [
      'production without a URL',
      { training: false, api: { partnerKey: 'k' } },
      /api\.url and api\.partnerKey are required outside training mode/,
    ],
    [
      'production without a key',
      { training: false, api: { url: 'https://api.example.test' } },
      /api\.url and api\.partnerKey are required/,
    ],
    ['production with nothing', { training: false }, /api\.url and api\.partnerKey are required/],
  ])('%s', (_, raw, detail) => {
    writeSettings(raw)

    const failure = failureOf(() => loadSettings(dir, {}))

    expect(failure.code).toBe('settings-invalid')
    expect(failure.detail).toMatch(detail)
  })

  it('names the partner key as missing without printing any key', () => {
    const failure = failureOf(() =>
      resolveSettings({ training: false, api: { url: 'https://api.example.test' } }, dir),
    )

    expect(failure.message).toBe(
      'settings-invalid: api.url and api.partnerKey are required outside training mode',
    )
  })

  it('never echoes a partner key that is too long', () => {
    const key = 'K'.repeat(201)

    const failure = failureOf(() => resolveSettings({ api: { partnerKey: key } }, dir))

    expect(failure.detail).toMatch(/^api\.partnerKey: /)
    expect(failure.message).not.toContain(key)
  })
})
