import type { Session, WebContents } from 'electron'

// Applied to every window: the renderer may show our pages and nothing else. No new windows, no
// navigation or redirects away, no webviews, and no permission (camera, notifications, …) is
// ever granted, because a ticket kiosk needs none of them.

export function secureWebContents(
  contents: WebContents,
  isOwnPage: (url: string) => boolean,
): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))

  contents.on('will-navigate', (event, url) => {
    if (!isOwnPage(url)) event.preventDefault()
  })
  contents.on('will-redirect', (event) => event.preventDefault())
  contents.on('will-attach-webview', (event) => event.preventDefault())
}

export function secureSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
}

// Only the renderer's own file (packaged) or the dev server may call the bridge.
export function ownPageMatcher(rendererUrl: string): (url: string) => boolean {
  const own = new URL(rendererUrl)

  return (url) => {
    try {
      const candidate = new URL(url)
      return (
        candidate.protocol === own.protocol &&
        candidate.host === own.host &&
        candidate.pathname === own.pathname
      )
    } catch {
      return false
    }
  }
}
