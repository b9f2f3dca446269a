/** birpc peer over a `ws` server: one birpc instance per connection. */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type BirpcReturn, createBirpc } from 'birpc'
import { WebSocketServer } from 'ws'
import type { BackendHandle, BackendOptions } from '../../backend/handle.ts'
import { serveStatic } from '../../backend/static.ts'
import { greeting, makeJsonFixture, patternBytes } from '../../shared/fixtures.ts'
import { type ClientFunctions, deserialize, type ServerFunctions, serialize } from './functions.ts'

type ClientRpc = BirpcReturn<ClientFunctions, ServerFunctions>

export async function start(options: BackendOptions): Promise<BackendHandle> {
  const json = makeJsonFixture(options.jsonBytes)
  const http = createServer(serveStatic(options.pageDir))
  const wss = new WebSocketServer({ server: http, path: '/ws', maxPayload: 512 * 1024 * 1024 })
  /** Listen registrations per connection; a connection gets each event once however many it holds. */
  const listening = new Map<ClientRpc, number>()

  wss.on('connection', (ws) => {
    const functions: ServerFunctions = {
      greet: (name) => greeting(name),
      json: () => json,
      blob: (size) => patternBytes(size),
      echo: (bytes) => bytes,
      listen: () => void listening.set(rpc, (listening.get(rpc) ?? 0) + 1),
      unlisten() {
        const left = (listening.get(rpc) ?? 1) - 1
        if (left > 0) listening.set(rpc, left)
        else listening.delete(rpc)
      },
      stream(id, count) {
        for (let i = 0; i < count; i++) void rpc.chunk(id, i)
      },
    }
    const rpc: ClientRpc = createBirpc<ClientFunctions, ServerFunctions>(functions, {
      post: (data: string) => ws.send(data),
      on: (handler) => ws.on('message', (data) => handler(String(data))),
      serialize,
      deserialize,
      eventNames: ['tick', 'chunk'],
    })
    ws.on('close', () => {
      listening.delete(rpc)
      rpc.$close()
    })
  })

  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`
  return {
    url,
    launchUrls: async (count) => Array.from({ length: count }, () => `${url}/`),
    listeners: () => listening.size,
    emit(count) {
      for (let i = 0; i < count; i++) {
        for (const rpc of listening.keys()) void rpc.tick(i)
      }
    },
    async close() {
      for (const ws of wss.clients) ws.terminate()
      await new Promise<void>((resolve) => wss.close(() => resolve()))
      await new Promise<void>((resolve) => http.close(() => resolve()))
    },
  }
}
