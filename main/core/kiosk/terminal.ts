import { timingSafeEqual } from 'node:crypto'
import type { Lang } from '../../../contract/errors'
import {
  outOfServiceReasons,
  type Mode,
  type OutOfService,
  type OutOfServiceCause,
  type TerminalSnapshot,
  type Unsubscribe,
} from '../../../contract/kiosk'
import type { PartnerApi } from '../api/client'
import { KioskError, toKioskError } from '../errors'
import { silentLogger, type Logger } from '../log'
import type { Printer } from '../printing/printer'
import type { PrintSession } from '../session/session'
import type { Clock } from './clock'
import type { Ledger } from './ledger'

export interface TerminalOptions {
  mode: Mode
  lang: Lang
  idleSeconds: number
  // null: no PIN is set, and the service screen cannot be opened
  operatorPin: string | null
  session: PrintSession
  ledger: Ledger
  printer: Printer
  api: PartnerApi
  clock: Clock
  logger?: Logger
  // how often a kiosk asks the API and the printer whether it can serve
  monitorMs?: number
  maxPinAttempts?: number
  lockOutMs?: number
}

// What the kiosk is as a whole, apart from the order on screen: whether anybody is using it
// (the idle timer), whether it can serve (the monitor), the customer's language and the
// operator's lock. Main owns all of it; the screens are sent snapshots.
export class Terminal {
  private readonly listeners = new Set<(snapshot: TerminalSnapshot) => void>()
  private readonly log: Logger
  private readonly kiosk: boolean
  private seq = 0
  private lang: Lang
  private attract: boolean
  private polled: OutOfService | null = null
  private serviceOpen = false
  private wrongPins = 0
  private lockedUntil: number | null = null
  private idleTimer: unknown = null
  private pollTimer: unknown = null
  private polling: Promise<void> | null = null
  private stopped = false

  constructor(private readonly options: TerminalOptions) {
    this.log = options.logger ?? silentLogger
    this.kiosk = options.mode === 'kiosk'
    this.lang = options.lang
    this.attract = this.kiosk
    options.session.onChange(() => this.sessionChanged())
  }

  start(): void {
    if (this.kiosk) void this.poll()
  }

  stop(): void {
    this.stopped = true
    this.options.clock.clearTimeout(this.idleTimer)
    this.options.clock.clearTimeout(this.pollTimer)
  }

  snapshot(): TerminalSnapshot {
    this.seq += 1

    return {
      seq: this.seq,
      mode: this.options.mode,
      lang: this.lang,
      attract: this.attract,
      outOfService: this.outOfService(),
      stock: this.options.ledger.stock(),
      service: {
        open: this.serviceOpen,
        attemptsLeft: this.maxAttempts() - this.wrongPins,
        lockedUntil: this.isLockedOut() ? this.lockedUntil : null,
      },
    }
  }

  onChange(listener: (snapshot: TerminalSnapshot) => void): Unsubscribe {
    this.listeners.add(listener)

    return () => this.listeners.delete(listener)
  }

  // Why a kiosk cannot serve right now: the API or the printer as last polled, the stock as it
  // stands this moment. A cashier's desk is never out of service: a person is there to see.
  outOfService(): OutOfService | null {
    if (!this.kiosk) return null

    // nobody may walk up to a previous customer's interrupted order, and the stack's count
    // must not drift from the paper: the operator settles it first
    if (this.options.session.snapshot().stage === 'recovery') return cause('unfinished-session')

    if (this.polled) return this.polled

    const stock = this.options.ledger.stock()
    if (!stock) return cause('no-stock')

    const refused = this.options.ledger.refusedSerial()
    if (refused) return cause('stock-refused', refused)

    if (stock.left === 0) return cause('stock-empty')

    return null
  }

  // every request but the read-only ones is a touch: somebody is at the screen
  touch(): void {
    // a cashier's desk has no idle pause, only its service screen does
    if (!this.kiosk && !this.serviceOpen) return

    this.armIdleTimer()
  }

  wakeUp(): TerminalSnapshot {
    this.attract = false
    this.armIdleTimer()

    return this.publish()
  }

  setLanguage(lang: Lang): TerminalSnapshot {
    this.lang = lang

    return this.publish()
  }

  isServiceOpen(): boolean {
    return this.serviceOpen
  }

  unlockService(pin: string): TerminalSnapshot {
    if (this.isLockedOut()) throw new KioskError('service-locked-out')

    const expected = this.options.operatorPin
    if (expected === null) {
      throw new KioskError('service-closed', { detail: 'operatorPin is not set' })
    }

    if (!samePin(pin, expected)) {
      this.wrongPins += 1
      const left = this.maxAttempts() - this.wrongPins
      this.log.warn('wrong operator PIN', { attemptsLeft: left })

      if (left <= 0) {
        this.wrongPins = 0
        const lockOutMs = this.options.lockOutMs ?? 5 * 60_000
        this.lockedUntil = this.options.clock.now() + lockOutMs
        this.log.warn('service screen locked out after repeated wrong PINs')
        // the screens learn that the lock-out is over without anybody asking
        this.options.clock.setTimeout(() => this.publish(), lockOutMs + 1)
        this.publish()
        throw new KioskError('service-locked-out')
      }

      this.publish()
      throw new KioskError('service-pin-wrong', { detail: String(left) })
    }

    this.wrongPins = 0
    this.serviceOpen = true
    this.attract = false
    this.log.info('service screen opened')
    this.armIdleTimer()

    return this.publish()
  }

  closeService(): TerminalSnapshot {
    if (this.serviceOpen) this.log.info('service screen closed')
    this.serviceOpen = false
    this.attract = this.kiosk
    void this.poll()

    return this.publish()
  }

  // Asks the API and the printer now; the result stands until the next poll.
  async checkNow(): Promise<TerminalSnapshot> {
    await this.poll()

    return this.snapshot()
  }

  publish(): TerminalSnapshot {
    const snapshot = this.snapshot()
    for (const listener of this.listeners) listener(snapshot)

    return snapshot
  }

  private poll(): Promise<void> {
    if (!this.kiosk || this.stopped) return Promise.resolve()

    this.polling ??= this.check().finally(() => {
      this.polling = null
      this.options.clock.clearTimeout(this.pollTimer)
      if (!this.stopped) {
        this.pollTimer = this.options.clock.setTimeout(
          () => void this.poll(),
          this.options.monitorMs ?? 15_000,
        )
      }
    })

    return this.polling
  }

  private async check(): Promise<void> {
    const before = JSON.stringify(this.outOfService())
    this.polled = (await this.checkApi()) ?? (await this.checkPrinter())
    const after = this.outOfService()

    if (JSON.stringify(after) === before) return

    if (after) this.log.warn(`kiosk out of service: ${after.reason}`, { detail: after.detail })
    else this.log.info('kiosk back in service')
    this.publish()
  }

  // an order that cannot exist: "not found" proves the API answers and accepts the key
  private async checkApi(): Promise<OutOfService | null> {
    try {
      await this.options.api.getOrderForPrint(1, '0')
      return null
    } catch (error) {
      const failure = toKioskError(error)

      return failure.code === 'order-not-found' ? null : cause('api', failure.code)
    }
  }

  private async checkPrinter(): Promise<OutOfService | null> {
    try {
      const readiness = await this.options.printer.checkReady()

      return readiness.ready ? null : cause('printer', readiness.reason)
    } catch (error) {
      return cause('printer', String(error))
    }
  }

  private sessionChanged(): void {
    if (this.kiosk) this.armIdleTimer()

    // every blank the session takes changes the stock on screen, at a desk as at a kiosk
    this.publish()
  }

  private armIdleTimer(): void {
    const clock = this.options.clock
    clock.clearTimeout(this.idleTimer)
    if (this.stopped) return

    this.idleTimer = clock.setTimeout(() => void this.idle(), this.options.idleSeconds * 1000)
  }

  // Nobody has touched the screen for the pause: the customer has gone. A step in progress is
  // let finish first; then the order is forgotten and the attract screen comes back.
  private async idle(): Promise<void> {
    // At a cashier's desk the pause only locks the service screen again: the order on the
    // desk is the cashier's, who may be answering a customer, and is never dropped.
    if (!this.kiosk) {
      if (!this.serviceOpen) return

      this.log.info('service screen closed after the pause')
      this.serviceOpen = false
      this.publish()
      return
    }

    const session = this.options.session
    if (session.snapshot().activity !== null) {
      this.armIdleTimer()
      return
    }

    const stage = session.snapshot().stage
    const wasIdle = this.attract && !this.serviceOpen && stage === 'start'
    if (wasIdle) return

    // an interrupted session waits for the operator, however long nobody comes
    if (stage === 'recovery' && !this.serviceOpen) return

    this.log.info('nobody at the kiosk: back to the attract screen')
    this.serviceOpen = false
    this.attract = true
    this.lang = this.options.lang
    await session.reset()
    this.options.clock.clearTimeout(this.idleTimer)
    this.publish()
  }

  private isLockedOut(): boolean {
    return this.lockedUntil !== null && this.options.clock.now() < this.lockedUntil
  }

  private maxAttempts(): number {
    return this.options.maxPinAttempts ?? 5
  }
}

function cause(kind: OutOfServiceCause, detail?: string): OutOfService {
  const reason = outOfServiceReasons[kind]

  return detail === undefined ? { cause: kind, reason } : { cause: kind, reason, detail }
}

// the same time whether the first digit or the last one is wrong
function samePin(given: string, expected: string): boolean {
  const a = Buffer.from(given.padEnd(32, '\0').slice(0, 32))
  const b = Buffer.from(expected.padEnd(32, '\0').slice(0, 32))

  return timingSafeEqual(a, b) && given.length === expected.length
}
