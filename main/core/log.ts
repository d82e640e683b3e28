// The one logger of the trusted side. It never writes the partner key, a pincode or a customer's
// details: the callers name them in `secrets`, and every line passes through redact() anyway, so
// a value that slips into a message or a URL is still masked.

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'

export interface Logger {
  debug(message: string, fields?: LogFields): void
  info(message: string, fields?: LogFields): void
  warn(message: string, fields?: LogFields): void
  error(message: string, fields?: LogFields): void
}

export type LogFields = Record<string, string | number | boolean | null | undefined>

export interface LogRecord {
  at: string
  level: LogLevel
  message: string
  fields: LogFields
}

export type LogSink = (record: LogRecord) => void

const levels: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 }

// query parameters and field names that carry secrets, whoever logs them
const secretNames = ['session', 'pincode', 'pin', 'partnerKey', 'key', 'name', 'customer', 'phone']

const secretParam = new RegExp(`([?&](?:${secretNames.join('|')})=)[^&\\s"']*`, 'gi')

// a phone number written the Russian way: +7 or 8, then ten digits in groups
const phone = /(?:\+7|\b8)[\s(-]*\d{3}[\s)-]*\d{3}[\s-]*\d{2}[\s-]*\d{2}\b/g

export class Redactor {
  private readonly secrets = new Set<string>()
  // kept apart and forgotten with the customer: a kiosk up for weeks would otherwise hold every
  // customer's pincode and name, and split every log line by each of them
  private readonly customerSecrets = new Set<string>()

  // values shorter than four characters would mask ordinary words and numbers
  addSecret(value: string | null | undefined): void {
    if (value && value.length >= 4) this.secrets.add(value)
  }

  addCustomerSecret(value: string | null | undefined): void {
    if (value && value.length >= 4) this.customerSecrets.add(value)
  }

  forgetCustomer(): void {
    this.customerSecrets.clear()
  }

  redact(text: string): string {
    let out = text.replace(secretParam, '$1***').replace(phone, '***')

    for (const secret of this.secrets) out = out.split(secret).join('***')
    for (const secret of this.customerSecrets) out = out.split(secret).join('***')

    return out
  }
}

export function createLogger(options: {
  sink: LogSink
  level?: LogLevel
  redactor?: Redactor
  now?: () => Date
}): Logger {
  const threshold = levels[options.level ?? 'info']
  const redactor = options.redactor ?? new Redactor()
  const now = options.now ?? (() => new Date())

  const write = (level: LogLevel, message: string, fields: LogFields = {}): void => {
    if (levels[level] < threshold) return

    const clean: LogFields = {}
    for (const [field, value] of Object.entries(fields)) {
      const secret = secretNames.some((n) => n.toLowerCase() === field.toLowerCase())
      clean[field] = secret ? '***' : typeof value === 'string' ? redactor.redact(value) : value
    }

    options.sink({
      at: now().toISOString(),
      level,
      message: redactor.redact(message),
      fields: clean,
    })
  }

  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  }
}

export function formatLogRecord(record: LogRecord): string {
  const fields = Object.entries(record.fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ')

  return `${record.at} ${record.level.toUpperCase()} ${record.message}${fields ? ' ' + fields : ''}`
}

export const silentLogger: Logger = createLogger({ sink: () => {} })
