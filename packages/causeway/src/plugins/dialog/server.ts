/**
 * The dialog server: a loopback HTTP and WebSocket server of the dialog plugin's own, on a port
 * apart from the app's, so dialog windows have an origin (and so storage, workers, channels) no
 * app page shares. It answers only two requests, each with a single-use secret:
 *
 * - `GET /dialog?key=<launch key>` serves a dialog window's page. The launch key (192 bits) is
 *   spent by that request; the page carries a socket ticket minted for it.
 * - `GET /socket?ticket=<ticket>` upgrades that page to the dialog's WebSocket. The ticket is spent
 *   by the upgrade, and the upgrade must come from the server's own origin.
 *
 * Every request must name the server itself in `Host` (DNS rebinding), and a browser request must
 * be browser-initiated or from the dialog's own page (`Sec-Fetch-Site`), so a page of the app
 * cannot even load a dialog URL it somehow learned. Node-only.
 */
import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { type WebSocket, WebSocketServer } from 'ws'
import { baseHeaders, dialogWindowHtml, dialogWindowPolicy } from './window-html.ts'

/** Frames a dialog window may send: a list request or an answer is far below this. */
const MAX_FRAME_BYTES = 256 * 1024

/**
 * A 192-bit secret, URL-safe.
 *
 * @example
 * const key = secret() // 32 characters of base64url
 */
export function secret(): string {
  return randomBytes(24).toString('base64url')
}

/** What the server hands a dialog: its page was loaded, its socket connected. */
export interface DialogEndpoint {
  /** Called once, when the upgrade with this dialog's ticket succeeds. */
  connected(socket: WebSocket): void
}

export class DialogServer {
  private readonly http: Server
  private readonly sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES })
  /** Launch keys not yet spent, to the dialog they open. */
  private readonly keys = new Map<string, DialogEndpoint>()
  /** Socket tickets not yet spent. */
  private readonly tickets = new Map<string, DialogEndpoint>()
  private host = ''
  private ownOrigin = ''

  constructor(private readonly script: () => Promise<string>) {
    this.http = createServer((request, response) => void this.serve(request, response))
    this.http.on('upgrade', (request, socket) => this.upgrade(request, socket))
  }

  /** Listens on a free loopback port. */
  async start(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.http.once('error', reject)
      this.http.listen(0, '127.0.0.1', () => {
        this.http.off('error', reject)
        resolve()
      })
    })
    const { port } = this.http.address() as AddressInfo
    this.host = `127.0.0.1:${port}`
    this.ownOrigin = `http://${this.host}`
  }

  /** `http://127.0.0.1:<port>`; '' before `start()`. */
  get origin(): string {
    return this.ownOrigin
  }

  /** Registers a dialog; returns the URL that opens its window, and a function that forgets both its secrets. */
  register(endpoint: DialogEndpoint): { url: string; revoke: () => void } {
    if (!this.ownOrigin) throw new Error('the dialog server is not running: the app has not started')
    const key = secret()
    this.keys.set(key, endpoint)
    return {
      url: `${this.ownOrigin}/dialog?key=${key}`,
      revoke: () => {
        this.keys.delete(key)
        for (const [ticket, owner] of this.tickets) if (owner === endpoint) this.tickets.delete(ticket)
      },
    }
  }

  /** Stops listening and drops every connection. */
  async close(): Promise<void> {
    for (const client of this.sockets.clients) client.terminate()
    this.sockets.close()
    this.http.closeAllConnections()
    await new Promise<void>((resolve) => this.http.close(() => resolve()))
    this.keys.clear()
    this.tickets.clear()
  }

  /** Why a request is refused before anything else, or undefined. */
  private refusal(request: IncomingMessage, allowSameOrigin: boolean): string | undefined {
    if (request.headers.host !== this.host) return 'forbidden host'
    const origin = request.headers.origin
    if (origin !== undefined && origin !== this.ownOrigin) return 'forbidden origin'
    const site = request.headers['sec-fetch-site']
    if (site !== undefined && site !== 'none' && !(allowSameOrigin && site === 'same-origin')) {
      return 'a dialog opens only as a window of its own'
    }
    return undefined
  }

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const plain = (status: number, text: string): void =>
      void response.writeHead(status, { ...baseHeaders(), 'Content-Type': 'text/plain; charset=utf-8' }).end(text)
    const refused = this.refusal(request, false)
    if (refused) return plain(403, refused)
    const url = new URL(request.url ?? '/', this.ownOrigin)
    if (request.method !== 'GET' || url.pathname !== '/dialog') return plain(404, 'not found')
    const key = url.searchParams.get('key') ?? ''
    const endpoint = this.keys.get(key)
    if (!endpoint) return plain(403, 'This dialog link is not valid: it was used already, or its dialog is over.')
    this.keys.delete(key)
    const ticket = secret()
    this.tickets.set(ticket, endpoint)
    const nonce = secret()
    let html: string
    try {
      html = dialogWindowHtml({ nonce, script: await this.script(), socketUrl: `ws://${this.host}/socket?ticket=${ticket}` })
    } catch (error) {
      this.tickets.delete(ticket)
      return plain(500, `the dialog window cannot be shown: ${(error as Error).message}`)
    }
    const policy = dialogWindowPolicy(nonce, `ws://${this.host}`)
    response.writeHead(200, { ...baseHeaders(), 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': policy })
    response.end(html)
  }

  private upgrade(request: IncomingMessage, socket: Duplex): void {
    const refuse = (reason: string) => {
      socket.end(
        `HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(reason)}\r\n\r\n${reason}`,
      )
      socket.destroy()
    }
    const refused = this.refusal(request, true)
    if (refused) return refuse(refused)
    // A browser always names the page's origin on an upgrade: only the dialog's own page may connect.
    if (request.headers.origin !== this.ownOrigin) return refuse('forbidden origin')
    const url = new URL(request.url ?? '/', this.ownOrigin)
    const endpoint = url.pathname === '/socket' ? this.tickets.get(url.searchParams.get('ticket') ?? '') : undefined
    if (!endpoint) return refuse('no such dialog, or its window is connected already')
    this.tickets.delete(url.searchParams.get('ticket') ?? '')
    this.sockets.handleUpgrade(request, socket, Buffer.alloc(0), (ws) => endpoint.connected(ws))
  }
}
