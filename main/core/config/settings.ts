import { readFileSync, renameSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { isAbsolute, join } from 'node:path'
import { z } from 'zod'
import { defaultSerialPattern } from '../../../contract/serial'
import { KioskError } from '../errors'
import { defaultProfileId, profilePresets, type PrinterProfile } from '../printing/printer'

// Settings come from three places, later ones winning: defaults, the settings file in the data
// folder, the environment. A fresh install has no file and runs in training mode.

const pair = z.tuple([
  z.number().finite().positive().max(1000),
  z.number().finite().positive().max(1000),
])
const offset = z.tuple([z.number().finite().min(0).max(1000), z.number().finite().min(0).max(1000)])

const profileSchema = z.strictObject({
  // the name the journal and the service screen show; a profile of one's own may go without
  id: z.string().min(1).max(60).default('custom'),
  title: z.string().max(120).default(''),
  documentSize: pair,
  ticketSize: pair,
  documentMargin: offset.default([0, 0]),
  ticketMargin: offset.default([0, 0]),
  rotation: z
    .number()
    .int()
    .refine((deg) => deg % 90 === 0, 'a multiple of 90')
    .default(0),
  dpi: z.number().int().min(72).max(2400).default(203),
  pageSize: pair,
})

const printerSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('pdf-folder'),
    // a relative folder would land wherever the app happened to start
    dir: z.string().min(1).refine(isAbsolute, 'an absolute path').optional(),
  }),
  z.object({ kind: z.literal('cups'), queue: z.string().min(1).max(127) }),
  z.object({ kind: z.literal('electron'), device: z.string().min(1).max(255) }),
])

// strict: a misspelt key ("modee") is refused by name instead of being silently ignored
const settingsSchema = z.strictObject({
  mode: z.enum(['cashier', 'kiosk']).default('cashier'),
  training: z.boolean().default(true),
  api: z
    .strictObject({
      url: z.url({ protocol: /^https?$/ }).optional(),
      partnerKey: z.string().min(1).max(200).optional(),
      timeoutMs: z.number().int().min(1000).max(120_000).default(15_000),
    })
    .default({ timeoutMs: 15_000 }),
  printer: printerSchema.default({ kind: 'pdf-folder' }),
  profile: z.union([z.string(), profileSchema]).default(defaultProfileId),
  serialPattern: z
    .string()
    .max(200)
    .refine(isRegExp, 'a regular expression')
    .refine(isNarrow, 'a pattern a single character does not fit, such as ^[A-Z]{2}[0-9]{6}$')
    .default(defaultSerialPattern),
  lang: z.enum(['ru', 'en']).default('ru'),
  timeZone: z
    .string()
    .refine(isTimeZone, 'a time zone such as Europe/Moscow')
    .default('Europe/Moscow'),
  idleSeconds: z.number().int().min(10).max(3600).default(60),
  // the service screen's PIN; in training mode 0000 when none is set
  operatorPin: z
    .string()
    .regex(/^[0-9]{4,8}$/, '4 to 8 digits')
    .optional(),
  // kiosk: the operator is warned when this few blanks are left
  stockLowAt: z.number().int().min(0).max(10_000).default(20),
  // start the app when the user logs in (the Electron shell)
  autoStart: z.boolean().default(false),
})

export const trainingPin = '0000'

// The operator's PIN, or null when the service screen cannot be opened (no PIN set outside
// training mode: a kiosk must not ship with a PIN everybody knows).
export function operatorPinOf(settings: Settings): string | null {
  return settings.operatorPin ?? (settings.training ? trainingPin : null)
}

// What the service screen may change. Written to the settings file, checked as a whole first,
// so a change that would stop the next start is refused now; it takes effect on restart.
export interface SettingsFileChange {
  apiUrl?: string
  partnerKey?: string
  mode?: 'cashier' | 'kiosk'
  printer?: z.input<typeof printerSchema>
  profile?: string
  serialPattern?: string
  lang?: 'ru' | 'en'
  timeZone?: string
  idleSeconds?: number
  stockLowAt?: number
  autoStart?: boolean
}

export function saveSettingsChange(
  dataDir: string,
  env: NodeJS.ProcessEnv,
  change: SettingsFileChange,
): Settings {
  const file = join(dataDir, 'settings.json')
  const raw = readSettingsFile(file)
  const { apiUrl, partnerKey, ...rest } = change
  const api = { ...(raw['api'] as Record<string, unknown> | undefined) }
  if (apiUrl !== undefined) api['url'] = apiUrl
  if (partnerKey !== undefined) api['partnerKey'] = partnerKey

  const next: Record<string, unknown> = { ...raw, ...rest, api }
  resolveSettings(withEnvironment(next, env), dataDir)

  const temporary = `${file}.${process.pid}.tmp`
  writeFileSync(temporary, JSON.stringify(next, null, 2) + '\n', { mode: 0o600 })
  renameSync(temporary, file)

  return loadSettings(dataDir, env)
}

// The file as it stands, or {} when there is none. Windows' Notepad saves UTF-8 with a byte
// order mark, which JSON does not allow: it is dropped first.
function readSettingsFile(file: string): Record<string, unknown> {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {}

    throw new KioskError('settings-invalid', { detail: `${file}: ${(error as Error).message}` })
  }

  let value: unknown
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch {
    throw new KioskError('settings-invalid', { detail: `${file}: not JSON` })
  }

  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new KioskError('settings-invalid', { detail: `${file}: not a JSON object` })
  }

  return value as Record<string, unknown>
}

// A settings value that does not fit, with where it sits in the file ('api.url', 'idleSeconds';
// '' for the file as a whole): the service screen names the field of its form from it.
export class SettingsError extends KioskError {
  constructor(
    readonly path: string,
    detail: string,
  ) {
    super('settings-invalid', { detail })
    this.name = 'SettingsError'
  }
}

export type SettingsFile = z.input<typeof settingsSchema>
type Parsed = z.output<typeof settingsSchema>

export interface Settings extends Omit<Parsed, 'profile'> {
  dataDir: string
  profile: PrinterProfile
}

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env['XDG_DATA_HOME'] || join(homedir(), '.local', 'share')

  return env['BSO_KIOSK_DATA_DIR'] || join(base, 'bso-kiosk')
}

export function loadSettings(dataDir: string, env: NodeJS.ProcessEnv = process.env): Settings {
  const raw = readSettingsFile(join(dataDir, 'settings.json'))

  return resolveSettings(withEnvironment(raw, env), dataDir)
}

export function resolveSettings(raw: unknown, dataDir: string): Settings {
  const parsed = settingsSchema.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const { path, message } = issue ? describeIssue(issue) : { path: '', message: 'invalid' }

    throw new SettingsError(path, `${path || 'settings'}: ${message}`)
  }

  const settings = parsed.data
  const profile = resolveProfile(settings.profile)

  if (!settings.training && (!settings.api.url || !settings.api.partnerKey)) {
    const missing = settings.api.url ? 'api.partnerKey' : 'api.url'
    throw new SettingsError(
      missing,
      'api.url and api.partnerKey are required outside training mode',
    )
  }

  return { ...settings, profile, dataDir }
}

function resolveProfile(profile: Parsed['profile']): PrinterProfile {
  if (typeof profile !== 'string') return profile

  // own keys only: "constructor" or "toString" must not pass for a preset
  const preset = Object.hasOwn(profilePresets, profile) ? profilePresets[profile] : undefined
  if (!preset) {
    const known = Object.keys(profilePresets).join(', ')
    throw new SettingsError('profile', `profile ${profile}: not one of ${known}`)
  }

  return preset
}

// The environment overrides single values, for CI and for kiosks set up by a script.
function withEnvironment(raw: unknown, env: NodeJS.ProcessEnv): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw

  const settings = { ...(raw as Record<string, unknown>) }
  const fileApi = settings['api']
  const isBlock = typeof fileApi === 'object' && fileApi !== null && !Array.isArray(fileApi)
  // an "api" of the wrong type is left for the schema to refuse: spreading it would hide it
  if (fileApi !== undefined && !isBlock) return settings

  const api = { ...(fileApi as Record<string, unknown> | undefined) }

  if (env['BSO_KIOSK_MODE']) settings['mode'] = env['BSO_KIOSK_MODE']
  const training = env['BSO_KIOSK_TRAINING']?.trim().toLowerCase()
  if (training) settings['training'] = !['0', 'false', 'no', 'off'].includes(training)
  if (env['BSO_KIOSK_API_URL']) api['url'] = env['BSO_KIOSK_API_URL']
  if (env['BSO_KIOSK_PARTNER_KEY']) api['partnerKey'] = env['BSO_KIOSK_PARTNER_KEY']
  if (env['BSO_KIOSK_LANG']) settings['lang'] = env['BSO_KIOSK_LANG']
  settings['api'] = api

  return settings
}

// A union (the profile: a preset's name or a whole profile) says only "Invalid input"; the
// branch that got furthest into the value says what is actually wrong.
function describeIssue(
  issue: z.core.$ZodIssue,
  parent: PropertyKey[] = [],
): { path: string; message: string } {
  const path = [...parent, ...issue.path]

  if (issue.code === 'invalid_union') {
    const deepest = issue.errors
      .map((branch) => branch[0])
      .filter((inner) => inner !== undefined)
      .sort((a, b) => b.path.length - a.path.length)[0]

    if (deepest && deepest.path.length > 0) return describeIssue(deepest, path)
  }

  return { path: path.map(String).join('.'), message: issue.message }
}

function isRegExp(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u')
    return true
  } catch {
    return false
  }
}

// ".*" would let "1" go to the server as a blank's serial; no blank's serial is one character
function isNarrow(pattern: string): boolean {
  if (!isRegExp(pattern)) return true

  const fits = new RegExp(pattern, 'u')
  return !['', '1', 'A'].some((text) => fits.test(text))
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('ru-RU', { timeZone: zone })
    return true
  } catch {
    return false
  }
}
