import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { describeError, type ErrorView, type Lang } from '../../contract/errors'
import type { SessionSnapshot } from '../../contract/kiosk'
import { checkSerial, compileSerialPattern, normalizeTypedSerial } from '../../contract/serial'
import { defaultDataDir } from '../core/config/settings'
import { toKioskError } from '../core/errors'
import { createCupsPrinter, isQueueName } from '../core/printing/cups'
import { createPdfFolderPrinter } from '../core/printing/pdf-folder'
import { profilePresets, type Printer, type PrinterProfile } from '../core/printing/printer'
import { printTestTicket } from '../core/printing/test-print'
import { isEndpoint, isFaultKind, type Fault } from '../poligon'
import { startRuntime, type KioskRuntime } from '../runtime'

// `bso-kiosk doctor | order | print`: diagnostics and scripted printing over the same core as
// the screens. Without --api-url it runs against the built-in simulator (polygon flavour).

const usage = `usage: bso-kiosk <doctor|order|print|test-print> [options]
  --api-url URL         partner API (default: the built-in simulator)
  --session KEY         partner key with --api-url; better BSO_KIOSK_PARTNER_KEY in the
                        environment, which the process list does not show
  --order N --pincode P the order to show or print
  --accept-payment      pay totals.total when the order is unpaid (print)
  --serials A,B,...     the blanks, in order (print); a spoiled one is never reused
  --printer pdf-folder:DIR | cups:QUEUE
  --profile ID          printer profile preset (test-print; default: the settings' profile)
  --data-dir DIR        journal and documents (default: a fresh folder for the simulator)
  --fault E:KIND[:N[:MS]] built-in simulator only: fault KIND on endpoint E, N times
                        (kinds: delay drop-after drop-before bad-gateway reset
                        malformed-json wrong-types; e.g. assign_bso:drop-after)
  --lang ru|en          language of messages
  --json                one JSON event per line`

interface Options {
  command: string
  apiUrl: string | undefined
  session: string | undefined
  order: string | undefined
  pincode: string | undefined
  acceptPayment: boolean
  serials: string[]
  printer: string | undefined
  profile: string | undefined
  dataDir: string | undefined
  lang: Lang
  json: boolean
  faults: Fault[]
}

type Emit = (event: string, fields?: Record<string, unknown>) => void

// A command line that cannot be run as written: exit code 2, nothing done. Its text comes in
// both languages, because --lang itself may be what is wrong.
class UsageError extends Error {
  constructor(ru: string, en: string) {
    super(`${ru} / ${en}`)
  }
}

export async function runCli(argv: string[], out: (line: string) => void): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    out(usage)
    return 0
  }

  let options: Options
  try {
    options = parseOptions(argv)
  } catch (error) {
    out(`bso-kiosk: ${usageText(error)}\n${usage}`)
    return 2
  }

  const emit = makeEmitter(options, out)
  let runtime: KioskRuntime | null = null
  try {
    runtime = await open(options)
    return await run(options, runtime, emit)
  } catch (error) {
    if (error instanceof UsageError) {
      out(`bso-kiosk: ${error.message}\n${usage}`)
      return 2
    }

    fail(emit, toKioskError(error).toView(), options.lang)
    return 1
  } finally {
    await runtime?.close()
  }
}

function parseOptions(argv: string[]): Options {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'api-url': { type: 'string' },
      session: { type: 'string' },
      order: { type: 'string' },
      pincode: { type: 'string' },
      'accept-payment': { type: 'boolean', default: false },
      serials: { type: 'string' },
      printer: { type: 'string' },
      profile: { type: 'string' },
      'data-dir': { type: 'string' },
      lang: { type: 'string', default: 'ru' },
      json: { type: 'boolean', default: false },
      fault: { type: 'string', multiple: true, default: [] },
    },
  })

  const command = positionals[0] ?? ''
  if (!['doctor', 'order', 'print', 'test-print'].includes(command)) {
    throw new UsageError(`неизвестная команда «${command}»`, `unknown command "${command}"`)
  }

  const orderCommand = command === 'order' || command === 'print'
  if (orderCommand && (!values.order || !values.pincode)) {
    throw new UsageError('нужны --order и --pincode', '--order and --pincode are required')
  }

  // an order number is digits: anything else is a slip on the command line, not an order
  if (orderCommand && !/^[0-9]{1,12}$/.test(values.order ?? '')) {
    throw new UsageError(`--order ${values.order}: нужен номер заказа цифрами`, 'digits only')
  }

  const apiUrl = values['api-url']
  if (apiUrl !== undefined && !/^https?:\/\/[^/\s]+/.test(apiUrl)) {
    throw new UsageError(`--api-url ${apiUrl}: нужен адрес http(s)://…`, 'needs an http(s) URL')
  }
  // the key from the environment keeps it out of the process list and the shell's history
  const session = values.session ?? process.env['BSO_KIOSK_PARTNER_KEY']
  if (apiUrl !== undefined && !session) {
    throw new UsageError(
      'с --api-url нужен ключ: BSO_KIOSK_PARTNER_KEY или --session',
      'a key is needed with --api-url: BSO_KIOSK_PARTNER_KEY or --session',
    )
  }

  const lang = values.lang === 'en' ? 'en' : 'ru'
  const serials = (values.serials ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)

  // one paper blank is one serial: a repeat is a typing slip, refused before anything prints
  const seen = new Set<string>()
  for (const serial of serials) {
    const normal = normalizeTypedSerial(serial)
    if (seen.has(normal)) {
      throw new UsageError(
        `--serials: бланк ${normal} указан дважды`,
        `blank ${normal} is given twice`,
      )
    }
    seen.add(normal)
  }

  return {
    command,
    apiUrl: values['api-url'],
    session,
    order: values.order,
    pincode: values.pincode,
    acceptPayment: values['accept-payment'],
    serials,
    printer: values.printer,
    profile: values.profile,
    dataDir: values['data-dir'],
    lang,
    json: values.json,
    faults: values.fault.map(parseFault),
  }
}

async function open(options: Options): Promise<KioskRuntime> {
  const simulator = !options.apiUrl
  // a test print is of this kiosk's printer, so it reads this kiosk's settings
  const fresh = simulator && options.command !== 'test-print'
  const dataDir =
    options.dataDir ?? (fresh ? mkdtempSync(join(tmpdir(), 'bso-kiosk-cli-')) : defaultDataDir())
  const env: NodeJS.ProcessEnv = { BSO_KIOSK_DATA_DIR: dataDir }

  if (!simulator) {
    env['BSO_KIOSK_TRAINING'] = '0'
    env['BSO_KIOSK_API_URL'] = options.apiUrl
    env['BSO_KIOSK_PARTNER_KEY'] = options.session
  }

  return startRuntime({
    dataDir,
    env,
    ...(options.printer ? { printer: parsePrinter(options.printer) } : {}),
    // messages go to the terminal; the log file in the data folder keeps the detail
  })
}

function parseFault(spec: string): Fault {
  const [endpoint = '', kind = '', times, delayMs] = spec.split(':')
  if (!isEndpoint(endpoint) || !isFaultKind(kind)) {
    throw new UsageError(`--fault ${spec}: неизвестная точка или сбой`, 'unknown endpoint or fault')
  }

  return {
    endpoint,
    kind,
    ...(times ? { times: Number(times) } : {}),
    ...(delayMs ? { delayMs: Number(delayMs) } : {}),
  }
}

function parsePrinter(spec: string): Printer {
  const [kind, ...rest] = spec.split(':')
  const target = rest.join(':')

  if (kind === 'pdf-folder' && target) return createPdfFolderPrinter({ dir: target })
  if (kind === 'cups' && isQueueName(target)) return createCupsPrinter({ queue: target })

  throw new UsageError(
    `--printer ${spec}: укажите pdf-folder:ПАПКА или cups:ОЧЕРЕДЬ`,
    'use pdf-folder:DIR or cups:QUEUE',
  )
}

async function run(options: Options, runtime: KioskRuntime, emit: Emit): Promise<number> {
  if (options.faults.length > 0) {
    if (!runtime.poligon) {
      throw new UsageError('--fault — только со встроенным симулятором', 'simulator only')
    }
    runtime.poligon.injectFaults(options.faults)
  }

  if (options.command === 'doctor') return doctor(runtime, emit)
  if (options.command === 'test-print') return testPrint(options, runtime, emit)

  // every serial must be a blank of this desk's kind before the first one is spent
  const pattern = compileSerialPattern(runtime.settings.serialPattern)
  for (const serial of options.serials) {
    const check = checkSerial(normalizeTypedSerial(serial), pattern)
    if (!check.ok) {
      throw new UsageError(
        `--serials: «${serial}» — не номер бланка (${runtime.settings.serialPattern})`,
        `"${serial}" is not a blank serial (${runtime.settings.serialPattern})`,
      )
    }
  }

  const session = runtime.session
  const orderId = options.order ?? ''
  const snapshot = await session.lookUpOrder({ orderId, pincode: options.pincode ?? '' })
  if (!settled(snapshot, emit, options.lang)) return 1

  emit('order', orderFields(snapshot))

  // a look-up alone changes nothing: the session is closed in the journal at once
  if (options.command === 'order') {
    await session.reset()
    return 0
  }

  const waiting = snapshot.order?.tickets.filter((t) => t.progress !== 'printed').length ?? 0
  if (options.serials.length < waiting) {
    await session.reset()
    throw new UsageError(
      `для ${waiting} билетов нужно не меньше ${waiting} серий в --serials`,
      `${waiting} tickets need at least ${waiting} --serials`,
    )
  }

  return printOrder(options, runtime, emit, snapshot)
}

async function printOrder(
  options: Options,
  runtime: KioskRuntime,
  emit: Emit,
  first: SessionSnapshot,
): Promise<number> {
  const session = runtime.session
  let snapshot = first
  const order = snapshot.order
  if (!order) return 1

  if (!order.paid) {
    if (!options.acceptPayment) {
      fail(
        emit,
        { code: 'order-wrong-state', detail: 'unpaid: add --accept-payment' },
        options.lang,
      )
      return 1
    }

    await session.beginPayment()
    snapshot = await session.confirmPayment({ received: order.totals.total })
    if (!settled(snapshot, emit, options.lang)) return 1

    emit('payment-accepted', { orderId: order.id, amount: order.totals.total })
  } else {
    snapshot = await session.beginPrinting()
    if (!settled(snapshot, emit, options.lang)) return 1
  }

  const serials = [...options.serials]
  const attempts = new Map<string, number>()
  while (snapshot.stage === 'blank') {
    const serial = serials.shift()
    if (!serial) {
      // the list was long enough at the start: refused or spoiled blanks used it up
      fail(emit, { code: 'serials-used-up' }, options.lang)
      return 1
    }

    const ticketId = snapshot.currentTicketId
    snapshot = await session.enterBlank({ serial, source: 'typed' })
    const sent = snapshot.currentSerial ?? normalizeTypedSerial(serial)
    if (snapshot.error) {
      emit('blank-failed', { ticketId, serial: sent, error: snapshot.error.code })
      if (snapshot.stage !== 'blank') return settled(snapshot, emit, options.lang) ? 0 : 1

      // a printer that is not ready spends no blank: stop rather than burn the list
      if (snapshot.error.code === 'printer-unavailable') {
        fail(emit, snapshot.error, options.lang)
        return 1
      }

      // the server did not hear of this blank (the session re-read the order): the same
      // blank is still in hand, so it is tried again, a few times at most
      const retries = (attempts.get(serial) ?? 0) + 1
      attempts.set(serial, retries)
      if (snapshot.error.code === 'outcome-unknown' && retries < 3) serials.unshift(serial)
      continue
    }

    emit('ticket-printed', { ticketId, serial: sent })
    if (snapshot.stage === 'check') snapshot = await session.confirmPrinted()
  }

  if (!settled(snapshot, emit, options.lang)) return 1

  emit('done', { orderId: order.id, tickets: order.tickets.length })
  return snapshot.stage === 'done' ? 0 : 1
}

async function doctor(runtime: KioskRuntime, emit: Emit): Promise<number> {
  let healthy = true

  // an order that cannot exist: "not found" proves the API answers and accepts the key
  try {
    await runtime.api.getOrderForPrint(1, '0')
    emit('api', { ok: true, host: runtime.api.host })
  } catch (error) {
    const failure = toKioskError(error)
    const ok = failure.code === 'order-not-found'
    healthy &&= ok
    emit('api', { ok, host: runtime.api.host, ...(ok ? {} : { error: failure.code }) })
  }

  const readiness = await runtime.printer.checkReady()
  healthy &&= readiness.ready
  emit('printer', {
    ok: readiness.ready,
    name: runtime.printer.name,
    ...(readiness.ready ? {} : { reason: readiness.reason }),
  })

  return healthy ? 0 : 1
}

async function testPrint(options: Options, runtime: KioskRuntime, emit: Emit): Promise<number> {
  const profile = chosenProfile(options.profile, runtime.settings.profile)
  const outcome = await printTestTicket(runtime.printer, profile)

  emit('test-print', {
    printer: outcome.printer,
    profile: profile.id,
    status: outcome.status,
    jobId: outcome.jobId,
    ...(outcome.status === 'failed' ? { reason: outcome.reason } : {}),
  })

  return outcome.status === 'completed' ? 0 : 1
}

function chosenProfile(id: string | undefined, configured: PrinterProfile): PrinterProfile {
  if (id === undefined) return configured

  const preset = Object.hasOwn(profilePresets, id) ? profilePresets[id] : undefined
  if (!preset) {
    const known = Object.keys(profilePresets).join(', ')
    throw new UsageError(`--profile ${id}: выберите одно из ${known}`, `choose one of ${known}`)
  }

  return preset
}

function settled(snapshot: SessionSnapshot, emit: Emit, lang: Lang): boolean {
  if (!snapshot.error) return true

  fail(emit, snapshot.error, lang)
  return false
}

function fail(emit: Emit, error: ErrorView, lang: Lang): void {
  emit('error', { code: error.code, message: describeError(error, lang) })
}

function orderFields(snapshot: SessionSnapshot): Record<string, unknown> {
  const order = snapshot.order

  return {
    orderId: order?.id,
    paid: order?.paid,
    totals: order?.totals,
    tickets: order?.tickets.map((t) => ({
      id: t.id,
      event: t.event,
      row: t.row,
      seat: t.seat,
      admission: t.admission,
      price: t.price,
      serial: t.serial,
    })),
  }
}

function makeEmitter(options: Options, out: (line: string) => void): Emit {
  return (event, fields = {}) => {
    if (options.json) {
      out(JSON.stringify({ event, ...fields }))
      return
    }

    const text = Object.entries(fields)
      .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
      .join(' ')
    out(`${event}${text ? ' ' + text : ''}`)
  }
}

function usageText(error: unknown): string {
  if (error instanceof UsageError) return error.message

  // node:util's own words for an unknown or malformed option
  return `неверные параметры / bad options: ${(error as Error).message}`
}
