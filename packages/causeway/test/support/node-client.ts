/**
 * Test support: the page-side `Connection` over a Node `ws` client, so integration tests speak
 * the real protocol over a real loopback WebSocket.
 */
import type WebSocket from 'ws'
import { Connection } from '../../src/api/connection.ts'
import { nodeTransport } from '../../src/node-client/index.ts'

export { nodeTransport }

export interface TestClient extends Connection {
  /** The raw socket underneath, for tests that need to misbehave. */
  socket: WebSocket
  /** Warnings the backend sent this page. */
  warnings: string[]
}

/** A connected client for the window whose launch URL is given. */
export async function connect(launchUrl: string): Promise<TestClient> {
  const transport = nodeTransport(launchUrl)
  const warnings: string[] = []
  const connection = Object.assign(new Connection(transport), { socket: transport.socket, warnings })
  connection.onWarning = (message) => void warnings.push(message)
  await connection.hello()
  return connection
}
