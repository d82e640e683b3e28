import { z } from 'zod'
import type {
  AppInfo,
  KioskRequests,
  Reply,
  RequestChannel,
  SessionSnapshot,
  TerminalSnapshot,
} from '../../contract/kiosk'
import { isRequestChannel } from '../../contract/kiosk'
import { KioskError, toKioskError } from './errors'
import type { Logger } from './log'
import type { ServiceDesk } from './kiosk/desk'
import type { Terminal } from './kiosk/terminal'
import type { PrintSession } from './session/session'

// The request table of contract/kiosk.ts, served over any transport (Electron IPC, the web
// shell's WebSocket). Every argument is checked here: the renderer's input is never trusted.

const none = z.undefined().or(z.null())

const argumentSchemas = {
  'get-app-info': none,
  'get-session': none,
  'look-up-order': z.strictObject({
    orderId: z.string().max(20),
    pincode: z.string().max(20),
  }),
  'begin-payment': none,
  'cancel-payment': none,
  'confirm-payment': z.strictObject({ received: z.number().finite().nonnegative().max(1e9) }),
  'begin-printing': none,
  'enter-blank': z.strictObject({
    serial: z.string().max(64),
    source: z.enum(['scan', 'typed']),
  }),
  'confirm-printed': none,
  'report-spoiled': none,
  'resume-session': none,
  'reset-session': none,
  'get-terminal': none,
  'report-activity': none,
  'wake-up': none,
  'set-language': z.strictObject({ lang: z.enum(['ru', 'en']) }),
  'unlock-service': z.strictObject({ pin: z.string().max(16) }),
  'close-service': none,
  'get-service-view': none,
  'save-settings': z.strictObject({
    apiUrl: z.string().max(500).optional(),
    partnerKey: z.string().min(1).max(200).optional(),
    mode: z.enum(['cashier', 'kiosk']).optional(),
    printer: z
      .discriminatedUnion('kind', [
        z.strictObject({
          kind: z.literal('pdf-folder'),
          dir: z.string().min(1).max(500).optional(),
        }),
        z.strictObject({ kind: z.literal('cups'), queue: z.string().min(1).max(127) }),
        z.strictObject({ kind: z.literal('electron'), device: z.string().min(1).max(255) }),
      ])
      .optional(),
    profile: z.string().min(1).max(60).optional(),
    serialPattern: z.string().min(1).max(200).optional(),
    lang: z.enum(['ru', 'en']).optional(),
    timeZone: z.string().min(1).max(64).optional(),
    idleSeconds: z.number().int().min(10).max(3600).optional(),
    stockLowAt: z.number().int().min(0).max(10_000).optional(),
    autoStart: z.boolean().optional(),
  }),
  'print-test': none,
  'load-stock': z.strictObject({
    firstSerial: z.string().max(64),
    count: z.number().int().min(1).max(10_000),
    source: z.enum(['scan', 'typed']),
  }),
  'remove-stock': none,
  'print-shift-report': none,
  'save-shift-report': none,
  'close-shift': none,
  'restart-app': none,
} satisfies Record<RequestChannel, z.ZodType>

// answered without counting as a touch on the screen
const readOnly = new Set<RequestChannel>(['get-app-info', 'get-session', 'get-terminal'])

// behind the operator's PIN
const operatorOnly = new Set<RequestChannel>([
  'get-service-view',
  'save-settings',
  'print-test',
  'load-stock',
  'remove-stock',
  'print-shift-report',
  'save-shift-report',
  'close-shift',
  'restart-app',
])

export interface KioskService {
  handle(channel: unknown, argument: unknown): Promise<Reply<unknown>>
  onSessionChanged(listener: (snapshot: SessionSnapshot) => void): () => void
  onTerminalChanged?(listener: (snapshot: TerminalSnapshot) => void): () => void
}

type Handlers = {
  [C in RequestChannel]: (arg: KioskRequests[C][0]) => Promise<KioskRequests[C][1]>
}

export function createKioskService(options: {
  session: PrintSession
  appInfo: AppInfo
  logger: Logger
  // the kiosk's idle timer, monitor and lock, and the service screen (runtime.ts makes both)
  terminal?: Terminal
  desk?: ServiceDesk
}): KioskService {
  const { session, appInfo } = options
  const terminal = () => {
    if (!options.terminal) throw new KioskError('request-invalid', { detail: 'no terminal' })
    return options.terminal
  }
  const desk = () => {
    if (!options.desk) throw new KioskError('request-invalid', { detail: 'no service desk' })
    return options.desk
  }
  const handlers: Handlers = {
    'get-app-info': async () => appInfo,
    'get-session': async () => session.snapshot(),
    'look-up-order': async (args) => {
      const cause = options.terminal?.outOfService()
      if (cause) throw new KioskError('out-of-service', { detail: cause.reason })
      return session.lookUpOrder(args)
    },
    'begin-payment': () => session.beginPayment(),
    'cancel-payment': () => session.cancelPayment(),
    'confirm-payment': (args) => session.confirmPayment(args),
    'begin-printing': () => session.beginPrinting(),
    'enter-blank': (args) => session.enterBlank(args),
    'confirm-printed': () => session.confirmPrinted(),
    'report-spoiled': () => session.reportSpoiled(),
    'resume-session': () => session.resume(),
    'reset-session': () => session.reset(),
    'get-terminal': async () => terminal().snapshot(),
    'report-activity': async () => terminal().snapshot(),
    'wake-up': async () => terminal().wakeUp(),
    'set-language': async ({ lang }) => terminal().setLanguage(lang),
    'unlock-service': async ({ pin }) => terminal().unlockService(pin),
    'close-service': async () => terminal().closeService(),
    'get-service-view': async () => desk().view(),
    'save-settings': async (change) => desk().saveSettings(change),
    'print-test': () => desk().printTest(),
    'load-stock': async (args) => published(desk().loadStock(args)),
    'remove-stock': async () => published(desk().removeStock()),
    'print-shift-report': () => desk().printShiftReport(),
    'save-shift-report': async () => desk().saveShiftReport(),
    'close-shift': async () => desk().closeShift(),
    'restart-app': async () => desk().restart(),
  }

  // the stock shows on the kiosk's own screens too
  function published<T>(value: T): T {
    options.terminal?.publish()
    return value
  }

  return {
    async handle(channel, argument) {
      if (!isRequestChannel(channel)) {
        // String() of a hostile object can throw ({ toString: 1 }, no prototype): only text
        // is shown
        const shown = typeof channel === 'string' ? channel.slice(0, 40) : typeof channel
        options.logger.warn('unknown request refused', { channel: shown })
        return refuse(new KioskError('request-invalid', { detail: 'unknown channel' }))
      }

      const parsed = argumentSchemas[channel].safeParse(argument)
      if (!parsed.success) {
        // the field that is wrong, so that a form can say which; never the value itself
        const field = parsed.error.issues[0]?.path.filter((p) => typeof p !== 'symbol').join('.')
        const detail = field ? `${channel}: ${field}` : channel
        options.logger.warn('request with bad arguments refused', { channel, field })
        // the settings form says which of its fields is wrong (contract/errors.ts)
        const formField = channel === 'save-settings' ? field?.split('.')[0] : undefined
        if (formField) return refuse(new KioskError('setting-invalid', { detail: formField }))

        // a stack of the wrong size is the operator's slip, said as such
        if (channel === 'load-stock') return refuse(new KioskError('stock-invalid', { detail }))

        return refuse(new KioskError('request-invalid', { detail }))
      }

      try {
        if (!readOnly.has(channel)) options.terminal?.touch()
        if (operatorOnly.has(channel) && !options.terminal?.isServiceOpen()) {
          throw new KioskError('service-closed')
        }

        const handler = handlers[channel] as (arg: unknown) => Promise<unknown>

        return { ok: true, value: await handler(parsed.data) }
      } catch (error) {
        return refuse(toKioskError(error))
      }
    },

    onSessionChanged: (listener) => session.onChange(listener),
    onTerminalChanged: (listener) => options.terminal?.onChange(listener) ?? (() => {}),
  }
}

function refuse(error: KioskError): Reply<never> {
  return { ok: false, error: error.toView() }
}
