/**
 * What every system's client adapter provides. The workloads are written once against this
 * interface and run unchanged in the page and in Node, so only the adapters differ per system.
 */

export type Unlisten = () => void | Promise<void>

export interface BenchClient {
  /** `Hello, <name>!` from the backend. */
  greet(name: string): Promise<string>
  /** The backend's JSON fixture (`makeJsonFixture`). */
  json(): Promise<unknown>
  /** `size` pattern bytes from the backend. */
  blob(size: number): Promise<Uint8Array>
  /** Sends `bytes` as the argument and gets them back as the result. */
  echo(bytes: Uint8Array): Promise<Uint8Array>
  /** Subscribes to the broadcast event; resolves once the backend has registered the listener. */
  listen(onEvent: (payload: number) => void): Promise<Unlisten>
  /** Asks for a stream of `count` ordered messages (0..count-1) tied to this call. */
  stream(count: number, onMessage: (value: number) => void): Promise<void>
  close(): void
}

/** The WebSocket constructor: the page's own, or `ws` in Node. */
export type WebSocketCtor = typeof globalThis.WebSocket

export interface ClientEnv {
  WebSocket: WebSocketCtor
}

/** Connects to the backend whose page is (or would be) at `pageUrl`. */
export type Connect = (pageUrl: string, env: ClientEnv) => Promise<BenchClient>

/** `http://host:port/...` to `ws://host:port<path>`. */
export function websocketUrl(pageUrl: string, path: string): string {
  const url = new URL(pageUrl)
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:'
  url.pathname = path
  url.search = ''
  url.hash = ''
  return url.href
}

/** Binary message data as bytes, whatever the runtime handed over. */
export function asBytes(data: unknown): Uint8Array {
  if (data instanceof Uint8Array) return data
  if (data instanceof ArrayBuffer) return new Uint8Array(data)
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
  throw new Error(`expected binary data, got ${Object.prototype.toString.call(data)}`)
}
