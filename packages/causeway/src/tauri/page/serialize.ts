/**
 * Tauri's argument rules for `invoke` (its `process-ipc-message-fn.js`), turned into what
 * Causeway's wire carries:
 * - a top-level ArrayBuffer, typed array, DataView or byte array is a raw body: the handler
 *   receives one `Uint8Array`;
 * - anything else goes through JSON with Tauri's replacer: a `Map` becomes an object, a nested
 *   `Uint8Array`/`ArrayBuffer` becomes a number array, and an object with a
 *   `__TAURI_TO_IPC_KEY__` method is replaced by what it returns.
 * Browser-safe.
 */
import { CHANNEL_PREFIX } from '../../core/protocol.ts'

/** The method name `@tauri-apps/api/core` calls `SERIALIZE_TO_IPC_FN`. */
export const TO_IPC_KEY = '__TAURI_TO_IPC_KEY__'

/**
 * The own property `new Channel()` of `@tauri-apps/api` 2.0 to 2.4 sets; 2.5 dropped it. Those
 * versions read channel frames as `{ message, id }` and know no end marker.
 */
const LEGACY_CHANNEL_MARKER = '__TAURI_CHANNEL_MARKER__'

/** How the page's `Channel` reads its frames: `{ message, index }` and an end marker (2.5+), or `{ message, id }` (2.0 to 2.4). */
export type ChannelShape = 'index' | 'id'

export interface SerializedArgs {
  /** What goes on the wire as the invoke's `args`. */
  args: unknown
  /** Ids of every `__CHANNEL__:<id>` string in the arguments, at any depth. */
  channelIds: number[]
  /** The frame shape each channel's `Channel` object expects, by id; `'index'` when only its string was passed. */
  channelShapes: Map<number, ChannelShape>
}

/**
 * Serializes `invoke` arguments exactly as Tauri's page does.
 *
 * @example
 * serializeArgs({ data: new Uint8Array([1, 2]) }).args // { data: [1, 2] }
 * serializeArgs(new Uint16Array([1])).args            // Uint8Array [1, 0]
 */
export function serializeArgs(args: unknown): SerializedArgs {
  const raw = rawBody(args)
  if (raw) return { args: raw, channelIds: [], channelShapes: new Map() }
  const channelIds: number[] = []
  const channelShapes = new Map<number, ChannelShape>()
  // A replacer sees what `toJSON` returned; `this[key]` is still the object itself, so a
  // Channel's version shows through its string.
  const text = JSON.stringify(args, function (this: unknown, key: string, value: unknown) {
    if (typeof value === 'string') {
      if (value.startsWith(CHANNEL_PREFIX)) {
        const id = Number(value.slice(CHANNEL_PREFIX.length))
        if (Number.isSafeInteger(id)) {
          channelIds.push(id)
          const original = (this as Record<string, unknown> | undefined)?.[key]
          const legacy =
            typeof original === 'object' && original !== null && (original as Record<string, unknown>)[LEGACY_CHANNEL_MARKER] === true
          channelShapes.set(id, legacy ? 'id' : 'index')
        }
      }
      return value
    }
    if (typeof value !== 'object' || value === null) return value
    if (value instanceof Map) return Object.fromEntries(value)
    if (value instanceof Uint8Array) return Array.from(value)
    if (value instanceof ArrayBuffer) return Array.from(new Uint8Array(value))
    const toIpc = (value as Record<string, unknown>)[TO_IPC_KEY]
    return typeof toIpc === 'function' ? toIpc.call(value) : value
  })
  return { args: text === undefined ? undefined : JSON.parse(text), channelIds, channelShapes }
}

/** The bytes of a top-level raw body, or undefined when `args` is not one. */
function rawBody(args: unknown): Uint8Array | undefined {
  if (args instanceof ArrayBuffer) return new Uint8Array(args)
  if (ArrayBuffer.isView(args)) return new Uint8Array(args.buffer, args.byteOffset, args.byteLength)
  // Tauri sends a top-level array as the body too; Rust reads it as bytes (`Vec<u8>`).
  if (Array.isArray(args) && args.every((n) => Number.isInteger(n) && n >= 0 && n <= 255)) return Uint8Array.from(args as number[])
  return undefined
}

/**
 * `options.headers` in any `HeadersInit` form as a plain record with lower-case names (HTTP
 * names are case-insensitive, and that is what a Rust command sees). Undefined values are
 * dropped: plugin-fs passes `options: undefined` when the caller gave none.
 *
 * @example
 * normalizeHeaders({ Path: '%2Fa', options: undefined }) // { path: '%2Fa' }
 */
export function normalizeHeaders(init: unknown): Record<string, string> | undefined {
  if (init === undefined || init === null) return undefined
  const out: Record<string, string> = {}
  const put = (name: unknown, value: unknown): void => {
    if (value !== undefined && value !== null) out[String(name).toLowerCase()] = String(value)
  }
  if (typeof Headers !== 'undefined' && init instanceof Headers)
    init.forEach((value, name) => {
      put(name, value)
    })
  else if (Array.isArray(init)) for (const pair of init) put((pair as unknown[])[0], (pair as unknown[])[1])
  else if (typeof init === 'object') for (const [name, value] of Object.entries(init)) put(name, value)
  return Object.keys(out).length > 0 ? out : undefined
}

/**
 * A raw-bytes result as Tauri resolves it: an `ArrayBuffer` holding exactly those bytes.
 *
 * @example
 * asArrayBuffer(new Uint8Array([1, 2])) // ArrayBuffer { byteLength: 2 }
 */
export function asArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer) return bytes.buffer
  return bytes.slice().buffer as ArrayBuffer
}
