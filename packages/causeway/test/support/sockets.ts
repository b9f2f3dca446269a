/**
 * Test support: the backend's end of every WebSocket accepted in this process, with the
 * subprotocols the page offered, so a test can see which credential a page presented and cut its
 * connection the way a network does (`terminate()`: no close frame, the page sees 1006). It wraps
 * `ws`'s `handleUpgrade`, which the app's host calls for each upgrade it accepts, for the
 * duration of one test; nothing about the app changes.
 */
import type { TestContext } from 'node:test'
import { type WebSocket, WebSocketServer } from 'ws'

export interface Accepted {
  socket: WebSocket
  /** The `Sec-WebSocket-Protocol` entries the page offered. */
  offered: string[]
}

/** Every socket the backend accepts from now until the test ends, in order. */
export function acceptedSockets(t: TestContext): Accepted[] {
  const accepted: Accepted[] = []
  const original = WebSocketServer.prototype.handleUpgrade
  WebSocketServer.prototype.handleUpgrade = function (this: WebSocketServer, request, socket, head, callback) {
    const offered = String(request.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((p) => p.trim())
    original.call(this, request, socket, head, (client, req) => {
      accepted.push({ socket: client, offered })
      callback(client, req)
    })
  }
  t.after(() => {
    WebSocketServer.prototype.handleUpgrade = original
  })
  return accepted
}
