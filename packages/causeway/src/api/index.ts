/**
 * Causeway's browser entry: `invoke` commands and `listen`/`emit` events, Tauri's vocabulary,
 * plus a client typed from the backend's app. Imports nothing from Node.
 *
 * @example
 * import { invoke, listen } from 'causewayjs/api'
 * const msg = await invoke<string>('greet', { name: 'World' })
 */
import type { EmitTarget } from '../core/targets.ts'
import { Connection, type EventCallback, type InvokeOptions, type ListenOptions, type UnlistenFn } from './connection.ts'
import { pageTransport } from './page-transport.ts'
import { createTypedClient, type TypedClient } from './typed-client.ts'

/**
 * The page's one connection lives under a global symbol, so the app's bundle and the injected
 * Tauri contract script (each with its own copy of this module) share it.
 */
const PAGE_CONNECTION = Symbol.for('causeway.page-connection')

/**
 * The connection of this page to its backend, opened on first use and shared page-wide. A
 * plugin's page script uses it to hear from its backend half.
 *
 * @example
 * connection().onPluginMessage('my-plugin', (payload) => render(payload))
 */
export function connection(): Connection {
  const scope = globalThis as Record<symbol, Connection | undefined>
  return (scope[PAGE_CONNECTION] ??= new Connection(pageTransport()))
}

/**
 * Calls a backend command. Rejects with a `CausewayError` (narrow with `isCausewayError`).
 *
 * @example
 * const content = await invoke<string>('read_file', { path: '/etc/hosts' })
 */
export function invoke<T = unknown>(cmd: string, args?: unknown, options?: InvokeOptions): Promise<T> {
  return connection().invoke<T>(cmd, args, options)
}

/**
 * Listens for an event; resolves to the function that stops listening.
 *
 * @example
 * const unlisten = await listen<number>('job-progress', (e) => (bar.value = e.payload))
 */
export function listen<T = unknown>(event: string, handler: EventCallback<T>, options?: ListenOptions): Promise<UnlistenFn> {
  return connection().listen(event, handler, options)
}

/**
 * Listens for the next occurrence of an event only.
 *
 * @example
 * await once('job-done', () => (status.textContent = 'done'))
 */
export function once<T = unknown>(event: string, handler: EventCallback<T>, options?: ListenOptions): Promise<UnlistenFn> {
  return connection().once(event, handler, options)
}

/**
 * Emits an event to every window and to the backend.
 *
 * @example
 * await emit('theme-changed', { dark: true })
 */
export function emit(event: string, payload?: unknown): Promise<void> {
  return connection().emit(event, payload)
}

/**
 * Emits an event to one window by label (or `{ kind: 'App' }` for the backend only).
 *
 * @example
 * await emitTo('settings', 'refresh')
 */
export function emitTo(target: EmitTarget, event: string, payload?: unknown): Promise<void> {
  return connection().emitTo(target, event, payload)
}

/**
 * A client typed from the backend's app type; no code generation.
 *
 * @example
 * import type { HelloApp } from '../backend/app.ts'
 * const api = createClient<HelloApp>()
 * await api.invoke('greet', { name: 'World' }) // checked against the handler
 */
export function createClient<A>(conn?: Connection): TypedClient<A> {
  return createTypedClient<A>(conn ? () => conn : connection)
}

export type { ErrorCode } from '../core/errors.ts'
export { CausewayError, errorCodes, isCausewayError } from '../core/errors.ts'
export type { EmitTarget } from '../core/targets.ts'
export type { Frame } from '../core/wire.ts'
export { Channel } from './channel.ts'
export type {
  ClientTransport,
  ConnectionOptions,
  ConnectionState,
  Event,
  EventCallback,
  InvokeOptions,
  ListenOptions,
  StateChange,
  UnlistenFn,
} from './connection.ts'
export { Connection } from './connection.ts'
export type { ReconnectOptions } from './reconnect.ts'
export type {
  AppError,
  CommandsOf,
  EventsOf,
  InvokeError,
  InvokeRest,
  InvokeResult,
  ResultOf,
  SystemError,
  TypedClient,
} from './typed-client.ts'
