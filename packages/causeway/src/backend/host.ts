/**
 * The app's one HTTP server on loopback: the frontend's files and the IPC WebSocket.
 * Every request must name the server itself in `Host` (DNS rebinding); the upgrade must also come
 * from an allowed `Origin` and present a window token, or it is refused before any handler runs.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { WebSocketServer } from 'ws'
import type { Caller } from '../acl/types.ts'
import { IPC_PATH, PROTOCOL, SESSION_PROTOCOL_PREFIX, TOKEN_PROTOCOL_PREFIX } from '../core/protocol.ts'
import type { Credential } from './credentials.ts'
import { createStaticHandler, type HtmlTransform, send } from './static-files.ts'
import { sendWebResponse, toWebRequest } from './web-route.ts'

/** Paths the app's frontend cannot use: Causeway's own endpoints and plugin routes. */
export const RESERVED_PREFIX = '/__causeway/'

export interface HostOptions {
  frontendDist: string | undefined
  /** The window a credential opens, or undefined; must not use the credential up (the connection does). */
  identify: (credential: Credential) => string | undefined
  /** Origins allowed besides the app's own (remote pages granted by capabilities). */
  isRemoteOriginAllowed: (origin: string) => boolean
  /**
   * Origins that count as the app's own besides this server's: the dev server's under `causeway
   * dev`, which serves the pages and forwards `/__causeway/*` here. Never set in production.
   */
  ownOrigins?: readonly string[]
  onConnection: (socket: import('ws').WebSocket, caller: Caller, credential: Credential) => void
  transformHtml?: HtmlTransform
  /** Answers requests under `/__causeway/` other than the IPC endpoint (plugin scripts and routes); undefined for 404. */
  route?: (request: Request) => Promise<Response> | undefined
  /** Largest message accepted from a page, in bytes. */
  maxPayload: number
  /** Why an authenticated caller may not connect now (too many connections), or undefined to admit it. */
  admit?: (caller: Caller) => string | undefined
}

export interface Host {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string
  /** Stops serving. Open sockets are cut off, or closed with `code` and `reason` when given (a restart says so). */
  close(farewell?: { code: number; reason: string }): Promise<void>
}

export async function startHost(options: HostOptions, port: number, hostname = '127.0.0.1'): Promise<Host> {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: options.maxPayload,
    perMessageDeflate: false,
    handleProtocols: (protocols) => (protocols.has(PROTOCOL) ? PROTOCOL : false),
  })
  const serveStatic = options.frontendDist ? createStaticHandler(options.frontendDist, options.transformHtml) : undefined
  let allowedHosts = new Set<string>()
  let ownOrigins = new Set<string>()

  const server: Server = createServer((req, res) => {
    if (!allowedHosts.has(req.headers.host ?? '')) return send(res, 403, 'forbidden host')
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`)
    if (url.pathname.startsWith(RESERVED_PREFIX)) {
      const answer = options.route?.(toWebRequest(req, url))
      if (!answer) return send(res, 404, 'not found')
      answer
        .then(
          (response) => sendWebResponse(res, response, req.method === 'HEAD'),
          (error: Error) => send(res, 500, error.message),
        )
        .catch(() => res.destroy())
      return
    }
    if (!serveStatic) return send(res, 404, 'this app serves no frontend files')
    serveStatic(req, res).catch(() => res.destroy())
  })

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refusal = checkUpgrade(req)
    if (typeof refusal === 'string') {
      socket.end(`HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\n${refusal}`)
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => options.onConnection(ws, refusal.caller, refusal.credential))
  })

  /** Returns the caller, or why the upgrade is refused. */
  function checkUpgrade(req: IncomingMessage): { caller: Caller; credential: Credential } | string {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    if (path !== IPC_PATH) return 'unknown endpoint'
    if (!allowedHosts.has(req.headers.host ?? '')) return 'forbidden host'
    const origin = req.headers.origin ?? ''
    const local = origin === '' || ownOrigins.has(origin)
    if (!local && !options.isRemoteOriginAllowed(origin)) return 'forbidden origin'
    const protocols = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim())
    if (!protocols.includes(PROTOCOL)) return `missing subprotocol ${PROTOCOL}`
    const credential = credentialOf(protocols)
    const label = credential ? options.identify(credential) : undefined
    if (!credential || !label) return 'missing, spent or unknown window credential'
    const caller = { label, origin, local }
    return options.admit?.(caller) ?? { caller, credential }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, hostname, () => resolve())
  })
  const actualPort = (server.address() as AddressInfo).port
  allowedHosts = new Set([`127.0.0.1:${actualPort}`, `localhost:${actualPort}`])
  ownOrigins = new Set([`http://127.0.0.1:${actualPort}`, `http://localhost:${actualPort}`, ...(options.ownOrigins ?? [])])

  return {
    origin: `http://${hostname}:${actualPort}`,
    close: (farewell) =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) {
          if (!farewell) client.terminate()
          else {
            client.close(farewell.code, farewell.reason)
            setTimeout(() => client.terminate(), 500).unref()
          }
        }
        wss.close()
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** The credential among the offered subprotocols: a launch token or a session credential. */
function credentialOf(protocols: readonly string[]): Credential | undefined {
  for (const protocol of protocols) {
    if (protocol.startsWith(TOKEN_PROTOCOL_PREFIX)) return { kind: 'launch', token: protocol.slice(TOKEN_PROTOCOL_PREFIX.length) }
    if (protocol.startsWith(SESSION_PROTOCOL_PREFIX)) return { kind: 'session', token: protocol.slice(SESSION_PROTOCOL_PREFIX.length) }
  }
  return undefined
}
