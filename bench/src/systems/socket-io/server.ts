/**
 * socket.io peer: every call is an event with an acknowledgement; the broadcast event goes to a
 * room that `listen` joins. WebSocket transport only, no HTTP long-polling.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Server } from 'socket.io'
import type { BackendHandle, BackendOptions } from '../../backend/handle.ts'
import { serveStatic } from '../../backend/static.ts'
import { EVENT, greeting, makeJsonFixture, patternBytes } from '../../shared/fixtures.ts'

type Ack = (value?: unknown) => void

export async function start(options: BackendOptions): Promise<BackendHandle> {
  const json = makeJsonFixture(options.jsonBytes)
  const http = createServer(serveStatic(options.pageDir))
  const io = new Server(http, {
    transports: ['websocket'],
    serveClient: false,
    maxHttpBufferSize: 256 * 1024 * 1024,
    // The heartbeat shares the socket with the events: a page still working through 1,000,000
    // queued events answers the ping late, and the default 20 s timeout would drop it mid-run.
    pingTimeout: 300_000,
  })

  io.on('connection', (socket) => {
    /** `listen` calls not yet matched by `unlisten`; the socket stays in the room while any are. */
    let listens = 0
    socket.on('greet', (args: { name: string }, ack: Ack) => ack(greeting(args.name)))
    socket.on('json', (ack: Ack) => ack(json))
    socket.on('blob', (args: { size: number }, ack: Ack) => ack(patternBytes(args.size)))
    socket.on('echo', (bytes: Uint8Array, ack: Ack) => ack(bytes))
    socket.on('listen', (ack: Ack) => {
      if (listens++ === 0) void socket.join(EVENT)
      ack()
    })
    socket.on('unlisten', (ack: Ack) => {
      if (--listens === 0) void socket.leave(EVENT)
      ack()
    })
    socket.on('stream', (args: { id: number; count: number }, ack: Ack) => {
      for (let i = 0; i < args.count; i++) socket.emit('chunk', args.id, i)
      ack()
    })
  })

  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`
  return {
    url,
    launchUrls: async (count) => Array.from({ length: count }, () => `${url}/`),
    listeners: () => io.sockets.adapter.rooms.get(EVENT)?.size ?? 0,
    emit(count) {
      const room = io.to(EVENT)
      for (let i = 0; i < count; i++) room.emit(EVENT, i)
    },
    async close() {
      io.disconnectSockets(true)
      await io.close()
    },
  }
}
