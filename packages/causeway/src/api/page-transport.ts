/**
 * The browser transport: a WebSocket to the server that served this page, authenticated with the
 * window token from the launch URL. The token moves from the URL into sessionStorage at once, so
 * it survives reloads of this window but is never visible to other origins or other tabs.
 */
import { IPC_PATH, PROTOCOL, TOKEN_PROTOCOL_PREFIX, TOKEN_QUERY } from '../core/protocol.ts'
import { concatFrame } from '../core/wire.ts'
import type { ClientTransport } from './connection.ts'

const STORAGE_KEY = 'causeway.token'

/** Takes the window token out of the address bar (keeping it for reloads) and returns it. */
export function takeWindowToken(): string | undefined {
  const url = new URL(location.href)
  const fromUrl = url.searchParams.get(TOKEN_QUERY)
  if (fromUrl) {
    sessionStorage.setItem(STORAGE_KEY, fromUrl)
    url.searchParams.delete(TOKEN_QUERY)
    history.replaceState(history.state, '', url.pathname + url.search + url.hash)
    return fromUrl
  }
  return sessionStorage.getItem(STORAGE_KEY) ?? undefined
}

/**
 * @example
 * const connection = new Connection(pageTransport())
 */
export function pageTransport(token = takeWindowToken()): ClientTransport {
  let socket: WebSocket | undefined
  const queue: Array<string | Uint8Array> = []
  return {
    start(onFrame, onClose) {
      if (!token) {
        queueMicrotask(() =>
          onClose('this page has no Causeway window token: open it from the URL the app printed (it carries ?__causeway=...)'),
        )
        return
      }
      const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${IPC_PATH}`
      socket = new WebSocket(url, [PROTOCOL, TOKEN_PROTOCOL_PREFIX + token])
      socket.binaryType = 'arraybuffer'
      socket.onopen = () => {
        for (const frame of queue.splice(0)) socket?.send(frame)
      }
      socket.onmessage = (e) => onFrame(typeof e.data === 'string' ? e.data : new Uint8Array(e.data as ArrayBuffer))
      socket.onclose = (e) => onClose(`the connection to the backend closed (code ${e.code}${e.reason ? `: ${e.reason}` : ''})`)
    },
    send(frame) {
      const data = typeof frame === 'string' ? frame : concatFrame(frame)
      if (socket?.readyState === WebSocket.OPEN) socket.send(data)
      else queue.push(data)
    },
    close() {
      socket?.close(1000, 'closed by the page')
    },
  }
}
