/** Client for the raw `ws` floor (see server.ts for the protocol). Runs in the page and in Node. */
import { asBytes, type BenchClient, type Connect, websocketUrl } from '../../shared/client.ts'
import type { FloorRequest } from './server.ts'

interface Waiter {
  resolve: (value: unknown) => void
  reject: (error: Error) => void
}

export const connect: Connect = async (pageUrl, { WebSocket }) => {
  const ws = new WebSocket(websocketUrl(pageUrl, '/ws'))
  // The page defaults to Blob; Node's `ws` defaults to Buffer, which is already a Uint8Array.
  if (ws.binaryType === 'blob') ws.binaryType = 'arraybuffer'
  await new Promise<void>((resolve, reject) => {
    ws.addEventListener('open', () => resolve(), { once: true })
    ws.addEventListener('error', () => reject(new Error('floor: WebSocket failed to open')), { once: true })
  })

  let nextId = 1
  const calls = new Map<number, Waiter>()
  const binaryCalls: Waiter[] = []
  const listeners = new Set<(payload: number) => void>()
  const streams = new Map<number, (value: number) => void>()

  ws.addEventListener('message', (event: MessageEvent) => {
    const data: unknown = event.data
    if (typeof data !== 'string') {
      binaryCalls.shift()?.resolve(asBytes(data))
      return
    }
    const message = JSON.parse(data) as { id?: number; e?: string; s?: number; v: unknown }
    if (message.e !== undefined) {
      for (const listener of listeners) listener(message.v as number)
    } else if (message.s !== undefined) {
      streams.get(message.s)?.(message.v as number)
    } else if (message.id !== undefined) {
      const waiter = calls.get(message.id)
      calls.delete(message.id)
      waiter?.resolve(message.v)
    }
  })
  ws.addEventListener('close', () => {
    const error = new Error('floor: connection closed')
    for (const waiter of calls.values()) waiter.reject(error)
    for (const waiter of binaryCalls.splice(0)) waiter.reject(error)
    calls.clear()
  })

  const call = (cmd: FloorRequest['cmd'], args?: FloorRequest['args'], binaryAnswer = false): Promise<unknown> => {
    const id = nextId++
    return new Promise((resolve, reject) => {
      if (binaryAnswer) binaryCalls.push({ resolve, reject })
      else calls.set(id, { resolve, reject })
      ws.send(JSON.stringify({ id, cmd, args } satisfies FloorRequest))
    })
  }

  const client: BenchClient = {
    greet: (name) => call('greet', { name }) as Promise<string>,
    json: () => call('json'),
    blob: (size) => call('blob', { size }, true) as Promise<Uint8Array>,
    echo: (bytes) =>
      new Promise((resolve, reject) => {
        binaryCalls.push({ resolve: resolve as (v: unknown) => void, reject })
        ws.send(bytes)
      }),
    async listen(onEvent) {
      await call('listen')
      listeners.add(onEvent)
      return async () => {
        listeners.delete(onEvent)
        await call('unlisten')
      }
    },
    async stream(count, onMessage) {
      const id = nextId
      streams.set(id, onMessage)
      try {
        await call('stream', { count })
      } finally {
        streams.delete(id)
      }
    },
    close: () => ws.close(),
  }
  return client
}
