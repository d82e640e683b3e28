import type { App, Session, WebContents } from 'electron'

// Applied to every window: the renderer may show our pages and nothing else. No new windows, no
// navigation or redirects away, no webviews, and no permission (camera, notifications, …) is
// ever granted, because a ticket kiosk needs none of them.

export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')

export function secureWebContents(
  contents: WebContents,
  isOwnPage: (url: string) => boolean,
): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))

  contents.on('will-navigate', (event, url) => {
    if (!isOwnPage(url)) event.preventDefault()
  })
  contents.on('will-frame-navigate', (event) => {
    if (!isOwnPage(event.url)) event.preventDefault()
  })
  contents.on('will-redirect', (event) => event.preventDefault())
  contents.on('will-attach-webview', (event) => event.preventDefault())
}

export function secureSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
  session.setDevicePermissionHandler(() => false)

  // pages from the dev server come over HTTP: they get the same policy as a header that the
  // packaged index.html carries in its meta tag
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [contentSecurityPolicy],
      },
    })
  })
}

// Every web contents the app ever makes (a window, the print window, anything a library
// opens) gets the rules above the moment it exists, before it can load anything.
export function secureEveryWindow(app: App, isAllowedPage: (url: string) => boolean): void {
  app.on('web-contents-created', (_event, contents) => secureWebContents(contents, isAllowedPage))
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
