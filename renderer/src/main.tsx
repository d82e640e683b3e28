import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { connect } from './intents'
import './styles.css'

async function start(root: HTMLElement) {
  // the screen renders once, with main's first answers
  await connect(window.kiosk)

  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  )
}

const root = document.getElementById('root')

if (root) void start(root)
