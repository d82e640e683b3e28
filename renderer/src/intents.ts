import type { ErrorView } from '../../contract/errors'
import { isErrorCode } from '../../contract/errors'
import type {
  KioskApi,
  LinkEventDetail,
  SessionSnapshot,
  TerminalSnapshot,
} from '../../contract/kiosk'
import { linkEvent } from '../../contract/kiosk'
import { switchLanguage } from './i18n'
import { holdingStages } from './input/catcher'
import { useSession } from './store/session'

function errorViewOf(reason: unknown): ErrorView {
  const view: unknown =
    typeof reason === 'object' && reason !== null && 'view' in reason ? reason.view : null

  if (typeof view === 'object' && view !== null && 'code' in view && isErrorCode(view.code)) {
    const detail = 'detail' in view && typeof view.detail === 'string' ? view.detail : undefined

    return detail === undefined ? { code: view.code } : { code: view.code, detail }
  }

  return { code: 'internal' }
}

export function applySnapshot(snapshot: SessionSnapshot): void {
  const current = useSession.getState().snapshot

  if (current && snapshot.seq < current.seq) return

  // a scan held for the next blank means nothing once the order is left or done
  const due = holdingStages.has(snapshot.stage)
  useSession.setState(due ? { snapshot } : { snapshot, heldScan: null, extraScan: null })
}

export function applyTerminal(terminal: TerminalSnapshot): void {
  const current = useSession.getState().terminal

  if (current && terminal.seq < current.seq) return

  // the kiosk forgot the customer: nothing of theirs stays in the store either
  const forgot = terminal.attract && !current?.attract
  useSession.setState({
    terminal,
    ...(forgot
      ? { requestError: null, operatorPrompt: false, heldScan: null, extraScan: null }
      : {}),
  })
  switchLanguage(terminal.lang)
}

// A request whose answer is the terminal (language, wake-up, PIN): a refusal is shown as an
// error, the snapshot as it comes.
export async function sendTerminal(intent: (kiosk: KioskApi) => Promise<TerminalSnapshot>) {
  useSession.setState({ requestError: null })

  try {
    applyTerminal(await intent(window.kiosk))
  } catch (reason) {
    useSession.setState({ requestError: errorViewOf(reason) })
  }
}

export function errorOf(reason: unknown): ErrorView {
  return errorViewOf(reason)
}

export function isBusy(): boolean {
  const { sending, snapshot } = useSession.getState()

  return sending || Boolean(snapshot?.activity)
}

type Intent = (kiosk: KioskApi) => Promise<SessionSnapshot>

// One intent at a time: a second tap while the first is on its way or main is busy does
// nothing. Reset is let through, as main lets it through (contract/kiosk.ts, Activity).
export async function send(intent: Intent, options: { evenIfBusy?: boolean } = {}) {
  if (isBusy() && !options.evenIfBusy) return

  useSession.setState({ sending: true, requestError: null })

  try {
    applySnapshot(await intent(window.kiosk))
  } catch (reason) {
    useSession.setState({ requestError: errorViewOf(reason) })
  } finally {
    useSession.setState({ sending: false })
  }
}

function onLink(event: Event): void {
  const detail = (event as CustomEvent<LinkEventDetail>).detail

  useSession.setState({ linkLost: !detail.up, linkRestarted: detail.restarted === true })
}

export async function connect(kiosk: KioskApi): Promise<() => void> {
  const unsubscribe = kiosk.onSessionChanged(applySnapshot)
  const unsubscribeTerminal = kiosk.onTerminalChanged?.(applyTerminal)
  window.addEventListener(linkEvent, onLink)

  try {
    const [info, snapshot, terminal] = await Promise.all([
      kiosk.getAppInfo(),
      kiosk.getSession(),
      // a shell without a terminal (a test's stand-in) is a cashier desk
      typeof kiosk.getTerminal === 'function'
        ? kiosk.getTerminal().catch(() => null)
        : Promise.resolve(null),
    ])

    switchLanguage(terminal?.lang ?? info.lang)
    useSession.setState({ info, snapshot, terminal })
  } catch (reason) {
    useSession.setState({ requestError: errorViewOf(reason) })
  }

  return () => {
    unsubscribe()
    unsubscribeTerminal?.()
    window.removeEventListener(linkEvent, onLink)
  }
}

let lastActivity = 0

// A touch that main would not hear of otherwise (a digit typed on the keypad) still tells the
// idle timer that the customer is there; at most once every few seconds.
export function reportActivity(now = Date.now()): void {
  if (now - lastActivity < 3000) return

  lastActivity = now
  if (typeof window.kiosk.reportActivity !== 'function') return
  void window.kiosk.reportActivity().then(applyTerminal, () => undefined)
}
