import type { SessionSnapshot } from '../../contract/kiosk'
import type { PrintSession } from '../../main/core/session/session'

// A scripted cashier for tests that run whole sessions through the core: it answers every
// screen as a careful person would, rescanning the same blank after a lost answer and taking a
// fresh blank after a refusal. It spoils the first print of each session on purpose.

export interface OperatorOptions {
  orderId: number
  pincode: string
  nextSerial: () => string
  spoilFirstPrint?: boolean
  maxSteps?: number
  // after a restart the cashier looks at the blank: did the ticket come out on it?
  onPaper?: (serial: string) => boolean
}

export interface OperatorReport {
  snapshot: SessionSnapshot
  steps: number
  spoiledOnPurpose: string[]
  errors: string[]
}

export async function runOperator(
  session: PrintSession,
  options: OperatorOptions,
): Promise<OperatorReport> {
  const report: OperatorReport = {
    snapshot: session.snapshot(),
    steps: 0,
    spoiledOnPurpose: [],
    errors: [],
  }
  let serial: string | null = null
  let spoil = options.spoilFirstPrint ?? true
  let spoilingSerial: string | null = null

  if (report.snapshot.stage === 'start') {
    report.snapshot = await session.lookUpOrder({
      orderId: String(options.orderId),
      pincode: options.pincode,
    })
  }

  while (report.snapshot.stage !== 'done') {
    report.steps += 1
    if (report.steps > (options.maxSteps ?? 80)) throw new Error(describe(report))

    const snapshot = report.snapshot
    if (snapshot.error) report.errors.push(snapshot.error.code)

    switch (snapshot.stage) {
      case 'start':
        throw new Error(`session went back to start: ${describe(report)}`)
      case 'recovery':
        report.snapshot = await session.resume()
        break
      case 'summary':
        report.snapshot = snapshot.order?.paid
          ? await session.beginPrinting()
          : await session.beginPayment()
        break
      case 'payment':
        report.snapshot = await session.confirmPayment({
          received: snapshot.order?.totals.total ?? 0,
        })
        break
      case 'blank':
        // the same blank is scanned again only when the server may not have heard of it
        if (serial === null || snapshot.error?.code !== 'outcome-unknown') {
          serial = options.nextSerial()
        }
        report.snapshot = await session.enterBlank({ serial, source: 'scan' })
        if (report.snapshot.stage !== 'blank') serial = null
        break
      case 'check': {
        const current = snapshot.order?.tickets.find((t) => t.id === snapshot.currentTicketId)
        const printed = current?.progress === 'printed'
        // a spoiled blank stays spoiled: after a lost answer the cashier reports it again
        const spoiling = spoilingSerial !== null && spoilingSerial === snapshot.currentSerial
        const looked = snapshot.notice?.kind === 'check-blank' && snapshot.currentSerial
        if (looked && options.onPaper && !options.onPaper(snapshot.currentSerial ?? '')) {
          spoilingSerial = snapshot.currentSerial
          report.snapshot = await session.reportSpoiled()
          break
        }
        if (printed && (spoiling || spoil) && snapshot.currentSerial) {
          if (!spoiling) report.spoiledOnPurpose.push(snapshot.currentSerial)
          spoil = false
          spoilingSerial = snapshot.currentSerial
          report.snapshot = await session.reportSpoiled()
        } else if (printed) {
          report.snapshot = await session.confirmPrinted()
        } else {
          // no document to print (a download failed): the blank is written off
          report.snapshot = await session.reportSpoiled()
        }
        break
      }
    }
  }

  return report
}

function describe(report: OperatorReport): string {
  const s = report.snapshot
  const errors = report.errors.join(',')

  return `stage=${s.stage} error=${s.error?.code ?? '-'} steps=${report.steps} errors=${errors}`
}
