/** A minimal static file handler for the peers' HTTP servers: the built page and nothing else. */
import { readFile } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { extname, join } from 'node:path'

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
}

export function serveStatic(dir: string): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname
    const file = path === '/' ? 'index.html' : path.slice(1)
    if (file.includes('/') || file.includes('..') || !(extname(file) in types)) {
      res.writeHead(404).end()
      return
    }
    readFile(join(dir, file)).then(
      (body) => res.writeHead(200, { 'content-type': types[extname(file)]! }).end(body),
      () => res.writeHead(404).end(),
    )
  }
}
