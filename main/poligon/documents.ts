import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

import fontkit from '@pdf-lib/fontkit'
import {
  PDFDocument,
  type PDFFont,
  type PDFPage,
  clip,
  concatTransformationMatrix,
  endPath,
  fill,
  popGraphicsState,
  pushGraphicsState,
  rectangle,
  rgb,
  setFillingGrayscaleColor,
} from 'pdf-lib'

import { QUIET_ZONE_MODULES, code128 } from './barcode'
import { serialOf } from './state'
import type { DocumentFormat, PoligonOrder, PoligonTicket } from './types'

export const PT_PER_MM = 72 / 25.4
export const DEFAULT_DOCUMENT_SIZE: Size = [80, 150]
export const MAX_SIZE_MM = 1000

export type Size = [number, number]

/**
 * What /ticket/<token> was asked to produce. `rotation` is kept as given (clockwise, as
 * PDF /Rotate counts) and normalised to 0, 90, 180 or 270 when drawing.
 */
export interface DocumentLayout {
  format: DocumentFormat
  documentSize: Size
  ticketSize: Size
  documentMargin: Size
  ticketMargin: Size
  rotation: number
}

export interface TicketText {
  title: string
  venue: string
  address: string
  when: string
  sector: string
  place: string
  price: string
  fee: string
  order: string
  customer: string
  serial: string
  barcode: string
}

const DECIMAL = /^\d+(\.\d+)?$/

function parsePair(raw: string, name: string, allowZero: boolean): Size | string {
  const parts = raw.split(',')
  const [a, b] = parts
  if (parts.length !== 2 || a === undefined || b === undefined) {
    return `${name}: нужны два числа через запятую (мм)`
  }

  const pair: Size = [Number(a.trim()), Number(b.trim())]
  const wellFormed = [a, b].every((p) => DECIMAL.test(p.trim()))
  const inRange = pair.every((v) => (allowZero ? v >= 0 : v > 0) && v <= MAX_SIZE_MM)
  if (!wellFormed || !inRange) {
    const low = allowZero ? 'от 0' : 'больше 0'
    return `${name}: размеры должны быть ${low} и не больше ${MAX_SIZE_MM} мм`
  }
  return pair
}

/** The document parameters of /ticket/<token>; a string is the reason they are refused. */
export function parseLayout(query: URLSearchParams): DocumentLayout | string {
  const format = (query.get('format') ?? 'PDF').toUpperCase()
  if (format !== 'PDF' && format !== 'FOP') return 'format: допустимы PDF и FOP'

  const documentSize = parsePair(query.get('document_size') ?? '80,150', 'document_size', false)
  if (typeof documentSize === 'string') return documentSize

  const ticketRaw = query.get('ticket_size')
  const ticketSize = ticketRaw === null ? documentSize : parsePair(ticketRaw, 'ticket_size', false)
  if (typeof ticketSize === 'string') return ticketSize

  const documentMargin = parsePair(query.get('document_margin') ?? '0,0', 'document_margin', true)
  if (typeof documentMargin === 'string') return documentMargin

  const ticketMargin = parsePair(query.get('ticket_margin') ?? '0,0', 'ticket_margin', true)
  if (typeof ticketMargin === 'string') return ticketMargin

  const rotationRaw = query.get('rotation') ?? '0'
  const rotation = Number(rotationRaw)
  if (!/^-?\d+$/.test(rotationRaw.trim()) || rotation % 90 !== 0) {
    return 'rotation: угол должен быть кратен 90'
  }

  return { format, documentSize, ticketSize, documentMargin, ticketMargin, rotation }
}

const rubles = new Intl.NumberFormat('ru-RU', { style: 'currency', currency: 'RUB' })
const moscowTime = new Intl.DateTimeFormat('ru-RU', {
  timeZone: 'Europe/Moscow',
  weekday: 'short',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
})

export function ticketText(order: PoligonOrder, ticket: PoligonTicket): TicketText {
  const { subevent } = ticket
  const place =
    ticket.admission || ticket.row === null
      ? 'Входной билет'
      : `Ряд ${ticket.row}, место ${ticket.seat ?? '—'}`

  return {
    title: `${subevent.title} ${subevent.age}+`,
    venue: subevent.venue.title,
    address: subevent.venue.address,
    when: moscowTime.format(new Date(subevent.date)),
    sector: `Сектор: ${ticket.sector.title}`,
    place,
    price: `Цена: ${rubles.format(ticket.price)}`,
    fee: `Сервисный сбор: ${rubles.format(ticket.commission)}`,
    order: `Заказ № ${order.id}`,
    customer: `Покупатель: ${order.name}`,
    serial: `БСО ${serialOf(ticket) ?? '—'}`,
    barcode: ticket.barcode,
  }
}

function fontFile(name: string): Uint8Array {
  const require = createRequire(import.meta.url)
  return readFileSync(require.resolve(`dejavu-fonts-ttf/ttf/${name}`))
}

type Fontkit = Parameters<PDFDocument['registerFontkit']>[0]
type ParsedFont = ReturnType<Fontkit['create']>

let fontBytes: { regular: Uint8Array; bold: Uint8Array } | undefined
const parsedFonts = new Map<Uint8Array, ParsedFont>()

/**
 * pdf-lib parses the font again for every document, which costs more than the rest of
 * the document; the parsed font is immutable, so one per process is enough.
 */
const cachingFontkit: Fontkit = {
  create(bytes) {
    let font = parsedFonts.get(bytes)
    if (font === undefined) {
      font = fontkit.create(bytes)
      parsedFonts.set(bytes, font)
    }
    return font
  },
}

function fonts(): { regular: Uint8Array; bold: Uint8Array } {
  fontBytes ??= { regular: fontFile('DejaVuSans.ttf'), bold: fontFile('DejaVuSans-Bold.ttf') }
  return fontBytes
}

interface Frame {
  width: number
  height: number
}

/**
 * Maps the content frame onto the ticket box. The frame is the ticket box turned by the
 * rotation, so a landscape layout lands upright on a portrait blank once turned.
 */
function frameMatrix(
  box: { x: number; y: number; width: number; height: number },
  clockwise: number,
): { frame: Frame; matrix: [number, number, number, number, number, number] } {
  const turned = { width: box.height, height: box.width }
  const upright = { width: box.width, height: box.height }

  switch (normaliseRotation(clockwise)) {
    case 90:
      return { frame: turned, matrix: [0, -1, 1, 0, box.x, box.y + box.height] }
    case 180:
      return { frame: upright, matrix: [-1, 0, 0, -1, box.x + box.width, box.y + box.height] }
    case 270:
      return { frame: turned, matrix: [0, 1, -1, 0, box.x + box.width, box.y] }
    default:
      return { frame: upright, matrix: [1, 0, 0, 1, box.x, box.y] }
  }
}

export function normaliseRotation(degrees: number): 0 | 90 | 180 | 270 {
  return (((degrees % 360) + 360) % 360) as 0 | 90 | 180 | 270
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = []
  let line = ''
  for (const word of text.split(' ')) {
    const candidate = line === '' ? word : `${line} ${word}`
    if (line !== '' && font.widthOfTextAtSize(candidate, size) > width) {
      lines.push(line)
      line = word
    } else {
      line = candidate
    }
  }
  lines.push(line)
  return lines
}

interface Pen {
  page: PDFPage
  x: number
  y: number
  width: number
}

function write(pen: Pen, text: string, font: PDFFont, size: number): void {
  for (const line of wrap(text, font, size, pen.width)) {
    pen.y -= size * 1.25
    pen.page.drawText(line, { x: pen.x, y: pen.y, size, font, color: rgb(0, 0, 0) })
  }
}

function drawBarcode(pen: Pen, digits: string, font: PDFFont, size: number): void {
  const symbol = code128(digits)
  const module = Math.min(pen.width / (symbol.modules + 2 * QUIET_ZONE_MODULES), 0.5 * PT_PER_MM)
  const height = Math.max(8, Math.min(12 * PT_PER_MM, pen.width / 4))
  const left = pen.x + QUIET_ZONE_MODULES * module
  const bottom = pen.y - size * 0.5 - height

  pen.page.pushOperators(
    pushGraphicsState(),
    setFillingGrayscaleColor(0),
    ...symbol.bars.map((bar) =>
      rectangle(left + bar.x * module, bottom, bar.width * module, height),
    ),
    fill(),
    popGraphicsState(),
  )

  const textWidth = font.widthOfTextAtSize(digits, size)
  const centre = left + (symbol.modules * module) / 2
  pen.y = bottom - size * 1.1
  pen.page.drawText(digits, { x: centre - textWidth / 2, y: pen.y, size, font })
}

function mmToPt([a, b]: Size): Size {
  return [a * PT_PER_MM, b * PT_PER_MM]
}

/**
 * The page's MediaBox is always document_size and the page has no /Rotate: rotation is
 * drawn into the content, so a printer driver that ignores /Rotate still gets it right.
 */
export async function renderTicketPdf(
  order: PoligonOrder,
  ticket: PoligonTicket,
  layout: DocumentLayout,
): Promise<Uint8Array> {
  const doc = await PDFDocument.create()
  doc.registerFontkit(cachingFontkit)
  doc.setTitle(`Билет ${ticket.id}`)
  doc.setProducer('bso-kiosk poligon')
  doc.setCreationDate(new Date(0))
  doc.setModificationDate(new Date(0))
  const regular = await doc.embedFont(fonts().regular, { subset: true })
  const bold = await doc.embedFont(fonts().bold, { subset: true })

  const [pageWidth, pageHeight] = mmToPt(layout.documentSize)
  const [boxWidth, boxHeight] = mmToPt(layout.ticketSize)
  const [marginX, marginY] = mmToPt(layout.documentMargin)
  const [innerX, innerY] = mmToPt(layout.ticketMargin)
  const page = doc.addPage([pageWidth, pageHeight])
  const box = {
    x: marginX,
    y: pageHeight - marginY - boxHeight,
    width: boxWidth,
    height: boxHeight,
  }
  const { frame, matrix } = frameMatrix(box, layout.rotation)

  page.pushOperators(
    pushGraphicsState(),
    concatTransformationMatrix(...matrix),
    rectangle(0, 0, frame.width, frame.height),
    clip(),
    endPath(),
  )
  drawContent(page, ticketText(order, ticket), { regular, bold }, frame, [innerX, innerY])
  page.pushOperators(popGraphicsState())

  return doc.save()
}

function drawContent(
  page: PDFPage,
  text: TicketText,
  font: { regular: PDFFont; bold: PDFFont },
  frame: Frame,
  [offsetX, offsetY]: Size,
): void {
  const padding = 2 * PT_PER_MM
  const width = Math.max(1, frame.width - offsetX - 2 * padding)
  const size = Math.min(11, Math.max(5, width / 22))
  const pen: Pen = { page, x: offsetX + padding, y: frame.height - offsetY - padding, width }

  write(pen, text.title, font.bold, size * 1.3)
  write(pen, text.venue, font.regular, size)
  write(pen, text.address, font.regular, size * 0.85)
  write(pen, text.when, font.bold, size)
  pen.y -= size * 0.5
  write(pen, text.sector, font.regular, size)
  write(pen, text.place, font.bold, size * 1.15)
  write(pen, text.price, font.regular, size)
  write(pen, text.fee, font.regular, size * 0.85)
  pen.y -= size * 0.5
  write(pen, text.order, font.regular, size * 0.85)
  write(pen, text.customer, font.regular, size * 0.85)
  write(pen, text.serial, font.bold, size)
  drawBarcode(pen, text.barcode, font.regular, size * 0.9)
}

function escapeXml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;')
}

function mm(value: number): string {
  return `${Number(value.toFixed(3))}mm`
}

function fopBarcode(digits: string): string {
  const symbol = code128(digits)
  const total = symbol.modules + 2 * QUIET_ZONE_MODULES
  const bars = symbol.bars
    .map(
      (bar) =>
        `<svg:rect x="${bar.x + QUIET_ZONE_MODULES}" y="0" width="${bar.width}" height="40"/>`,
    )
    .join('')

  return [
    '<fo:block><fo:instream-foreign-object content-width="scale-to-fit" width="100%">',
    `<svg:svg viewBox="0 0 ${total} 40" width="${total}" height="40">${bars}</svg:svg>`,
    '</fo:instream-foreign-object></fo:block>',
  ].join('')
}

/**
 * The same ticket as XSL-FO. XSL counts reference-orientation anticlockwise, so the
 * clockwise rotation is negated.
 */
export function renderTicketFop(
  order: PoligonOrder,
  ticket: PoligonTicket,
  layout: DocumentLayout,
): string {
  const text = ticketText(order, ticket)
  const [pageWidth, pageHeight] = layout.documentSize
  const [boxWidth, boxHeight] = layout.ticketSize
  const [marginX, marginY] = layout.documentMargin
  const [innerX, innerY] = layout.ticketMargin
  const orientation = (360 - normaliseRotation(layout.rotation)) % 360
  const block = (content: string, attributes = ''): string =>
    `<fo:block${attributes}>${escapeXml(content)}</fo:block>`

  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<fo:root xmlns:fo="http://www.w3.org/1999/XSL/Format" xmlns:svg="http://www.w3.org/2000/svg">',
    '<fo:layout-master-set>',
    `<fo:simple-page-master master-name="ticket" page-width="${mm(pageWidth)}"` +
      ` page-height="${mm(pageHeight)}" margin="0mm">`,
    '<fo:region-body margin="0mm"/>',
    '</fo:simple-page-master>',
    '</fo:layout-master-set>',
    '<fo:page-sequence master-reference="ticket">',
    '<fo:flow flow-name="xsl-region-body" font-family="DejaVu Sans" font-size="9pt">',
    `<fo:block-container absolute-position="absolute" left="${mm(marginX)}" top="${mm(marginY)}"` +
      ` width="${mm(boxWidth)}" height="${mm(boxHeight)}" overflow="hidden"` +
      ` reference-orientation="${orientation}">`,
    `<fo:block-container padding-left="${mm(innerX + 2)}" padding-top="${mm(innerY + 2)}">`,
    block(text.title, ' font-weight="bold" font-size="12pt"'),
    block(text.venue),
    block(text.address, ' font-size="8pt"'),
    block(text.when, ' font-weight="bold"'),
    block(text.sector, ' space-before="2mm"'),
    block(text.place, ' font-weight="bold" font-size="10pt"'),
    block(text.price),
    block(text.fee, ' font-size="8pt"'),
    block(text.order, ' space-before="2mm" font-size="8pt"'),
    block(text.customer, ' font-size="8pt"'),
    block(text.serial, ' font-weight="bold"'),
    fopBarcode(text.barcode),
    block(text.barcode, ' text-align="center" font-size="8pt"'),
    '</fo:block-container>',
    '</fo:block-container>',
    '</fo:flow>',
    '</fo:page-sequence>',
    '</fo:root>',
    '',
  ].join('\n')
}
