import { Loading } from './components/Screen'
import { BlankScreen } from './screens/BlankScreen'
import { CheckScreen } from './screens/CheckScreen'
import { DoneScreen } from './screens/DoneScreen'
import { PaymentScreen } from './screens/PaymentScreen'
import { RecoveryScreen } from './screens/RecoveryScreen'
import { StartScreen } from './screens/StartScreen'
import { SummaryScreen } from './screens/SummaryScreen'
import { useSession } from './store/session'

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
  const info = useSession((s) => s.info)
  const snapshot = useSession((s) => s.snapshot)

  if (!info || !snapshot) return <Loading lang={info?.lang ?? 'ru'} />

  const StageScreen = screens[snapshot.stage]

  return <StageScreen info={info} snapshot={snapshot} />
}
