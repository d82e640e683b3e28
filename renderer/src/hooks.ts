import { useEffect, useRef } from 'react'
import type { Activity } from '../../contract/kiosk'
import { useSession } from './store/session'

export function useBusy(): boolean {
  return useSession((s) => s.sending || Boolean(s.snapshot?.activity))
}

export function useActivity(): Activity | 'sending' | null {
  return useSession((s) => s.snapshot?.activity ?? (s.sending ? 'sending' : null))
}

// Keys that reach no field (the operator tapped the background): the screen still gets them.
export function useStrayKeys(onKey: (event: KeyboardEvent) => void): void {
  const latest = useRef(onKey)

  useEffect(() => {
    latest.current = onKey
  })

  useEffect(() => {
    function listener(event: KeyboardEvent) {
      const target = event.target

      if (target instanceof HTMLInputElement || target instanceof HTMLButtonElement) return

      latest.current(event)
    }

    window.addEventListener('keydown', listener)
    return () => window.removeEventListener('keydown', listener)
  }, [])
}
