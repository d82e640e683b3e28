import type { RemovedBlanks, ShiftReport, SpoiledBlank, StockView } from '../../../contract/kiosk'
import type { Journal, JournalEntry, JournalRecord } from '../journal/journal'

// The blank stock and the shift report are folds over the journal, record by record: the
// journal already holds every payment, assignment and defect, so nothing is counted a second
// time anywhere else, and a restart rebuilds both by reading the journal again.

export interface SerialParts {
  prefix: string
  number: number
  width: number
}

export function splitSerial(serial: string): SerialParts | null {
  const match = /^([A-Z]*)([0-9]+)$/.exec(serial)
  if (!match) return null

  const digits = match[2] ?? ''
  return { prefix: match[1] ?? '', number: Number(digits), width: digits.length }
}

// the serial `offset` blanks after `first` in a numbered stack, or null past its numbering
export function serialAt(first: string, offset: number): string | null {
  const parts = splitSerial(first)
  if (!parts) return null

  const digits = String(parts.number + offset).padStart(parts.width, '0')
  return digits.length > parts.width ? null : `${parts.prefix}${digits}`
}

interface Stack {
  first: string
  count: number
  loadedAt: string
  // serials of this stack sent to assign_bso and not refused: the printer has taken them
  consumed: Set<string>
  spoiled: Set<string>
  // a blank of this stack the server refused: the paper and the count no longer agree
  refused: string | null
}

interface Shift {
  openedAt: string | null
  payments: number
  amount: number
  ticketsPrinted: number
  used: Set<string>
  spoiled: SpoiledBlank[]
  removed: RemovedBlanks[]
}

const newShift = (): Shift => ({
  openedAt: null,
  payments: 0,
  amount: 0,
  ticketsPrinted: 0,
  used: new Set(),
  spoiled: [],
  removed: [],
})

export class Ledger {
  private stack: Stack | null = null
  private shift: Shift = newShift()
  private readonly index = new Map<string, number>()

  constructor(
    records: readonly JournalRecord[],
    private readonly options: { lowAt: number; now?: () => Date },
  ) {
    for (const record of records) this.apply(record)
  }

  apply(record: JournalRecord): void {
    // the next shift opens the moment one is closed, not at its first order
    if (record.step === 'shift-closed') {
      this.shift = { ...newShift(), openedAt: record.at }
      return
    }

    // the stack as a shift's close left it, at the head of a new journal (written at the
    // close): the new shift opened then
    if (record.step === 'stock-carried') {
      this.carry(record)
      this.shift.openedAt ??= record.at
      return
    }

    this.shift.openedAt ??= record.at
    this.applyToStack(record)
    this.applyToShift(record)
  }

  stock(): StockView | null {
    const stack = this.stack
    if (!stack) return null

    const left = stack.count - stack.consumed.size
    return {
      firstSerial: stack.first,
      lastSerial: serialAt(stack.first, stack.count - 1) ?? stack.first,
      count: stack.count,
      used: stack.consumed.size,
      spoiled: stack.spoiled.size,
      left,
      nextSerial: this.nextSerial(),
      low: left <= this.options.lowAt,
      loadedAt: stack.loadedAt,
    }
  }

  // What a new journal must begin with so that this ledger folds out of it as it stands now,
  // once a shift is closed: the stack in the printer, if any (the shift itself starts empty).
  carryOver(): JournalEntry[] {
    const stack = this.stack
    if (!stack) return []

    return [
      {
        session: 'operator',
        step: 'stock-carried',
        serial: stack.first,
        count: stack.count,
        loadedAt: stack.loadedAt,
        consumed: [...stack.consumed],
        spoiledSerials: [...stack.spoiled],
        ...(stack.refused ? { refused: stack.refused } : {}),
      },
    ]
  }

  refusedSerial(): string | null {
    return this.stack?.refused ?? null
  }

  // the blank on top of the stack: the lowest serial the printer has not taken yet
  nextSerial(): string | null {
    const stack = this.stack
    if (!stack) return null

    for (let offset = 0; offset < stack.count; offset += 1) {
      const serial = serialAt(stack.first, offset)
      if (serial && !stack.consumed.has(serial)) return serial
    }

    return null
  }

  report(): ShiftReport {
    const shift = this.shift
    const stock = this.stock()

    return {
      openedAt: shift.openedAt,
      madeAt: (this.options.now?.() ?? new Date()).toISOString(),
      payments: { count: shift.payments, amount: round(shift.amount) },
      ticketsPrinted: shift.ticketsPrinted,
      blanksUsed: shift.used.size,
      blanksSpoiled: shift.spoiled.length,
      blanksLeft: stock ? stock.left : null,
      spoiled: shift.spoiled.map((blank) => ({ ...blank })),
      removed: shift.removed.map((stack) => ({ ...stack, serials: [...stack.serials] })),
    }
  }

  private unconsumed(stack: Stack): string[] {
    const serials: string[] = []
    for (let offset = 0; offset < stack.count; offset += 1) {
      const serial = serialAt(stack.first, offset)
      if (serial && !stack.consumed.has(serial)) serials.push(serial)
    }

    return serials
  }

  private carry(record: JournalRecord): void {
    if (!record.serial || !record.count) return

    this.loadStack(record.serial, record.count, record.loadedAt ?? record.at)
    const stack = this.stack as Stack
    for (const serial of record.consumed ?? []) stack.consumed.add(serial)
    for (const serial of record.spoiledSerials ?? []) stack.spoiled.add(serial)
    stack.refused = record.refused ?? null
  }

  private loadStack(first: string, count: number, loadedAt: string): void {
    this.stack = {
      first,
      count,
      loadedAt,
      consumed: new Set(),
      spoiled: new Set(),
      refused: null,
    }
    this.index.clear()
    for (let offset = 0; offset < count; offset += 1) {
      const serial = serialAt(first, offset)
      if (serial) this.index.set(serial, offset)
    }
  }

  private applyToStack(record: JournalRecord): void {
    if (record.step === 'stock-loaded' && record.serial && record.count) {
      this.loadStack(record.serial, record.count, record.at)
      return
    }

    if (record.step === 'stock-removed') {
      const left = this.stack ? this.unconsumed(this.stack) : []
      const reason = record.reason === 'replaced' ? 'replaced' : 'removed'
      if (left.length > 0) this.shift.removed.push({ reason, serials: left, at: record.at })
      this.stack = null
      this.index.clear()
      return
    }

    const stack = this.stack
    const serial = record.serial
    if (!stack || !serial || !this.index.has(serial)) return

    if (record.step === 'assign-intent') stack.consumed.add(serial)
    if (record.step === 'assign-failed') {
      stack.consumed.delete(serial)
      if (record.reason === 'api-rejected') stack.refused = serial
    }
    if (record.step === 'defect-done') stack.spoiled.add(serial)
  }

  private applyToShift(record: JournalRecord): void {
    const shift = this.shift

    switch (record.step) {
      case 'payment-done':
        shift.payments += 1
        shift.amount += record.amount ?? 0
        break
      case 'ticket-confirmed':
        shift.ticketsPrinted += 1
        break
      case 'assign-done':
        if (record.serial) shift.used.add(record.serial)
        break
      case 'defect-done':
        if (!record.serial) break
        shift.used.add(record.serial)
        shift.spoiled.push({
          serial: record.serial,
          orderId: record.orderId ?? null,
          ticketId: record.ticketId ?? null,
          at: record.at,
        })
        break
      default:
        break
    }
  }
}

function round(rubles: number): number {
  return Math.round(rubles * 100) / 100
}

// The journal the session writes to, with every record also folded into the ledger as it is
// appended, so the stock on screen is never behind the journal.
export function ledgerJournal(journal: Journal, ledger: Ledger): Journal {
  return {
    path: journal.path,
    append(entry: JournalEntry) {
      const record = journal.append(entry)
      ledger.apply(record)
      return record
    },
    opening: journal.opening,
    recent: (count) => journal.recent(count),
    read: () => journal.read(),
    // the carried records restate what the ledger holds already: not folded in a second time
    rotate: (carry) => journal.rotate(carry),
    close: () => journal.close(),
  }
}
