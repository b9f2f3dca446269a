/**
 * tRPC v11 peer: a router over `applyWSSHandler`. Events and the channel are subscriptions
 * (async generators). Inputs use plain parser functions, not a schema library, so the figures
 * measure the transport and dispatch rather than validation.
 */
import { EventEmitter, on } from 'node:events'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { initTRPC } from '@trpc/server'
import { applyWSSHandler } from '@trpc/server/adapters/ws'
import { WebSocketServer } from 'ws'
import type { BackendHandle, BackendOptions } from '../../backend/handle.ts'
import { serveStatic } from '../../backend/static.ts'
import { EVENT, greeting, type JsonFixture, makeJsonFixture, patternBytes } from '../../shared/fixtures.ts'
import { bytesTransformer } from './transformer.ts'

const t = initTRPC.create({ transformer: bytesTransformer })

const events = new EventEmitter()
events.setMaxListeners(0)

let json: JsonFixture = { items: [] }

const router = t.router({
  greet: t.procedure.input((raw) => raw as { name: string }).query(({ input }) => greeting(input.name)),
  json: t.procedure.query(() => json),
  blob: t.procedure.input((raw) => raw as { size: number }).query(({ input }) => patternBytes(input.size)),
  echo: t.procedure.input((raw) => raw as Uint8Array).mutation(({ input }) => input),
  ticks: t.procedure.subscription(async function* ({ signal }) {
    for await (const [payload] of on(events, EVENT, { signal })) yield payload as number
  }),
  stream: t.procedure
    .input((raw) => raw as { count: number })
    .subscription(async function* ({ input }) {
      for (let i = 0; i < input.count; i++) yield i
    }),
})

export type BenchRouter = typeof router

export async function start(options: BackendOptions): Promise<BackendHandle> {
  json = makeJsonFixture(options.jsonBytes)
  const http = createServer(serveStatic(options.pageDir))
  const wss = new WebSocketServer({ server: http, path: '/ws', maxPayload: 512 * 1024 * 1024 })
  const handler = applyWSSHandler({ wss, router, createContext: () => ({}) })

  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`
  return {
    url,
    launchUrls: async (count) => Array.from({ length: count }, () => `${url}/`),
    listeners: () => events.listenerCount(EVENT),
    emit(count) {
      for (let i = 0; i < count; i++) events.emit(EVENT, i)
    },
    async close() {
      handler.broadcastReconnectNotification()
      for (const ws of wss.clients) ws.terminate()
      await new Promise<void>((resolve) => wss.close(() => resolve()))
      await new Promise<void>((resolve) => http.close(() => resolve()))
    },
  }
}
