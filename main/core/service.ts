import { z } from 'zod'
import type {
  AppInfo,
  KioskRequests,
  Reply,
  RequestChannel,
  SessionSnapshot,
} from '../../contract/kiosk'
import { isRequestChannel } from '../../contract/kiosk'
import { KioskError, toKioskError } from './errors'
import type { Logger } from './log'
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
} satisfies Record<RequestChannel, z.ZodType>

export interface KioskService {
  handle(channel: unknown, argument: unknown): Promise<Reply<unknown>>
  onSessionChanged(listener: (snapshot: SessionSnapshot) => void): () => void
}

type Handlers = {
  [C in RequestChannel]: (arg: KioskRequests[C][0]) => Promise<KioskRequests[C][1]>
}

export function createKioskService(options: {
  session: PrintSession
  appInfo: AppInfo
  logger: Logger
}): KioskService {
  const { session, appInfo } = options
  const handlers: Handlers = {
    'get-app-info': async () => appInfo,
    'get-session': async () => session.snapshot(),
    'look-up-order': (args) => session.lookUpOrder(args),
    'begin-payment': () => session.beginPayment(),
    'cancel-payment': () => session.cancelPayment(),
    'confirm-payment': (args) => session.confirmPayment(args),
    'begin-printing': () => session.beginPrinting(),
    'enter-blank': (args) => session.enterBlank(args),
    'confirm-printed': () => session.confirmPrinted(),
    'report-spoiled': () => session.reportSpoiled(),
    'resume-session': () => session.resume(),
    'reset-session': () => session.reset(),
  }

  return {
    async handle(channel, argument) {
      if (!isRequestChannel(channel)) {
        // String() of a hostile object can throw ({ toString: 1 }, no prototype): only text is shown
        const shown = typeof channel === 'string' ? channel.slice(0, 40) : typeof channel
        options.logger.warn('unknown request refused', { channel: shown })
        return refuse(new KioskError('request-invalid', { detail: 'unknown channel' }))
      }

      const parsed = argumentSchemas[channel].safeParse(argument)
      if (!parsed.success) {
        options.logger.warn('request with bad arguments refused', { channel })
        return refuse(new KioskError('request-invalid', { detail: channel }))
      }

      try {
        const handler = handlers[channel] as (arg: unknown) => Promise<unknown>

        return { ok: true, value: await handler(parsed.data) }
      } catch (error) {
        return refuse(toKioskError(error))
      }
    },

    onSessionChanged: (listener) => session.onChange(listener),
  }
}

function refuse(error: KioskError): Reply<never> {
  return { ok: false, error: error.toView() }
}
