/**
 * Adapter from a `ws` WebSocket to a runtime session: frames in, frames out, close both ways.
 */
import type { WebSocket } from 'ws'
import type { Session, Transport } from './session.ts'

/** Connects a socket to the session `open` makes for it. */
export function attachWebSocket(socket: WebSocket, open: (transport: Transport) => Session): void {
  const session = open({
    send(frame) {
      if (socket.readyState !== socket.OPEN) return
      if (typeof frame === 'string') return socket.send(frame)
      // One binary message written as several fragments: the blobs are never copied together.
      const last = frame.length - 1
      frame.forEach((chunk, i) => {
        socket.send(chunk, { binary: true, fin: i === last })
      })
    },
  })
  socket.on('message', (data, isBinary) => {
    const bytes = Array.isArray(data) ? Buffer.concat(data) : data instanceof ArrayBuffer ? Buffer.from(data) : data
    session.receive(isBinary ? bytes : bytes.toString('utf8'))
  })
  socket.on('close', () => session.close())
  socket.on('error', () => session.close())
}
