import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { installScanCatcher } from './input/catcher'
import { connect } from './intents'
import { holdScan, useSession } from './store/session'
import './styles.css'

async function start(root: HTMLElement) {
  // the screen renders once, with main's first answers
  await connect(window.kiosk)

  installScanCatcher({
    stage: () => useSession.getState().snapshot?.stage ?? null,
    kiosk: () => useSession.getState().terminal?.mode === 'kiosk',
    hold: holdScan,
  })

  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  )
}

const root = document.getElementById('root')

if (root) void start(root)
