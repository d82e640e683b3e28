import { create } from 'zustand'
import type { ErrorView } from '../../../contract/errors'
import type { AppInfo, SessionSnapshot } from '../../../contract/kiosk'

export interface SessionState {
  info: AppInfo | null
  snapshot: SessionSnapshot | null
  // an intent is on its way to main; main's own activity arrives with the next snapshot
  sending: boolean
  // a request that failed before main could answer with a snapshot (transport, validation)
  requestError: ErrorView | null
}

const initial: SessionState = {
  info: null,
  snapshot: null,
  sending: false,
  requestError: null,
}

export const useSession = create<SessionState>()(() => initial)

export function resetSessionStore(): void {
  useSession.setState(initial, true)
}
