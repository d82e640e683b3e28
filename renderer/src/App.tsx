import { lazy, Suspense, useEffect } from 'react'
import type { AppInfo } from '../../contract/kiosk'
import { LinkLost } from './components/LinkLost'
import { Loading } from './components/Screen'
import { reportActivity } from './intents'
import { AttractScreen } from './screens/AttractScreen'
import { BlankScreen } from './screens/BlankScreen'
import { CheckScreen } from './screens/CheckScreen'
import { DoneScreen } from './screens/DoneScreen'
import { OutOfServiceScreen } from './screens/OutOfServiceScreen'
import { PaymentScreen } from './screens/PaymentScreen'
import { PinScreen } from './screens/PinScreen'
import { RecoveryScreen } from './screens/RecoveryScreen'
import { StartScreen } from './screens/StartScreen'
import { SummaryScreen } from './screens/SummaryScreen'
import { useSession } from './store/session'

// the operator's screen is the largest and the rarest: it is not read before the first screen
const ServiceScreen = lazy(() =>
  import('./screens/ServiceScreen').then((module) => ({ default: module.ServiceScreen })),
)

const screens = {
  start: StartScreen,
  summary: SummaryScreen,
  payment: PaymentScreen,
  blank: BlankScreen,
  check: CheckScreen,
  done: DoneScreen,
  recovery: RecoveryScreen,
}

export function App() {
  const linkLost = useSession((s) => s.linkLost)

  return (
    <>
      <Screens />
      {linkLost && <LinkLost />}
    </>
  )
}

function Screens() {
  const appInfo = useSession((s) => s.info)
  const snapshot = useSession((s) => s.snapshot)
  const terminal = useSession((s) => s.terminal)
  const operatorPrompt = useSession((s) => s.operatorPrompt)
  const kiosk = terminal?.mode === 'kiosk'

  useEffect(() => {
    if (!kiosk) return

    const touched = () => reportActivity()
    window.addEventListener('pointerdown', touched)
    return () => window.removeEventListener('pointerdown', touched)
  }, [kiosk])

  if (!appInfo || !snapshot) return <Loading lang={appInfo?.lang ?? 'ru'} />

  // the customer may have switched the language; every screen speaks the terminal's
  const info: AppInfo = { ...appInfo, lang: terminal?.lang ?? appInfo.lang }
  const between = snapshot.stage === 'start' || snapshot.stage === 'recovery'

  // at a kiosk an interrupted session is the operator's first task once the PIN is in
  if (kiosk && terminal.service.open && snapshot.stage === 'recovery') {
    return <RecoveryScreen info={info} snapshot={snapshot} />
  }

  if (terminal?.service.open) {
    return (
      <Suspense fallback={<Loading lang={info.lang} />}>
        <ServiceScreen info={info} terminal={terminal} />
      </Suspense>
    )
  }

  if (operatorPrompt) return <PinScreen info={info} terminal={terminal} />

  if (kiosk && between && terminal.outOfService) {
    return <OutOfServiceScreen info={info} cause={terminal.outOfService} />
  }

  if (kiosk && between && terminal.attract) return <AttractScreen info={info} />

  const StageScreen = screens[snapshot.stage]

  return <StageScreen info={info} snapshot={snapshot} />
}
