// Every failure the operator can meet has a literal code; describeError is the one place that
// turns a code into words, so the screens, the CLI and the logs all say the same thing.

export type ErrorCode =
  | 'order-not-found'
  | 'access-denied'
  | 'order-wrong-state'
  | 'api-rejected'
  | 'api-timeout'
  | 'api-unreachable'
  | 'api-http-status'
  | 'api-bad-answer'
  | 'outcome-unknown'
  | 'serial-invalid'
  | 'serial-rejected'
  | 'amount-short'
  | 'nothing-to-print'
  | 'document-invalid'
  | 'document-gone'
  | 'printer-unavailable'
  | 'printer-failed'
  | 'settings-invalid'
  // another run of the app has this data folder
  | 'data-in-use'
  // one field of the service screen's settings form; detail: the field (SettingsChange's key)
  | 'setting-invalid'
  | 'request-invalid'
  // the CLI's --serials ran out (refused or spoiled blanks took some) with tickets left
  | 'serials-used-up'
  | 'wrong-stage'
  | 'pay-at-desk'
  | 'stock-empty'
  | 'stock-invalid'
  | 'out-of-service'
  | 'service-pin-wrong'
  | 'service-locked-out'
  | 'service-closed'
  | 'internal'

export type Lang = 'ru' | 'en'

export interface ErrorView {
  code: ErrorCode
  // Text from the API or the printer, shown as it came: the API writes it for people.
  detail?: string
}

type Texts = Record<ErrorCode, { ru: string; en: string }>

const texts: Texts = {
  'order-not-found': {
    ru: 'Заказ не найден. Проверьте номер заказа и пинкод.',
    en: 'Order not found. Check the order number and the pincode.',
  },
  'access-denied': {
    ru: 'Сервер не принял ключ партнёра. Обратитесь к администратору кассы.',
    en: 'The server refused the partner key. Call the box-office administrator.',
  },
  'order-wrong-state': {
    ru: 'Заказ сейчас нельзя изменить: он уже оплачен, напечатан или отменён.',
    en: 'The order cannot be changed now: it is already paid, printed or cancelled.',
  },
  'api-rejected': {
    ru: 'Сервер отклонил операцию.',
    en: 'The server refused the operation.',
  },
  'api-timeout': {
    ru: 'Сервер не ответил вовремя. Повторите через минуту.',
    en: 'The server did not answer in time. Try again in a minute.',
  },
  'api-unreachable': {
    ru: 'Нет связи с сервером билетов. Проверьте сеть и повторите.',
    en: 'The ticket server cannot be reached. Check the network and try again.',
  },
  'api-http-status': {
    ru: 'Сервер билетов ответил ошибкой. Повторите через минуту.',
    en: 'The ticket server answered with an error. Try again in a minute.',
  },
  'api-bad-answer': {
    ru: 'Сервер прислал непонятный ответ. Повторите; если не поможет — позовите администратора.',
    en: 'The server sent an answer we cannot read. Try again, then call the administrator.',
  },
  'outcome-unknown': {
    ru: 'Ответ сервера потерялся; заказ перечитан. Проверьте состояние и продолжите.',
    en: 'The server’s answer was lost; the order was read again. Check it and go on.',
  },
  'serial-invalid': {
    ru: 'Это не номер бланка. Отсканируйте штрихкод бланка ещё раз.',
    en: 'That is not a blank serial. Scan the blank’s barcode again.',
  },
  'serial-rejected': {
    ru:
      'Сервер не принял этот бланк. Сверьте номер с бланком; если он верен, ' +
      'возьмите следующий бланк и отсканируйте его.',
    en:
      'The server refused this blank. Check the serial against the blank; if it is right, ' +
      'take the next blank and scan it.',
  },
  'amount-short': {
    ru: 'Получено меньше, чем нужно оплатить.',
    en: 'The amount received is less than the amount due.',
  },
  'nothing-to-print': {
    ru: 'Все билеты этого заказа уже напечатаны.',
    en: 'Every ticket of this order is already printed.',
  },
  'document-invalid': {
    ru: 'Сервер прислал повреждённый билет. Бланк будет списан как испорченный.',
    en: 'The server sent a damaged ticket document. The blank will be written off.',
  },
  'document-gone': {
    ru:
      'Билет уже был выдан и повторно не скачивается. ' +
      'Пометьте бланк испорченным и возьмите новый.',
    en: 'This ticket was already downloaded once. Mark the blank spoiled and use a new one.',
  },
  'printer-unavailable': {
    ru: 'Принтер билетов не готов. Проверьте принтер; бланк не списан.',
    en: 'The ticket printer is not ready. Check it; no blank was used.',
  },
  'printer-failed': {
    ru: 'Печать не удалась. Бланк списан как испорченный, вставьте следующий.',
    en: 'Printing failed. The blank was written off; load the next one.',
  },
  'settings-invalid': {
    ru:
      'Файл настроек содержит ошибку. ' +
      'Исправьте его или удалите, чтобы вернуть значения по умолчанию.',
    en: 'The settings file has an error. Fix it, or delete it to return to the defaults.',
  },
  'setting-invalid': {
    ru: 'Настройка не сохранена: значение не подходит.',
    en: 'The setting was not saved: the value does not fit.',
  },
  'data-in-use': {
    ru:
      'Программа уже запущена с этой папкой данных. Закройте ту программу ' +
      'или запустите эту с другой папкой.',
    en: 'The app is already running with this data folder. Close it, or use another folder.',
  },
  'request-invalid': {
    ru: 'Неверные данные запроса.',
    en: 'The request data is not valid.',
  },
  'serials-used-up': {
    ru:
      'Серии из --serials закончились, а билеты без бланка остались: часть бланков ' +
      'отклонена или испорчена. Запустите печать снова с новыми сериями.',
    en:
      '--serials ran out with tickets still without a blank: some blanks were refused or ' +
      'spoiled. Run the print again with new serials.',
  },
  'wrong-stage': {
    ru: 'Это действие сейчас недоступно.',
    en: 'That action is not available now.',
  },
  'pay-at-desk': {
    ru: 'Заказ не оплачен. Оплатите его в кассе, затем получите билеты здесь.',
    en: 'This order is not paid. Pay at the box office, then collect the tickets here.',
  },
  'stock-empty': {
    ru: 'В киоске закончились бланки. Обратитесь в кассу.',
    en: 'The kiosk has run out of blanks. Please go to the box office.',
  },
  'stock-invalid': {
    ru:
      'Пачка не принята: проверьте номер первого бланка и количество ' +
      '(от 1 до 10 000 бланков, все с номерами одной серии).',
    en:
      'The stack was not accepted: check the first blank’s serial and the count ' +
      '(1 to 10,000 blanks, all numbered in one series).',
  },
  'out-of-service': {
    ru: 'Киоск временно не работает. Обратитесь в кассу.',
    en: 'The kiosk is out of service for now. Please go to the box office.',
  },
  'service-pin-wrong': {
    ru: 'Неверный PIN оператора.',
    en: 'Wrong operator PIN.',
  },
  'service-locked-out': {
    ru: 'Слишком много неверных PIN. Вход закрыт на время.',
    en: 'Too many wrong PINs. Entry is locked for a while.',
  },
  'service-closed': {
    ru: 'Сервисный экран закрыт. Введите PIN оператора.',
    en: 'The service screen is closed. Enter the operator PIN.',
  },
  internal: {
    ru: 'Внутренняя ошибка программы. Начните заново; если повторится — позовите администратора.',
    en: 'Internal error. Start again; if it repeats, call the administrator.',
  },
}

// A kiosk's customer has no blanks in hand and nothing to scan: where the cashier's words
// tell them to handle a blank, the customer is told what happens and where to go instead.
// The server's own text (detail) is for staff, so a customer does not see it either.
const customerTexts: Partial<Texts> = {
  'printer-failed': {
    ru:
      'Билет не напечатался. Нажмите «Попробовать ещё раз» — ' +
      'он напечатается на следующем бланке.',
    en: 'The ticket did not print. Tap “Try again” and it prints on the next blank.',
  },
  'serial-rejected': {
    ru: 'Киоск не может напечатать билеты сейчас. Получите их в кассе.',
    en: 'The kiosk cannot print your tickets now. Please collect them at the box office.',
  },
}

export type Audience = 'cashier' | 'customer'

export function describeError(
  error: ErrorView,
  lang: Lang,
  audience: Audience = 'cashier',
): string {
  const forCustomer = audience === 'customer' ? customerTexts[error.code] : undefined
  if (forCustomer) return forCustomer[lang]

  const text = texts[error.code][lang]

  return error.detail && !internalDetail.has(error.code) ? `${text} (${error.detail})` : text
}

// Details that are the app's own English notes (what was wrong with a PDF, which rule a serial
// broke): the log and the journal keep them, the operator's words stand without them.
const internalDetail: ReadonlySet<ErrorCode> = new Set([
  'document-invalid',
  'serial-invalid',
  'stock-invalid',
])

// Before the settings are read nobody knows the operator's language: both, Russian first.
export function describeErrorInBoth(error: ErrorView): string {
  const plain = { code: error.code }
  const both = `${describeError(plain, 'ru')} / ${describeError(plain, 'en')}`

  return error.detail && !internalDetail.has(error.code) ? `${both} (${error.detail})` : both
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(texts, value)
}
