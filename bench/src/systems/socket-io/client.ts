/** socket.io-client adapter; `emitWithAck` is the request/response call. */
import { io } from 'socket.io-client'
import { asBytes, type BenchClient, type Connect } from '../../shared/client.ts'
import { EVENT } from '../../shared/fixtures.ts'

export const connect: Connect = async (pageUrl) => {
  const socket = io(new URL(pageUrl).origin, { transports: ['websocket'], reconnection: false })
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve)
    socket.once('connect_error', (error) => reject(new Error(`socket.io: ${error.message}`)))
  })

  const listeners = new Set<(payload: number) => void>()
  socket.on(EVENT, (payload: number) => {
    for (const listener of listeners) listener(payload)
  })
  const streams = new Map<number, (value: number) => void>()
  socket.on('chunk', (id: number, value: number) => streams.get(id)?.(value))
  let nextStream = 1

  const client: BenchClient = {
    greet: (name) => socket.emitWithAck('greet', { name }) as Promise<string>,
    json: () => socket.emitWithAck('json'),
    blob: async (size) => asBytes(await socket.emitWithAck('blob', { size })),
    echo: async (bytes) => asBytes(await socket.emitWithAck('echo', bytes)),
    async listen(onEvent) {
      await socket.emitWithAck('listen')
      listeners.add(onEvent)
      return async () => {
        listeners.delete(onEvent)
        await socket.emitWithAck('unlisten')
      }
    },
    async stream(count, onMessage) {
      const id = nextStream++
      streams.set(id, onMessage)
      try {
        await socket.emitWithAck('stream', { id, count })
      } finally {
        streams.delete(id)
      }
    },
    close: () => void socket.close(),
  }
  return client
}
