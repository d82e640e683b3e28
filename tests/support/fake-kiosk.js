/* global window, location */
// A stand-in for the shell's window.kiosk: a plausible order walked through every stage, so
// the renderer can be looked at without main. The query string picks the starting point:
// ?stage=blank&paid=1&training=0&lang=en&mode=kiosk&error=order-not-found&activity=printing
;(() => {
  const query = new URLSearchParams(location.search)
  const flag = (name, fallback) => (query.has(name) ? query.get(name) !== '0' : fallback)
  const stepMs = Number(query.get('delay') ?? 400)

  const info = {
    version: '0.1.0',
    mode: query.get('mode') ?? 'cashier',
    training: flag('training', true),
    lang: query.get('lang') ?? 'ru',
    timeZone: 'Europe/Moscow',
    apiHost: '127.0.0.1',
    printerName: 'pdf-folder',
    serialPattern: '^[A-Z]{2}[0-9]{6}$',
  }

  const ticket = (id, seat) => ({
    id,
    event: 'Щелкунчик. Балет П. И. Чайковского',
    venue: 'Государственный Кремлёвский дворец',
    address: 'Москва, ул. Воздвиженка, 1',
    date: Date.UTC(2025, 11, 28, 16, 0),
    sector: 'Партер',
    row: '7',
    seat,
    admission: false,
    price: 1000,
    progress: 'waiting',
    serial: null,
    spoiledSerials: [],
  })

  const order = () => ({
    id: 12097256,
    customer: 'Иванов Иван Иванович',
    paid: flag('paid', false),
    totals: (() => {
      const n = Number(query.get('tickets') ?? 2)
      return { amount: 1000 * n, comission: 100 * n, total: 1100 * n }
    })(),
    tickets: Array.from({ length: Number(query.get('tickets') ?? 2) }, (_, i) =>
      ticket(5446130 + i, String(14 + i)),
    ),
  })

  let snapshot = {
    stage: 'start',
    activity: null,
    order: null,
    currentTicketId: null,
    currentSerial: null,
    error: null,
    notice: null,
  }
  const listeners = new Set()

  const set = (patch) => {
    snapshot = { ...snapshot, ...patch }
    for (const listener of listeners) listener(snapshot)
    return snapshot
  }

  const later = (ms, patch) => new Promise((done) => window.setTimeout(() => done(set(patch)), ms))

  const tickets = () => snapshot.order?.tickets ?? []

  const nextTicket = () => tickets().find((t) => t.progress !== 'printed') ?? null

  const withTicket = (id, patch) => ({
    ...snapshot.order,
    tickets: tickets().map((t) => (t.id === id ? { ...t, ...patch } : t)),
  })

  const startStage = query.get('stage') ?? 'start'
  if (startStage !== 'start') {
    const o = order()
    if (startStage === 'check' || startStage === 'done' || startStage === 'recovery') o.paid = true
    if (startStage === 'done') {
      o.tickets = o.tickets.map((t, i) => ({
        ...t,
        progress: 'printed',
        serial: `AA00550${i + 1}`,
      }))
    }
    if (startStage === 'recovery') {
      o.tickets[0] = { ...o.tickets[0], progress: 'printed', serial: 'AA005501' }
    }
    if (startStage === 'check') o.tickets[0] = { ...o.tickets[0], progress: 'printing' }
    snapshot = {
      ...snapshot,
      stage: startStage,
      order: o,
      currentTicketId: ['blank', 'check'].includes(startStage) ? o.tickets[0].id : null,
      currentSerial: startStage === 'check' ? 'AA005501' : null,
    }
  }
  if (query.has('activity')) snapshot.activity = query.get('activity')
  if (query.has('activity') && !snapshot.currentSerial) snapshot.currentSerial = 'AA005501'
  if (query.has('error')) snapshot.error = { code: query.get('error') }
  if (query.get('notice') === 'spoiled')
    snapshot.notice = { kind: 'blank-spoiled', serial: 'AA005500' }
  if (query.get('notice') === 'paid') snapshot.notice = { kind: 'payment-accepted', amount: 2200 }

  const calls = []
  window.__kioskCalls = calls

  const call = (name, handler) => async (args) => {
    calls.push({ name, args })
    await new Promise((done) => window.setTimeout(done, 50))
    return handler(args)
  }

  window.kiosk = {
    getAppInfo: async () => info,
    getSession: async () => snapshot,
    lookUpOrder: call('lookUpOrder', async ({ orderId, pincode }) => {
      set({ activity: 'looking-up', error: null, notice: null })
      if (orderId !== '12097256' || pincode.length === 0) {
        return later(stepMs, { activity: null, error: { code: 'order-not-found' } })
      }
      return later(stepMs, { activity: null, stage: 'summary', order: order() })
    }),
    beginPayment: call('beginPayment', async () => set({ stage: 'payment', notice: null })),
    cancelPayment: call('cancelPayment', async () => set({ stage: 'summary' })),
    confirmPayment: call('confirmPayment', async ({ received }) => {
      if (received < snapshot.order.totals.total) return set({ error: { code: 'amount-short' } })
      set({ activity: 'accepting-payment', error: null })
      return later(stepMs, {
        activity: null,
        stage: 'summary',
        order: { ...snapshot.order, paid: true },
        notice: { kind: 'payment-accepted', amount: snapshot.order.totals.total },
      })
    }),
    beginPrinting: call('beginPrinting', async () =>
      set({ stage: 'blank', currentTicketId: nextTicket()?.id ?? null, notice: null }),
    ),
    enterBlank: call('enterBlank', async ({ serial }) => {
      const id = snapshot.currentTicketId
      set({ activity: 'assigning-blank', currentSerial: serial, error: null, notice: null })
      await later(stepMs, {
        activity: 'downloading',
        order: withTicket(id, { progress: 'printing' }),
      })
      await later(stepMs, { activity: 'printing' })
      return later(stepMs, { activity: null, stage: 'check' })
    }),
    confirmPrinted: call('confirmPrinted', async () => {
      const id = snapshot.currentTicketId
      set({ order: withTicket(id, { progress: 'printed', serial: snapshot.currentSerial }) })
      const next = nextTicket()
      return set(
        next
          ? { stage: 'blank', currentTicketId: next.id, currentSerial: null, notice: null }
          : { stage: 'done', currentTicketId: null, currentSerial: null, notice: null },
      )
    }),
    reportSpoiled: call('reportSpoiled', async () => {
      const id = snapshot.currentTicketId
      const spoiled = snapshot.currentSerial
      const old = tickets().find((t) => t.id === id)
      set({ activity: 'marking-defect' })
      return later(stepMs, {
        activity: null,
        stage: 'blank',
        currentSerial: null,
        order: withTicket(id, {
          progress: 'waiting',
          spoiledSerials: [...(old?.spoiledSerials ?? []), spoiled],
        }),
        notice: { kind: 'blank-spoiled', serial: spoiled },
      })
    }),
    resumeSession: call('resumeSession', async () =>
      set({ stage: 'blank', currentTicketId: nextTicket()?.id ?? null }),
    ),
    resetSession: call('resetSession', async () =>
      set({
        stage: 'start',
        activity: null,
        order: null,
        currentTicketId: null,
        currentSerial: null,
        error: null,
        notice: null,
      }),
    ),
    onSessionChanged(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
})()
