import type { PoligonBlank, PoligonOrder, PoligonSubevent, PoligonTicket } from './types'

/** On the polygon this pincode opens every order (print.md); production ignores it. */
export const POLYGON_PINCODE = '9876'

/** Status of an order that waits for its money, as in the operator's example. */
export const STATUS_AWAITING_PAYMENT = 2

/**
 * Status after payments/accept. The docs never name the paid status: 3 is our pick, and
 * clients must decide from `paid`, never from this number.
 */
export const STATUS_PAID = 3

export interface SeedOrder {
  id: number
  pincode: string
  /** The user session the order was made in (get_order, get_current_order); never served. */
  userSession: string | null
  note: string
  order: PoligonOrder
}

function moscow(year: number, month: number, day: number, hour: number, minute = 0): number {
  // Moscow has kept UTC+3 all year since 2014.
  return Date.UTC(year, month - 1, day, hour - 3, minute)
}

const venues = {
  bolshoi: { id: 101, title: 'Большой театр', address: 'Театральная площадь, 1, Москва' },
  mkhat: {
    id: 102,
    title: 'МХТ им. Чехова',
    address: 'Камергерский переулок, 3, Москва',
  },
  tonn: {
    id: 103,
    title: 'Клуб «16 тонн»',
    address: 'ул. Пресненский Вал, 6, стр. 1, Москва',
  },
  sovremennik: {
    id: 104,
    title: 'Театр «Современник»',
    address: 'Чистопрудный бульвар, 19А, Москва',
  },
  maly: { id: 105, title: 'Малый театр', address: 'Театральная площадь, 1/6, Москва' },
  tchaikovsky: {
    id: 106,
    title: 'Концертный зал им. П. И. Чайковского',
    address: 'Триумфальная площадь, 4/31, Москва',
  },
}

const subevents = {
  nutcracker: {
    id: 70001,
    title: 'Щелкунчик',
    date: moscow(2027, 1, 5, 19),
    age: 6,
    venue: venues.bolshoi,
  },
  master: {
    id: 70002,
    title: 'Мастер и Маргарита',
    date: moscow(2027, 2, 14, 19, 30),
    age: 16,
    venue: venues.mkhat,
  },
  jazz: {
    id: 70003,
    title: 'Джазовый вечер: квартет Игоря Бутмана',
    date: moscow(2027, 3, 8, 20),
    age: 18,
    venue: venues.tonn,
  },
  swanLake: {
    id: 70004,
    title: 'Лебединое озеро',
    date: moscow(2027, 4, 10, 19),
    age: 6,
    venue: venues.bolshoi,
  },
  cherryOrchard: {
    id: 70005,
    title: 'Вишнёвый сад',
    date: moscow(2027, 4, 17, 19),
    age: 12,
    venue: venues.sovremennik,
  },
  inspector: {
    id: 70006,
    title: 'Ревизор',
    date: moscow(2027, 2, 20, 18),
    age: 12,
    venue: venues.maly,
  },
  symphony: {
    id: 70007,
    title: 'Симфонический оркестр: Чайковский, Рахманинов',
    date: moscow(2027, 5, 22, 19),
    age: 0,
    venue: venues.tchaikovsky,
  },
  threeSisters: {
    id: 70008,
    title: 'Три сестры',
    date: moscow(2027, 3, 3, 19),
    age: 16,
    venue: venues.mkhat,
  },
} satisfies Record<string, PoligonSubevent>

function eanCheckDigit(digits: string): number {
  let sum = 0
  for (let i = 0; i < digits.length; i++) {
    sum += Number(digits[i]) * (i % 2 === 0 ? 1 : 3)
  }
  return (10 - (sum % 10)) % 10
}

function barcodeFor(ticketId: number, position: number): string {
  const body = `29${ticketId}${String(position).padStart(3, '0')}`
  return `${body}${eanCheckDigit(body)}`
}

interface TicketPlan {
  subevent: PoligonSubevent
  sector: { id: number; title: string }
  price: number
  commission: number
  place?: { row: string; seat: string }
  blank?: PoligonBlank
  token?: string
}

function ticket(id: number, position: number, plan: TicketPlan): PoligonTicket {
  return {
    id,
    barcode: barcodeFor(id, position),
    price: plan.price,
    commission: plan.commission,
    row: plan.place?.row ?? null,
    seat: plan.place?.seat ?? null,
    admission: plan.place === undefined,
    sector: plan.sector,
    subevent: plan.subevent,
    blank: plan.blank ?? null,
    token: plan.token ?? null,
  }
}

function tickets(firstId: number, plans: TicketPlan[]): PoligonTicket[] {
  return plans.map((plan, index) => ticket(firstId + index, index + 1, plan))
}

interface OrderPlan {
  id: number
  name: string
  paid: boolean
  date: number
  tickets: PoligonTicket[]
  /** The stale or discounted top-level amount; totals.total when absent. */
  amount?: number
  isMine?: boolean
}

function order(plan: OrderPlan): PoligonOrder {
  // Sums in whole kopecks, so that 3 × 1499.5 does not drift in floating point.
  const kopecks = (value: number): number => Math.round(value * 100)
  const amount = plan.tickets.reduce((sum, t) => sum + kopecks(t.price), 0) / 100
  const comission = plan.tickets.reduce((sum, t) => sum + kopecks(t.commission), 0) / 100
  const total = (kopecks(amount) + kopecks(comission)) / 100

  return {
    id: plan.id,
    name: plan.name,
    status: plan.paid ? STATUS_PAID : STATUS_AWAITING_PAYMENT,
    date: plan.date,
    subevents: [],
    amount: plan.amount ?? total,
    epay: true,
    frontend_id: 216,
    eticket: false,
    paid: plan.paid,
    tickets: plan.tickets,
    totals: { amount, comission, total },
    is_mine: plan.isMine ?? false,
    formulaOrder: false,
  }
}

const parterre = { id: 9001, title: 'Партер' }
const amphitheatre = { id: 9002, title: 'Амфитеатр' }
const balcony = { id: 9003, title: 'Балкон 1 ярус' }
const danceFloor = { id: 9004, title: 'Танцпартер' }

function seated(
  subevent: PoligonSubevent,
  sector: { id: number; title: string },
  price: number,
  commission: number,
  row: number,
  seat: number,
): TicketPlan {
  return { subevent, sector, price, commission, place: { row: String(row), seat: String(seat) } }
}

function twentySeats(): TicketPlan[] {
  return Array.from({ length: 20 }, (_, i) =>
    seated(subevents.symphony, amphitheatre, 1800, 180, 7 + Math.floor(i / 10), (i % 10) + 1),
  )
}

function printedBlank(number: number): PoligonBlank {
  const numberStr = String(number).padStart(6, '0')
  return { seria: 'AB', number, number_str: numberStr, defect: false }
}

const seeds: SeedOrder[] = [
  {
    id: 12097256,
    pincode: '4831',
    userSession: null,
    note: 'the operator documented example: unpaid, 2 seats of 1000 + 100',
    order: order({
      id: 12097256,
      name: 'Иванов Иван Иванович',
      paid: false,
      date: moscow(2026, 12, 1, 12, 14),
      tickets: [
        seated(subevents.nutcracker, parterre, 1000, 100, 5, 12),
        seated(subevents.nutcracker, parterre, 1000, 100, 5, 13),
      ].map((plan, index) => ticket(5446130 + index, index + 1, plan)),
    }),
  },
  {
    id: 12100001,
    pincode: '5120',
    userSession: 'us-demo-2',
    note: 'paid, 2 seats; top-level amount carries a stale discount',
    order: order({
      id: 12100001,
      name: 'Петрова Анна Сергеевна',
      paid: true,
      date: moscow(2026, 12, 2, 10, 5),
      amount: 8910,
      isMine: true,
      tickets: tickets(5500101, [
        seated(subevents.master, parterre, 4500, 450, 3, 7),
        seated(subevents.master, parterre, 4500, 450, 3, 8),
      ]),
    }),
  },
  {
    id: 12100002,
    pincode: '7311',
    userSession: 'us-demo-1',
    note: 'unpaid, 3 admission tickets with kopecks; top-level amount lacks the fee',
    order: order({
      id: 12100002,
      name: 'Смирнов Алексей Петрович',
      paid: false,
      date: moscow(2026, 12, 3, 18, 40),
      amount: 4498.5,
      isMine: true,
      tickets: tickets(
        5500201,
        Array.from({ length: 3 }, () => ({
          subevent: subevents.jazz,
          sector: danceFloor,
          price: 1499.5,
          commission: 150,
        })),
      ),
    }),
  },
  {
    id: 12100003,
    pincode: '2604',
    userSession: null,
    note: 'paid, two events at two venues',
    order: order({
      id: 12100003,
      name: 'Кузнецова Мария Дмитриевна',
      paid: true,
      date: moscow(2026, 12, 4, 9, 30),
      tickets: tickets(5500301, [
        seated(subevents.swanLake, balcony, 3000, 300, 2, 15),
        seated(subevents.swanLake, balcony, 3000, 300, 2, 16),
        seated(subevents.cherryOrchard, parterre, 2500, 250, 10, 4),
      ]),
    }),
  },
  {
    id: 12100004,
    pincode: '1357',
    userSession: null,
    note: 'paid and fully printed on AB000001, AB000002',
    order: order({
      id: 12100004,
      name: 'Соколов Дмитрий Андреевич',
      paid: true,
      date: moscow(2026, 12, 5, 14, 0),
      tickets: tickets(5500401, [
        {
          ...seated(subevents.inspector, parterre, 2000, 200, 6, 1),
          blank: printedBlank(1),
          token: '3f0c6a52-8b1e-4c8e-9d4a-5b2f7e1a9c01',
        },
        {
          ...seated(subevents.inspector, parterre, 2000, 200, 6, 2),
          blank: printedBlank(2),
          token: '3f0c6a52-8b1e-4c8e-9d4a-5b2f7e1a9c02',
        },
      ]),
    }),
  },
  {
    id: 12100020,
    pincode: '9020',
    userSession: null,
    note: 'paid, 20 seats (two rows of ten); top-level amount lacks the fee',
    order: order({
      id: 12100020,
      name: 'Общество любителей музыки «Камертон»',
      paid: true,
      date: moscow(2026, 12, 6, 11, 20),
      amount: 36000,
      tickets: tickets(5502001, twentySeats()),
    }),
  },
  {
    id: 12100005,
    pincode: '2468',
    userSession: 'us-demo-1',
    note: 'unpaid, 1 seat; the current order of us-demo-1',
    order: order({
      id: 12100005,
      name: 'Васильева Елена Игоревна',
      paid: false,
      date: moscow(2026, 12, 7, 16, 45),
      isMine: true,
      tickets: tickets(5500501, [seated(subevents.threeSisters, amphitheatre, 3500, 350, 4, 21)]),
    }),
  },
]

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner)
    Object.freeze(value)
  }
  return value
}

/**
 * The orders every run starts from. Frozen: the store works on copies, and other code
 * (tests, the e2e suite) reads ids, pincodes and ticket ids from here.
 */
export const seedOrders: readonly SeedOrder[] = deepFreeze(seeds)
