/**
 * The objects `@tauri-apps/api` and its plugins read from the page: `__TAURI_INTERNALS__` and
 * `__TAURI_EVENT_PLUGIN_INTERNALS__`, built on one Causeway `Connection`. Nothing here touches
 * `window`, so it also runs over a Node client; `page.ts` installs the result as globals.
 */
import { type ChannelReceiver, liveChannels } from '../../api/channel.ts'
import { CallFailure, type Connection } from '../../api/connection.ts'
import { CallbackTable, type TauriCallback } from './callbacks.ts'
import { rejectionValue } from './rejection.ts'
import { asArrayBuffer, type ChannelShape, normalizeHeaders, serializeArgs } from './serialize.ts'

/** The label of this window, and whether it is known yet (it arrives with the connection's hello). */
export interface LabelSource {
  readonly label: string
}

export interface ContractOptions {
  /** Where `metadata` reads the window label from; filled in by the page once the backend said hello. */
  label: LabelSource
  /** `'/'` and `':'` on POSIX, `'\\'` and `';'` on Windows: the backend's, which is this machine. */
  path: { sep: string; delimiter: string }
  /** The app server's origin, for `convertFileSrc`. */
  origin: string
}

export interface TauriInternals {
  invoke(cmd: string, args?: unknown, options?: { headers?: unknown }): Promise<unknown>
  transformCallback(callback?: TauriCallback | null, once?: boolean): number
  unregisterCallback(id: number): void
  runCallback(id: number, data: unknown): unknown
  callbacks: Map<number, TauriCallback>
  convertFileSrc(path: string, protocol?: string): string
  metadata: {
    currentWindow: { readonly label: string }
    currentWebview: { readonly label: string; readonly windowLabel: string }
  }
  plugins: { path: { sep: string; delimiter: string } }
}

export interface TauriEventInternals {
  unregisterListener(event: string, eventId: number): void
}

/**
 * Builds the contract objects over `connection`.
 *
 * @example
 * const { internals, eventInternals } = createTauriContract(connection(), { label, path, origin })
 * window.__TAURI_INTERNALS__ = internals
 */
export function createTauriContract(
  connection: Connection,
  options: ContractOptions,
): { internals: TauriInternals; eventInternals: TauriEventInternals } {
  const table = new CallbackTable()
  /** `${event}\0${eventId}` → the handler callback `listen` registered, for `unregisterListener`. */
  const listenerCallbacks = new Map<string, number>()
  const listenerKey = (event: string, eventId: number): string => `${event}\0${eventId}`
  let warnedFileSrc = false

  /**
   * Routes a channel's frames to the Tauri callback of the same id, in the shape that page's
   * `Channel` reads: `{ message, index }` then `{ end: true, index }` (2.5+), or `{ message, id }`
   * (2.0 to 2.4, which has no end marker: the callback is unregistered here instead).
   */
  function routeChannel(id: number, shape: ChannelShape): ChannelReceiver | undefined {
    if (!table.has(id) || liveChannels.has(id)) return undefined
    const receiver: ChannelReceiver = {
      message(value, index) {
        const message = value instanceof Uint8Array ? asArrayBuffer(value) : value
        if (table.has(id)) table.run(id, shape === 'index' ? { message, index } : { message, id: index })
      },
      end(count) {
        if (shape === 'id') table.unregister(id)
        else if (table.has(id)) table.run(id, { end: true, index: count })
      },
    }
    liveChannels.set(id, receiver)
    return receiver
  }

  /** Event listeners: deliver through the handler callback, with the event id as Tauri does. */
  function registerListener(args: unknown, eventId: unknown): void {
    const { event, handler } = (args ?? {}) as { event?: unknown; handler?: unknown }
    if (typeof event !== 'string' || typeof handler !== 'number' || typeof eventId !== 'number') return
    listenerCallbacks.set(listenerKey(event, eventId), handler)
    connection.addHandler(eventId, event, (e) => table.run(handler, { event: e.event, payload: e.payload ?? null, id: e.id }))
  }

  function forgetListener(event: string, eventId: number): void {
    const key = listenerKey(event, eventId)
    const handler = listenerCallbacks.get(key)
    listenerCallbacks.delete(key)
    if (handler !== undefined) table.unregister(handler)
    connection.removeHandler(eventId)
  }

  async function invoke(cmd: string, args: unknown = {}, invokeOptions?: { headers?: unknown }): Promise<unknown> {
    const serialized = serializeArgs(args)
    const headers = normalizeHeaders(invokeOptions?.headers)
    if (cmd === 'plugin:event|unlisten') {
      const { event, eventId } = (serialized.args ?? {}) as { event?: unknown; eventId?: unknown }
      if (typeof event === 'string' && typeof eventId === 'number') forgetListener(event, eventId)
    }
    const routed = serialized.channelIds.flatMap((id) => {
      const receiver = routeChannel(id, serialized.channelShapes.get(id) ?? 'index')
      return receiver ? [[id, receiver] as const] : []
    })
    let value: unknown
    try {
      value = await connection.call(cmd, serialized.args, headers ? { headers } : {})
    } catch (failure) {
      // A refused or failed call never started its channels, or already ended them.
      for (const [id, receiver] of routed) if (liveChannels.get(id) === receiver) liveChannels.delete(id)
      throw CallFailure.is(failure) ? rejectionValue(cmd, failure.payload) : String(failure)
    }
    if (cmd === 'plugin:event|listen') registerListener(serialized.args, value)
    // A Rust command returning `()` answers JSON null; Causeway sends nothing for undefined.
    if (value === undefined) return null
    return value instanceof Uint8Array ? asArrayBuffer(value) : value
  }

  const internals: TauriInternals = {
    invoke,
    transformCallback: (callback, once = false) => table.transform(callback, once),
    unregisterCallback: (id) => table.unregister(id),
    runCallback: (id, data) => table.run(id, data),
    callbacks: table.callbacks,
    convertFileSrc(path, protocol = 'asset') {
      // Causeway has no asset protocol yet: the URL names the route the host would serve it on.
      if (!warnedFileSrc) {
        warnedFileSrc = true
        console.warn('[causeway] convertFileSrc: serving local files to the page is not implemented yet; the URL it returns will not load')
      }
      return `${options.origin}/__causeway/${encodeURIComponent(protocol)}?path=${encodeURIComponent(path)}`
    },
    metadata: {
      currentWindow: {
        get label() {
          return options.label.label
        },
      },
      currentWebview: {
        get label() {
          return options.label.label
        },
        get windowLabel() {
          return options.label.label
        },
      },
    },
    plugins: { path: { ...options.path } },
  }
  return { internals, eventInternals: { unregisterListener: forgetListener } }
}
