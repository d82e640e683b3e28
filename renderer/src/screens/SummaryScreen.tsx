import { useTranslation } from '../i18n'
import type { AppInfo, OrderView, SessionSnapshot } from '../../../contract/kiosk'
import { Screen } from '../components/Screen'
import { TicketTable } from '../components/Tickets'
import { formatMoney } from '../format'
import { useBusy } from '../hooks'
import { send } from '../intents'

interface StageProps {
  info: AppInfo
  snapshot: SessionSnapshot
}

export function SummaryScreen({ info, snapshot }: StageProps) {
  const { t } = useTranslation()
  const busy = useBusy()
  const order = snapshot.order
  const allPrinted = order !== null && order.tickets.every((t) => t.progress === 'printed')

  return (
    <Screen stage="summary" info={info} snapshot={snapshot}>
      {order && (
        <div className="summary-layout">
          <OrderHeading order={order} />
          <TicketTable tickets={order.tickets} info={info} />
          <Totals order={order} info={info} />
        </div>
      )}
      <div className="actions actions-bar">
        <button
          type="button"
          data-testid="cancel-button"
          className="button button-secondary"
          disabled={busy && !snapshot.activity}
          onClick={() => void send((kiosk) => kiosk.resetSession(), { evenIfBusy: true })}
        >
          {t('summary.cancel')}
        </button>
        {order && !order.paid && info.mode === 'kiosk' && (
          <p data-testid="pay-at-desk" className="hint hint-strong pay-at-desk" role="alert">
            {t('summary.payAtDesk')}
          </p>
        )}
        {order && !order.paid && info.mode === 'cashier' && (
          <button
            type="button"
            data-testid="pay-button"
            className="button button-primary"
            disabled={busy}
            onClick={() => void send((kiosk) => kiosk.beginPayment())}
          >
            {t('summary.pay')}
          </button>
        )}
        {order?.paid && allPrinted && (
          <p data-testid="all-printed" className="hint">
            {t('summary.allPrinted')}
          </p>
        )}
        {order?.paid && !allPrinted && (
          <button
            type="button"
            data-testid="print-button"
            className="button button-primary"
            disabled={busy}
            onClick={() => void send((kiosk) => kiosk.beginPrinting())}
          >
            {info.mode === 'kiosk' ? t('kiosk.print') : t('summary.print')}
          </button>
        )}
      </div>
    </Screen>
  )
}

export function OrderHeading({ order }: { order: OrderView }) {
  const { t } = useTranslation()

  return (
    <div className="order-heading">
      <div>
        <div className="label">{t('order.customer')}</div>
        <div data-testid="summary-customer" className="customer">
          {order.customer}
        </div>
      </div>
      <div data-testid="summary-order" className="order-id">
        {t('order.number', { id: order.id })}
      </div>
      <span
        data-testid="paid-badge"
        data-paid={order.paid}
        className={`badge ${order.paid ? 'badge-paid' : 'badge-unpaid'}`}
      >
        {order.paid ? t('order.paid') : t('order.unpaid')}
      </span>
    </div>
  )
}

function Totals({ order, info }: { order: OrderView; info: AppInfo }) {
  const { t } = useTranslation()
  const { amount, comission, total } = order.totals

  return (
    <dl className="totals">
      <div>
        <dt>{t('order.amount')}</dt>
        <dd data-testid="summary-amount">{formatMoney(amount, info.lang)}</dd>
      </div>
      <div>
        <dt>{t('order.comission')}</dt>
        <dd data-testid="summary-comission">{formatMoney(comission, info.lang)}</dd>
      </div>
      <div className="totals-total">
        <dt>{t('order.total')}</dt>
        <dd data-testid="summary-total">{formatMoney(total, info.lang)}</dd>
      </div>
    </dl>
  )
}
