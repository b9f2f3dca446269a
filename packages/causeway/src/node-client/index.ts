/**
 * Causeway's Node.js client: the same `Connection` a page uses, over a `ws` socket. For scripts,
 * tests and tools that talk to a running app the way its windows do, token and all. The types
 * of its calls and events (`InvokeOptions`, `EventCallback`, ...) are those of `causewayjs/api`.
 *
 * Single-shot: the launch token it connects with is spent on first use and the client keeps no
 * session credential, so when its socket closes the connection is closed for good (state
 * `closed`, calls reject with `Disconnected`). Connect again with a fresh launch URL.
 *
 * @example
 * import { connect } from 'causewayjs/node-client'
 * const client = await connect(launchUrl)
 * console.log(await client.invoke('greet', { name: 'Node' }))
 */
import WebSocket from 'ws'
import { type ClientTransport, Connection } from '../api/connection.ts'
import { createTypedClient, type TypedClient } from '../api/typed-client.ts'
import { IPC_PATH, PROTOCOL, TOKEN_PROTOCOL_PREFIX, TOKEN_QUERY } from '../core/protocol.ts'
import { concatFrame } from '../core/wire.ts'

export interface NodeTransport extends ClientTransport {
  /** The socket underneath. */
  readonly socket: WebSocket
}

/**
 * A transport for the window whose launch URL is given (it carries the window's token). The
 * `Origin` header is the app's own unless `headers` says otherwise.
 *
 * @example
 * const connection = new Connection(nodeTransport(launchUrl, { Origin: 'https://elsewhere.example' }))
 */
export function nodeTransport(launchUrl: string, headers: Record<string, string> = {}): NodeTransport {
  const url = new URL(launchUrl)
  const token = url.searchParams.get(TOKEN_QUERY) ?? ''
  const socket = new WebSocket(`ws://${url.host}${IPC_PATH}`, [PROTOCOL, TOKEN_PROTOCOL_PREFIX + token], {
    headers: { Origin: url.origin, ...headers },
    perMessageDeflate: false,
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
      socket.on('close', (code) => onClose(`the connection closed (code ${code})`, code))
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

/**
 * Connects as the window whose launch URL is given; resolves once the backend has greeted it.
 *
 * @example
 * const client = await connect(app.windows()[0].launchUrl)
 * const unlisten = await client.listen('job-progress', (e) => console.log(e.payload))
 */
export async function connect(launchUrl: string): Promise<Connection> {
  const connection = new Connection(nodeTransport(launchUrl))
  await connection.hello()
  return connection
}

/**
 * A client typed from the backend's app type over a connection, as `createClient` in
 * `causewayjs/api` gives a page.
 *
 * @example
 * import type { HelloApp } from './backend/app.ts'
 * const api = createClient<HelloApp>(await connect(launchUrl))
 * await api.invoke('greet', { name: 'Node' }) // checked against the handler
 */
export function createClient<A>(connection: Connection): TypedClient<A> {
  return createTypedClient<A>(() => connection)
}

export type { ConnectionState } from '../api/connection.ts'
export type { ClientTransport, TypedClient }
export { Connection }
