import type { ErrorView } from '../../contract/errors'
import { isErrorCode } from '../../contract/errors'
import type { KioskApi, SessionSnapshot } from '../../contract/kiosk'
import { switchLanguage } from './i18n'
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

  useSession.setState({ snapshot })
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

export async function connect(kiosk: KioskApi): Promise<() => void> {
  const unsubscribe = kiosk.onSessionChanged(applySnapshot)

  try {
    const [info, snapshot] = await Promise.all([kiosk.getAppInfo(), kiosk.getSession()])

    await switchLanguage(info.lang)
    useSession.setState({ info, snapshot })
  } catch (reason) {
    useSession.setState({ requestError: errorViewOf(reason) })
  }

  return unsubscribe
}
