import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { initI18n } from './i18n'
import { connect } from './intents'
import './styles.css'

async function start(root: HTMLElement) {
  // main's first answers travel while i18next starts, so the screen renders once, ready
  await connect(window.kiosk, initI18n())

  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  )
}

const root = document.getElementById('root')

if (root) void start(root)
