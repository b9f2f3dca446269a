/**
 * Adapter from a `ws` WebSocket to a session: frames in, frames out, close both ways, and a count
 * of the bytes written but not yet sent, so a page that stops reading cannot grow backend memory.
 */
import type { WebSocket } from 'ws'
import type { Session, Transport } from './session.ts'

/**
 * Connects a socket to the session `open` makes for it, and pings it every `pingIntervalMs`: a
 * peer that has not answered the previous ping by the next one is cut off, its session closed.
 */
export function attachWebSocket(socket: WebSocket, pingIntervalMs: number, open: (transport: Transport) => Session): void {
  let alive = true
  socket.on('pong', () => {
    alive = true
  })
  const pinger = setInterval(() => {
    if (!alive) return socket.terminate()
    alive = false
    socket.ping()
  }, pingIntervalMs)
  pinger.unref()
  let unsent = 0
  const waiters: Array<() => void> = []
  const written = (bytes: number) => () => {
    unsent -= bytes
    if (waiters.length > 0) for (const wake of waiters.splice(0)) wake()
  }
  const session = open({
    send(frame) {
      if (socket.readyState !== socket.OPEN) return
      if (typeof frame === 'string') {
        const bytes = Buffer.byteLength(frame)
        unsent += bytes
        return socket.send(frame, written(bytes))
      }
      // One binary message written as several fragments: the blobs are never copied together.
      const last = frame.length - 1
      frame.forEach((chunk, i) => {
        unsent += chunk.byteLength
        socket.send(chunk, { binary: true, fin: i === last }, written(chunk.byteLength))
      })
    },
    unsent: () => unsent,
    written: () => new Promise<void>((wake) => waiters.push(wake)),
    close(code, reason) {
      socket.close(code, reason)
      // A peer that does not answer the close handshake is cut off.
      setTimeout(() => socket.terminate(), 2000).unref()
    },
  })
  socket.on('message', (data, isBinary) => {
    const bytes = Array.isArray(data) ? Buffer.concat(data) : data instanceof ArrayBuffer ? Buffer.from(data) : data
    try {
      session.receive(isBinary ? bytes : bytes.toString('utf8'))
    } catch (error) {
      // The session answers bad input itself; anything escaping it is a bug, and costs this connection only.
      session.fatal(error)
    }
  })
  socket.on('close', () => {
    clearInterval(pinger)
    // Producers waiting for room wake up and find the connection gone.
    for (const wake of waiters.splice(0)) wake()
    session.close()
  })
  socket.on('error', () => session.close())
}
