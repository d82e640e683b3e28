import { useRef } from 'react'
import { useSession } from '../store/session'

// The operator's way in on a kiosk with no keyboard: five taps on the top-left corner within
// three seconds. A customer does not find it by chance; the PIN behind it is what guards.
export function OperatorCorner() {
  const taps = useRef<number[]>([])

  function tap(event: React.PointerEvent) {
    event.stopPropagation()
    const now = event.timeStamp
    taps.current = [...taps.current.filter((at) => now - at < 3000), now]

    if (taps.current.length >= 5) {
      taps.current = []
      useSession.setState({ operatorPrompt: true, requestError: null })
    }
  }

  return (
    <button
      type="button"
      data-testid="operator-corner"
      className="operator-corner"
      aria-hidden="true"
      tabIndex={-1}
      onPointerDown={tap}
    />
  )
}
