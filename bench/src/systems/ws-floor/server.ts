/**
 * The floor: a raw `ws` server with the least protocol that can answer the workloads.
 * Text frames: `{id, cmd, args}` in, `{id, v}` out; events `{e, v}`; stream messages `{s, v}`.
 * Binary: a binary frame in is echoed back; `blob` answers with one binary frame. Binary answers
 * carry no id: one socket is ordered, so the client matches them to its oldest binary request.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type WebSocket, WebSocketServer } from 'ws'
import type { BackendHandle, BackendOptions } from '../../backend/handle.ts'
import { serveStatic } from '../../backend/static.ts'
import { EVENT, greeting, makeJsonFixture, patternBytes } from '../../shared/fixtures.ts'

export interface FloorRequest {
  id: number
  cmd: 'greet' | 'json' | 'blob' | 'listen' | 'unlisten' | 'stream'
  args?: { name?: string; size?: number; count?: number } | undefined
}

export async function start(options: BackendOptions): Promise<BackendHandle> {
  const json = makeJsonFixture(options.jsonBytes)
  const http = createServer(serveStatic(options.pageDir))
  const wss = new WebSocketServer({ server: http, path: '/ws', maxPayload: 256 * 1024 * 1024 })
  /** Listen registrations per socket; a socket gets each event once however many it holds. */
  const listening = new Map<WebSocket, number>()

  wss.on('connection', (ws) => {
    ws.on('message', (data, isBinary) => {
      if (isBinary) {
        ws.send(data, { binary: true })
        return
      }
      const { id, cmd, args } = JSON.parse(String(data)) as FloorRequest
      switch (cmd) {
        case 'greet':
          ws.send(JSON.stringify({ id, v: greeting(args?.name ?? '') }))
          return
        case 'json':
          ws.send(JSON.stringify({ id, v: json }))
          return
        case 'blob':
          ws.send(patternBytes(args?.size ?? 0), { binary: true })
          return
        case 'listen':
          listening.set(ws, (listening.get(ws) ?? 0) + 1)
          ws.send(JSON.stringify({ id, v: null }))
          return
        case 'unlisten': {
          const left = (listening.get(ws) ?? 1) - 1
          if (left > 0) listening.set(ws, left)
          else listening.delete(ws)
          ws.send(JSON.stringify({ id, v: null }))
          return
        }
        case 'stream':
          for (let i = 0; i < (args?.count ?? 0); i++) ws.send(`{"s":${id},"v":${i}}`)
          ws.send(JSON.stringify({ id, v: null }))
          return
      }
    })
    ws.on('close', () => listening.delete(ws))
  })

  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`
  return {
    url,
    launchUrls: async (count) => Array.from({ length: count }, () => `${url}/`),
    listeners: () => listening.size,
    emit(count) {
      for (let i = 0; i < count; i++) {
        const message = JSON.stringify({ e: EVENT, v: i })
        for (const ws of listening.keys()) ws.send(message)
      }
    },
    async close() {
      for (const ws of wss.clients) ws.terminate()
      await new Promise<void>((resolve) => wss.close(() => resolve()))
      await new Promise<void>((resolve) => http.close(() => resolve()))
    },
  }
}
