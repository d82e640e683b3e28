import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { initI18n } from './i18n'
import { connect } from './intents'
import './styles.css'

async function start(root: HTMLElement) {
  await initI18n()

  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  )

  await connect(window.kiosk)
}

const root = document.getElementById('root')

if (root) void start(root)
