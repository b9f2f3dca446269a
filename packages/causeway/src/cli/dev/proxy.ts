/**
 * Forwards `/__causeway/*` from the dev server to the backend of the moment: plain requests (page
 * scripts, plugin routes) and the IPC WebSocket's upgrade, as raw bytes. While no backend is
 * ready (restarting, or failed to start) requests and upgrades wait for the next one instead of
 * failing, so a page gets back the moment the backend is, without spending its reconnect attempts.
 *
 * Only requests naming the dev server itself in `Host` are forwarded (DNS rebinding); the backend
 * checks `Origin` and the window credential as always.
 */
import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http'
import { connect } from 'node:net'
import type { Duplex } from 'node:stream'

/** Where Causeway's endpoints live on every server that serves its pages. */
export const CAUSEWAY_PREFIX = '/__causeway/'

/** How long a request or an upgrade waits for a backend before it is refused. */
const WAIT_MS = 60_000
/** How many may wait at once; more are refused at once. */
const MAX_WAITING = 64

interface Target {
  host: string
  port: number
}

export class BackendProxy {
  private target: Target | undefined
  private readonly waiting = new Set<(target: Target | undefined) => void>()
  private hosts = new Set<string>()

  /** The dev server listens on `port`: only `Host: 127.0.0.1:<port>` or `localhost:<port>` is forwarded. */
  listening(port: number): void {
    this.hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`])
  }

  /** The backend to forward to (its origin), or undefined while there is none. */
  setTarget(origin: string | undefined): void {
    const url = origin === undefined ? undefined : new URL(origin)
    this.target = url ? { host: url.hostname, port: Number(url.port) } : undefined
    if (this.target) for (const wake of [...this.waiting]) wake(this.target)
  }

  /** Connect-style middleware: forwards `/__causeway/*`, passes everything else on. */
  handleRequest(req: IncomingMessage, res: ServerResponse, next: () => void): void {
    if (!req.url?.startsWith(CAUSEWAY_PREFIX)) return next()
    if (!this.hosts.has(req.headers.host ?? '')) return refuse(res, 403, 'forbidden host')
    void this.whenReady(req).then((target) => {
      if (!target) return refuse(res, 503, 'the backend is not running: it is restarting or failed to start (see the terminal)')
      const upstream = httpRequest(
        {
          host: target.host,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: `${target.host}:${target.port}` },
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers)
          answer.pipe(res)
        },
      )
      upstream.on('error', () => (res.headersSent ? res.destroy() : refuse(res, 502, 'the backend went away while answering')))
      req.pipe(upstream)
    })
  }

  /** Forwards the IPC endpoint's upgrade; returns false for upgrades that are not Causeway's (Vite's HMR). */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    if (!req.url?.startsWith(CAUSEWAY_PREFIX)) return false
    socket.on('error', () => socket.destroy())
    if (!this.hosts.has(req.headers.host ?? '')) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\nforbidden host')
      return true
    }
    void this.whenReady(req).then((target) => {
      if (socket.destroyed) return
      if (!target) return void socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\nthe backend is not running')
      const upstream = connect(target.port, target.host, () => {
        let lines = `${req.method} ${req.url} HTTP/${req.httpVersion}\r\n`
        for (let i = 0; i < req.rawHeaders.length; i += 2) {
          const name = req.rawHeaders[i] as string
          const value = name.toLowerCase() === 'host' ? `${target.host}:${target.port}` : (req.rawHeaders[i + 1] as string)
          lines += `${name}: ${value}\r\n`
        }
        upstream.write(`${lines}\r\n`)
        if (head.length > 0) upstream.write(head)
        socket.pipe(upstream).pipe(socket)
      })
      upstream.on('error', () => socket.destroy())
      upstream.on('close', () => socket.destroy())
      socket.on('close', () => upstream.destroy())
    })
    return true
  }

  /** Everything waiting is refused (the dev server is stopping). */
  close(): void {
    this.target = undefined
    for (const wake of [...this.waiting]) wake(undefined)
  }

  /** The backend now, or the next one within `WAIT_MS`; undefined if none comes or the client goes. */
  private whenReady(req: IncomingMessage): Promise<Target | undefined> {
    if (this.target) return Promise.resolve(this.target)
    if (this.waiting.size >= MAX_WAITING) return Promise.resolve(undefined)
    return new Promise((resolve) => {
      const wake = (target: Target | undefined) => {
        this.waiting.delete(wake)
        clearTimeout(timer)
        req.socket.off('close', gone)
        resolve(target)
      }
      const gone = () => wake(undefined)
      const timer = setTimeout(gone, WAIT_MS)
      req.socket.once('close', gone)
      this.waiting.add(wake)
    })
  }
}

function refuse(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' })
  res.end(text)
}
