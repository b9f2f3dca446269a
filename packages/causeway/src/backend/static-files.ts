/**
 * Serves the frontend's built files. Only files under the root are reachable: the request path is
 * decoded once, normalized, and must stay inside the root after symlinks are resolved.
 */
import { createReadStream } from 'node:fs'
import { readFile, realpath, stat } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { extname, join, resolve, sep } from 'node:path'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
}

/** Rewrites an HTML document before it is sent (the host injects its page scripts here). */
export type HtmlTransform = (html: string, request: URL) => string

export function createStaticHandler(root: string, transformHtml?: HtmlTransform) {
  const rootPath = resolve(root)
  let realRoot: Promise<string> | undefined

  return async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed')
    let pathname: string
    const url = new URL(req.url ?? '/', 'http://x')
    try {
      pathname = decodeURIComponent(url.pathname)
    } catch {
      return send(res, 400, 'bad request path')
    }
    if (pathname.includes('\0')) return send(res, 400, 'bad request path')
    realRoot ??= realpath(rootPath)
    const base = await realRoot.catch(() => undefined)
    if (!base) return send(res, 500, `frontend directory ${rootPath} does not exist: build the frontend first`)

    let file = resolve(join(base, pathname))
    if (pathname.endsWith('/')) file = join(file, 'index.html')
    const real = await realpath(file).catch(() => undefined)
    // Unknown paths fall back to index.html so client-side routers work.
    const target =
      real && (real === base || real.startsWith(base + sep)) ? real : extname(pathname) === '' ? join(base, 'index.html') : undefined
    if (!target) return send(res, 404, 'not found')
    const info = await stat(target).catch(() => undefined)
    if (!info?.isFile()) return send(res, 404, 'not found')

    const type = TYPES[extname(target).toLowerCase()] ?? 'application/octet-stream'
    res.setHeader('Content-Type', type)
    res.setHeader('X-Content-Type-Options', 'nosniff')
    res.setHeader('Cache-Control', 'no-cache')
    if (type.startsWith('text/html') && transformHtml) {
      const body = transformHtml(await readFile(target, 'utf8'), url)
      res.setHeader('Content-Length', Buffer.byteLength(body))
      res.end(req.method === 'HEAD' ? undefined : body)
      return
    }
    res.setHeader('Content-Length', info.size)
    if (req.method === 'HEAD') return void res.end()
    createReadStream(target)
      .on('error', () => res.destroy())
      .pipe(res)
  }
}

export function send(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' })
  res.end(text)
}
