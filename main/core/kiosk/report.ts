import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import fontkit from '@pdf-lib/fontkit'
import { PDFDocument, rgb } from 'pdf-lib'
import type { Lang } from '../../../contract/errors'
import type { ShiftReport } from '../../../contract/kiosk'
import type { PrinterProfile } from '../printing/printer'

const words = {
  ru: {
    title: 'Отчёт за смену',
    opened: 'Смена открыта',
    made: 'Отчёт составлен',
    payments: 'Принято оплат',
    tickets: 'Напечатано билетов',
    used: 'Использовано бланков',
    spoiled: 'Испорчено бланков',
    left: 'Осталось бланков',
    noStack: 'пачка не загружена',
    spoiledList: 'Испорченные бланки',
    removedList: 'Вынуты из принтера неиспользованными',
    removed: 'пачка вынута',
    replaced: 'пачка заменена',
    none: 'нет',
    order: 'заказ',
    ticket: 'билет',
  },
  en: {
    title: 'Shift report',
    opened: 'Shift opened',
    made: 'Report made',
    payments: 'Payments taken',
    tickets: 'Tickets printed',
    used: 'Blanks used',
    spoiled: 'Blanks spoiled',
    left: 'Blanks left',
    noStack: 'no stack loaded',
    spoiledList: 'Spoiled blanks',
    removedList: 'Taken out of the printer unused',
    removed: 'stack removed',
    replaced: 'stack replaced',
    none: 'none',
    order: 'order',
    ticket: 'ticket',
  },
}

const locales: Record<Lang, string> = { ru: 'ru-RU', en: 'en-GB' }

// The report as lines of text, the same for the saved file, the printout and the screen's
// figures: one place says what a shift report holds.
export function reportLines(report: ShiftReport, lang: Lang, timeZone: string): string[] {
  const w = words[lang]
  const locale = locales[lang]
  const when = (iso: string | null) =>
    iso
      ? new Intl.DateTimeFormat(locale, {
          timeZone,
          dateStyle: 'short',
          timeStyle: 'short',
        }).format(new Date(iso))
      : '—'
  const money = new Intl.NumberFormat(locale, { style: 'currency', currency: 'RUB' })
  const removed = report.removed.map(
    (stack) => `  ${stack.serials.join(', ')}  (${w[stack.reason]}, ${when(stack.at)})`,
  )
  const spoiled = report.spoiled.map(
    (b) => `  ${b.serial}  ${w.order} ${b.orderId ?? '—'}, ${w.ticket} ${b.ticketId ?? '—'}`,
  )

  return [
    w.title,
    `${w.opened}: ${when(report.openedAt)}`,
    `${w.made}: ${when(report.madeAt)}`,
    '',
    `${w.payments}: ${report.payments.count} (${money.format(report.payments.amount)})`,
    `${w.tickets}: ${report.ticketsPrinted}`,
    `${w.used}: ${report.blanksUsed}`,
    `${w.spoiled}: ${report.blanksSpoiled}`,
    `${w.left}: ${report.blanksLeft ?? w.noStack}`,
    '',
    `${w.spoiledList}:`,
    ...(spoiled.length > 0 ? spoiled : [`  ${w.none}`]),
    '',
    `${w.removedList}:`,
    ...(removed.length > 0 ? removed : [`  ${w.none}`]),
  ]
}

const mmToPt = 72 / 25.4

// A plain page of text on the printer's page size, long enough for every line.
export async function reportPdf(lines: string[], profile: PrinterProfile): Promise<Uint8Array> {
  const doc = await PDFDocument.create()
  doc.registerFontkit(fontkit)
  const require = createRequire(import.meta.url)
  const font = await doc.embedFont(
    readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')),
    {
      subset: true,
    },
  )
  const width = profile.pageSize[0] * mmToPt
  const margin = 4 * mmToPt
  const size = width < 300 ? 7 : 10
  const leading = size * 1.35
  const height = Math.max(profile.pageSize[1] * mmToPt, margin * 2 + leading * lines.length)
  const page = doc.addPage([width, height])

  lines.forEach((line, index) => {
    page.drawText(line, {
      x: margin,
      y: height - margin - leading * (index + 1),
      size: index === 0 ? size * 1.3 : size,
      font,
      color: rgb(0, 0, 0),
      maxWidth: width - margin * 2,
    })
  })

  return doc.save()
}
