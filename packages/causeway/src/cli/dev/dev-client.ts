/**
 * The dev client: a module the dev server adds to every page. It hears the backend's state over
 * Vite's HMR channel and draws an overlay with the error while the backend cannot start; the
 * overlay goes when a backend is ready again. Plain DOM, text only (an error message is never HTML).
 */

/** The overlay's element id, for tests and for styling. */
export const OVERLAY_ID = 'causeway-dev-overlay'

export const DEV_CLIENT_SOURCE = `
const OVERLAY_ID = ${JSON.stringify(OVERLAY_ID)}

function render(status) {
  const existing = document.getElementById(OVERLAY_ID)
  // While the next backend starts the overlay stays: it goes when one is ready.
  if (status.state === 'ready') existing?.remove()
  if (status.state !== 'failed') return
  const overlay = existing ?? document.createElement('div')
  overlay.id = OVERLAY_ID
  overlay.setAttribute('role', 'alert')
  overlay.style.cssText =
    'position:fixed;inset:0;z-index:2147483647;overflow:auto;padding:24px 32px;background:rgba(24,8,8,.94);color:#fdd;' +
    'font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,monospace'
  const title = document.createElement('h2')
  title.textContent = 'The backend failed to start'
  title.style.cssText = 'margin:0 0 12px;color:#ff8a8a;font:600 18px/1.3 system-ui,sans-serif'
  const message = document.createElement('pre')
  message.textContent = status.message
  message.style.cssText = 'white-space:pre-wrap;margin:0 0 16px'
  const hint = document.createElement('p')
  hint.textContent = 'Fix it and save: causeway dev restarts the backend, and this window reconnects by itself.'
  hint.style.cssText = 'margin:0;color:#caa;font:13px/1.4 system-ui,sans-serif'
  overlay.replaceChildren(title, message, hint)
  if (!existing) (document.body ?? document.documentElement).append(overlay)
}

if (import.meta.hot) {
  import.meta.hot.on(${JSON.stringify('causeway:backend')}, render)
  import.meta.hot.send(${JSON.stringify('causeway:hello')})
}
`
