import { create } from 'zustand'
import type { ErrorView } from '../../../contract/errors'
import type { AppInfo, SessionSnapshot, TerminalSnapshot } from '../../../contract/kiosk'
import type { SerialEntry } from '../input/burst'

export interface SessionState {
  info: AppInfo | null
  snapshot: SessionSnapshot | null
  // an intent is on its way to main; main's own activity arrives with the next snapshot
  sending: boolean
  // a request that failed before main could answer with a snapshot (transport, validation)
  requestError: ErrorView | null
  terminal: TerminalSnapshot | null
  // the operator tapped the hidden corner: the PIN pad is up (nothing of it is kept in main)
  operatorPrompt: boolean
  // a blank scanned while no serial field was there to read it (renderer/src/input/catcher.ts)
  heldScan: SerialEntry | null
  // a second scan while one was already held: refused aloud, never put in the first one's place
  extraScan: SerialEntry | null
  // the web page's socket to main is closed (contract/kiosk.ts, linkEvent)
  linkLost: boolean
  // ...and the app answering there now is a new run of it, with a new address
  linkRestarted: boolean
}

const initial: SessionState = {
  info: null,
  snapshot: null,
  sending: false,
  requestError: null,
  terminal: null,
  operatorPrompt: false,
  heldScan: null,
  extraScan: null,
  linkLost: false,
  linkRestarted: false,
}

export const useSession = create<SessionState>()(() => initial)

// One blank waits at a time: the cashier has the one they scanned first in hand for the next
// ticket, and a second one held behind it would be printed on out of order.
export function holdScan(entry: SerialEntry): void {
  if (useSession.getState().heldScan) useSession.setState({ extraScan: entry })
  else useSession.setState({ heldScan: entry, extraScan: null })
}

export function resetSessionStore(): void {
  useSession.setState(initial, true)
}

// What the screens hold, readable from outside by the end-to-end tests and by field support:
// nothing that main did not already send, and a copy, so nobody can change it from there.
if (typeof window !== 'undefined') {
  Object.defineProperty(window, 'bsoKioskState', {
    value: () => JSON.parse(JSON.stringify(useSession.getState())) as unknown,
  })
}
