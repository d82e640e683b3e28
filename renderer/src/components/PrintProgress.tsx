import { useTranslation } from '../i18n'
import type { Activity } from '../../../contract/kiosk'

const steps = ['assigning-blank', 'downloading', 'printing'] as const

type PrintStep = (typeof steps)[number]

export function isPrintStep(activity: Activity | null): activity is PrintStep {
  return (steps as readonly (Activity | null)[]).includes(activity)
}

interface PrintProgressProps {
  activity: PrintStep
  serial: string | null
  ticketLabel: string
}

export function PrintProgress({ activity, serial, ticketLabel }: PrintProgressProps) {
  const { t } = useTranslation()
  const current = steps.indexOf(activity)

  return (
    <section data-testid="print-progress" data-activity={activity} className="print-progress">
      <h1 className="print-progress-ticket">
        <span className="spinner spinner-large" aria-hidden="true" />
        {ticketLabel}
        {serial && <span className="serial">{serial}</span>}
      </h1>
      <ol className="steps">
        {steps.map((step, index) => (
          <li
            key={step}
            data-testid="progress-step"
            data-state={index < current ? 'done' : index === current ? 'current' : 'waiting'}
          >
            {t(`blank.steps.${step}`)}
          </li>
        ))}
      </ol>
    </section>
  )
}
