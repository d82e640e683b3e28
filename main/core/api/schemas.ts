import { z } from 'zod'

// What the partner API sends, checked at runtime: an answer that does not fit is refused as a
// whole rather than half-used. Unknown fields are dropped; fields the docs show but we do not
// need are optional so that a leaner answer from production still passes.

// roubles as JSON numbers, kopecks allowed; never negative, never a string
const money = z.number().finite().nonnegative()

const id = z.number().int().positive()

// row and seat come as strings or numbers; the screens want text or nothing
const place = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((value) =>
    value === null || value === undefined || value === '' ? null : String(value),
  )

export const envelopeSchema = z.object({
  code: z.number().int(),
  message: z.unknown(),
  ts: z.number().optional(),
})

export const blankSchema = z.object({
  seria: z.string(),
  number: z.number().int().nonnegative(),
  number_str: z.string(),
  defect: z.boolean(),
})

const venueSchema = z.object({
  id: z.number().int(),
  title: z.string(),
  address: z.string().nullish(),
})

const subeventSchema = z.object({
  id: z.number().int(),
  title: z.string(),
  date: z.number().int(),
  age: z.union([z.number(), z.string()]).nullish(),
  venue: venueSchema,
})

export const ticketSchema = z.object({
  id,
  barcode: z.union([z.string(), z.number()]).nullish(),
  price: money,
  commission: money.nullish(),
  row: place,
  seat: place,
  admission: z.boolean().nullish(),
  sector: z.object({ id: z.number().int(), title: z.string() }).nullish(),
  subevent: subeventSchema,
  blank: blankSchema.nullish(),
  token: z.string().nullish(),
  print_token: z.string().nullish(),
  uuid: z.string().nullish(),
})

export const totalsSchema = z.object({
  amount: money,
  comission: money,
  total: money,
})

export const orderSchema = z.object({
  id,
  name: z.string().nullish(),
  status: z.number().int().nullish(),
  date: z.number().nullish(),
  paid: z.boolean(),
  tickets: z.array(ticketSchema),
  totals: totalsSchema,
})

export const assignAnswerSchema = z
  .object({
    token: z.string().nullish(),
    link: z.string().nullish(),
    url: z.string().nullish(),
  })
  .nullish()

export type ApiOrder = z.infer<typeof orderSchema>
export type ApiTicket = z.infer<typeof ticketSchema>
export type ApiBlank = z.infer<typeof blankSchema>
export type AssignAnswer = z.infer<typeof assignAnswerSchema>

// The serial of the good blank a ticket is printed on, as it was sent: seria + number_str.
export function goodSerial(ticket: ApiTicket): string | null {
  const blank = ticket.blank

  return blank && !blank.defect ? `${blank.seria}${blank.number_str}` : null
}
