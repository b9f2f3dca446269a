/** birpc client over a WebSocket (the page's own, or `ws` in Node). */
import { createBirpc } from 'birpc'
import { type BenchClient, type Connect, websocketUrl } from '../../shared/client.ts'
import { type ClientFunctions, deserialize, type ServerFunctions, serialize } from './functions.ts'

export const connect: Connect = async (pageUrl, { WebSocket }) => {
  const ws = new WebSocket(websocketUrl(pageUrl, '/ws'))
  await new Promise<void>((resolve, reject) => {
    ws.addEventListener('open', () => resolve(), { once: true })
    ws.addEventListener('error', () => reject(new Error('birpc: WebSocket failed to open')), { once: true })
  })

  const listeners = new Set<(payload: number) => void>()
  const streams = new Map<number, (value: number) => void>()
  let nextStream = 1
  const functions: ClientFunctions = {
    tick(payload) {
      for (const listener of listeners) listener(payload)
    },
    chunk: (id, value) => streams.get(id)?.(value),
  }
  const rpc = createBirpc<ServerFunctions, ClientFunctions>(functions, {
    post: (data: string) => ws.send(data),
    on: (handler) => ws.addEventListener('message', (event: MessageEvent) => handler(event.data)),
    serialize,
    deserialize,
    timeout: 300_000,
  })

  const client: BenchClient = {
    greet: (name) => rpc.greet(name),
    json: () => rpc.json(),
    blob: (size) => rpc.blob(size),
    echo: (bytes) => rpc.echo(bytes),
    async listen(onEvent) {
      await rpc.listen()
      listeners.add(onEvent)
      return async () => {
        listeners.delete(onEvent)
        await rpc.unlisten()
      }
    },
    async stream(count, onMessage) {
      const id = nextStream++
      streams.set(id, onMessage)
      try {
        await rpc.stream(id, count)
      } finally {
        streams.delete(id)
      }
    },
    close() {
      rpc.$close()
      ws.close()
    },
  }
  return client
}
