import type { JournalRecord } from '../journal/journal'

// What the journal says of a session that did not reach its end: replayed record by record, it
// gives what completed, what was announced but may not have happened, and what is left. The
// server has the last word on everything announced: recovery re-reads the order before acting.

export type StepState = 'none' | 'pending' | 'done' | 'failed'

export interface RecoveredBlank {
  ticketId: number
  serial: string
  assign: StepState
  token: string | null
  download: StepState
  documentPath: string | null
  print: StepState
  defect: StepState
}

export interface RecoveryPlan {
  sessionId: string
  orderId: number
  pincode: string
  payment: StepState
  blank: RecoveredBlank | null
  spoiled: Map<number, string[]>
  records: number
}

// the operator's records (stock, shift) are no print session's
export const operatorSession = 'operator'

export function findUnfinishedSession(all: readonly JournalRecord[]): RecoveryPlan | null {
  const records = all.filter((record) => record.session !== operatorSession)
  const last = records.at(-1)
  if (!last) return null

  const own = records.filter((record) => record.session === last.session)
  const plan = replay(own)
  if (!plan) return null

  // a look-up alone changed nothing on the server: there is nothing to finish
  const changed = own.some((r) => r.step.endsWith('-intent'))

  return changed ? plan : null
}

function replay(records: readonly JournalRecord[]): RecoveryPlan | null {
  const opened = records.find((r) => r.step === 'session-opened')
  if (!opened || opened.orderId === undefined) return null

  const plan: RecoveryPlan = {
    sessionId: opened.session,
    orderId: opened.orderId,
    pincode: opened.pincode ?? '',
    payment: 'none',
    blank: null,
    spoiled: new Map(),
    records: records.length,
  }

  for (const record of records) {
    if (record.step === 'session-closed') return null

    apply(plan, record)
  }

  return plan
}

function apply(plan: RecoveryPlan, record: JournalRecord): void {
  const blank = plan.blank

  switch (record.step) {
    case 'payment-intent':
    case 'payment-unknown':
      plan.payment = 'pending'
      break
    case 'payment-done':
      plan.payment = 'done'
      break
    case 'payment-failed':
      plan.payment = 'failed'
      break
    case 'assign-intent':
      plan.blank = {
        ticketId: record.ticketId ?? 0,
        serial: record.serial ?? '',
        assign: 'pending',
        token: null,
        download: 'none',
        documentPath: null,
        print: 'none',
        defect: 'none',
      }
      break
    case 'assign-done':
      if (blank) Object.assign(blank, { assign: 'done', token: record.token ?? null })
      break
    case 'assign-failed':
      plan.blank = null
      break
    case 'download-intent':
      if (blank) Object.assign(blank, { download: 'pending', token: record.token ?? blank.token })
      break
    case 'document-stored':
      if (blank) Object.assign(blank, { download: 'done', documentPath: record.document ?? null })
      break
    case 'download-failed':
      if (blank) blank.download = 'failed'
      break
    case 'print-intent':
      if (blank) blank.print = 'pending'
      break
    case 'print-done':
      if (blank) blank.print = 'done'
      break
    case 'print-failed':
      if (blank) blank.print = 'failed'
      break
    case 'ticket-confirmed':
      plan.blank = null
      break
    case 'defect-intent':
    case 'defect-failed':
    case 'defect-unknown':
      if (blank) blank.defect = 'pending'
      break
    case 'defect-done':
      if (blank) {
        plan.spoiled.set(blank.ticketId, [
          ...(plan.spoiled.get(blank.ticketId) ?? []),
          blank.serial,
        ])
      }
      plan.blank = null
      break
    default:
      break
  }
}
