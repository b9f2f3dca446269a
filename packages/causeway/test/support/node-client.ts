/**
 * Test support: the page-side `Connection` over a Node `ws` client, so integration tests speak
 * the real protocol over a real loopback WebSocket.
 */
import WebSocket from 'ws'
import { Connection, type ClientTransport } from '../../src/api/connection.ts'
import { IPC_PATH, PROTOCOL, TOKEN_PROTOCOL_PREFIX, TOKEN_QUERY } from '../../src/core/protocol.ts'
import { concatFrame } from '../../src/core/wire.ts'

export function wsTransport(launchUrl: string, headers: Record<string, string> = {}): ClientTransport & { socket: WebSocket } {
  const url = new URL(launchUrl)
  const token = url.searchParams.get(TOKEN_QUERY) ?? ''
  const socket = new WebSocket(`ws://${url.host}${IPC_PATH}`, [PROTOCOL, TOKEN_PROTOCOL_PREFIX + token], {
    headers: { Origin: url.origin, ...headers },
  })
  const queue: Array<string | Uint8Array> = []
  socket.on('open', () => {
    for (const frame of queue.splice(0)) socket.send(frame)
  })
  return {
    socket,
    start(onFrame, onClose) {
      socket.on('message', (data, isBinary) => {
        const bytes = data as Buffer
        onFrame(isBinary ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : bytes.toString('utf8'))
      })
      socket.on('close', (code) => onClose(`closed (${code})`))
      socket.on('error', (error) => onClose(error.message))
    },
    send(frame) {
      const data = typeof frame === 'string' ? frame : concatFrame(frame)
      if (socket.readyState === WebSocket.OPEN) socket.send(data)
      else queue.push(data)
    },
    close() {
      socket.close()
    },
  }
}

export interface TestClient extends Connection {
  /** The raw socket underneath, for tests that need to misbehave. */
  socket: WebSocket
  /** Warnings the backend sent this page. */
  warnings: string[]
}

/** A connected client for the window whose launch URL is given. */
export async function connect(launchUrl: string): Promise<TestClient> {
  const transport = wsTransport(launchUrl)
  const warnings: string[] = []
  const connection = Object.assign(new Connection(transport), { socket: transport.socket, warnings })
  connection.onWarning = (message) => void warnings.push(message)
  await connection.hello()
  return connection
}
