/**
 * The browser transport: a WebSocket to the server that served this page, authenticated with the
 * window's credential. A window is launched with a single-use launch token in its URL; the page
 * takes it out of the address bar at once, and once the backend's hello names the window's
 * session credential, that replaces it in sessionStorage. Reconnects and reloads of this tab
 * present the session credential; a URL with a fresh launch token (the window launched again)
 * wins over it. sessionStorage is per tab and per origin, so no other tab or site sees either.
 */
import { IPC_PATH, PROTOCOL, SESSION_PROTOCOL_PREFIX, TOKEN_PROTOCOL_PREFIX, TOKEN_QUERY } from '../core/protocol.ts'
import { concatFrame } from '../core/wire.ts'
import type { ClientTransport } from './connection.ts'

/** The launch token, until the backend's hello replaces it (the key predates session credentials). */
const LAUNCH_KEY = 'causeway.token'
const SESSION_KEY = 'causeway.session'

/** What this page presents when it connects. */
export interface WindowCredential {
  /** `launch`: the single-use token from the launch URL; `session`: the credential a hello gave. */
  kind: 'launch' | 'session'
  token: string
}

/**
 * Takes a launch token out of the address bar (keeping it in sessionStorage until the hello)
 * and returns the credential this page should present: that fresh launch token, else the
 * session credential an earlier hello gave this tab, else a launch token whose hello never came.
 */
export function takeWindowCredential(): WindowCredential | undefined {
  const url = new URL(location.href)
  const fromUrl = url.searchParams.get(TOKEN_QUERY)
  if (fromUrl) {
    sessionStorage.setItem(LAUNCH_KEY, fromUrl)
    sessionStorage.removeItem(SESSION_KEY)
    url.searchParams.delete(TOKEN_QUERY)
    history.replaceState(history.state, '', url.pathname + url.search + url.hash)
    return { kind: 'launch', token: fromUrl }
  }
  const session = sessionStorage.getItem(SESSION_KEY)
  if (session) return { kind: 'session', token: session }
  const launch = sessionStorage.getItem(LAUNCH_KEY)
  return launch ? { kind: 'launch', token: launch } : undefined
}

/** Keeps the session credential for this tab's later connections; the spent launch token goes. */
function keepSession(credential: string): void {
  sessionStorage.setItem(SESSION_KEY, credential)
  sessionStorage.removeItem(LAUNCH_KEY)
}

/**
 * One WebSocket connection of this page; `reconnect()` makes the next one with the kept credential.
 *
 * @example
 * const connection = new Connection(pageTransport())
 */
export function pageTransport(credential = takeWindowCredential()): ClientTransport {
  let socket: WebSocket | undefined
  const queue: Array<string | Uint8Array> = []
  return {
    start(onFrame, onClose) {
      if (!credential) {
        const reason = 'this page has no Causeway window credential: open it from the URL the app printed (it carries ?__causeway=...)'
        showNotice(
          'This page was opened without its app window credential, so it cannot reach the app. ' +
            'Start the app (npm start) and let it open its window, or open the exact URL it printed.',
        )
        queueMicrotask(() => onClose(reason))
        return
      }
      const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${IPC_PATH}`
      const prefix = credential.kind === 'launch' ? TOKEN_PROTOCOL_PREFIX : SESSION_PROTOCOL_PREFIX
      socket = new WebSocket(url, [PROTOCOL, prefix + credential.token])
      socket.binaryType = 'arraybuffer'
      socket.onopen = () => {
        for (const frame of queue.splice(0)) socket?.send(frame)
      }
      socket.onmessage = (e) => onFrame(typeof e.data === 'string' ? e.data : new Uint8Array(e.data as ArrayBuffer))
      socket.onclose = (e) => {
        queue.length = 0
        onClose(`the connection to the backend closed (code ${e.code}${e.reason ? `: ${e.reason}` : ''})`, e.code)
      }
    },
    send(frame) {
      const data = typeof frame === 'string' ? frame : concatFrame(frame)
      if (socket?.readyState === WebSocket.OPEN) socket.send(data)
      else if (socket === undefined || socket.readyState === WebSocket.CONNECTING) queue.push(data)
    },
    close() {
      socket?.close(1000, 'closed by the page')
    },
    keepSession,
    reconnect: () => pageTransport(takeWindowCredential()),
  }
}

/**
 * Says on the page itself why it cannot work, instead of looking alive and doing nothing. Drawn
 * once, on top, in plain DOM; does nothing outside a document.
 */
function showNotice(text: string): void {
  if (typeof document === 'undefined') return
  const draw = () => {
    if (document.getElementById('causeway-notice')) return
    const notice = document.createElement('div')
    notice.id = 'causeway-notice'
    notice.setAttribute('role', 'alert')
    notice.textContent = text
    notice.style.cssText =
      'position:fixed;inset:0 0 auto 0;z-index:2147483647;padding:12px 16px;background:#7a1f1f;color:#fff;font:14px/1.4 system-ui,sans-serif'
    document.body.prepend(notice)
  }
  if (document.body) draw()
  else document.addEventListener('DOMContentLoaded', draw, { once: true })
}
