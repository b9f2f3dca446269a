/**
 * Turns messages into WebSocket frames, and refuses values that cannot cross the wire. The
 * receiving side is `parse.ts`.
 *
 * A message whose values are all JSON travels as one text frame; messages written in the same
 * tick may share one text frame as a JSON array (see `batcher.ts`). A message holding
 * `Uint8Array`/`ArrayBuffer` values travels as one binary frame:
 *
 *   [u32 LE: header length][header: UTF-8 JSON][bytes of blob 0][bytes of blob 1]...
 *
 * The header is the message with every blob replaced by `null`, plus `$b`: one entry per blob,
 * `[path, byteLength, kind]`, where path is the list of keys leading to it from the message
 * (always starting with the message's value field, see `VALUE_FIELDS`) and kind is 0 for a
 * Uint8Array and 1 for an ArrayBuffer. The bytes are never base64'd or copied into JSON.
 * Browser-safe: no `node:` imports.
 */
import { CausewayError } from './errors.ts'
import { formatPath } from './names.ts'
import { parseAnyFrame } from './parse.ts'
import { MAX_DEPTH, type Message, RESERVED_KEYS, VALUE_FIELDS, type ValueKind } from './protocol.ts'

type Key = string | number
export type Attachment = [path: Key[], bytes: Uint8Array, kind: 0 | 1]

const encoder = new TextEncoder()

/** A frame as handed to a transport: text, or bytes as one or more chunks written back to back. */
export type Frame = string | Uint8Array[]

/**
 * Checks that `value` can cross the wire and collects its binary parts.
 * Throws `NotSerializable` naming the path (`result.items[3].owner`) of the first bad value.
 */
function inspect(value: unknown, root: string): Attachment[] {
  const blobs: Attachment[] = []
  const ancestors: object[] = []
  const path: Key[] = []

  const fail = (what: string, hint: string): never => {
    throw new CausewayError('NotSerializable', `${formatPath(path, root)} is ${what}, which cannot cross the wire: ${hint}`)
  }

  /** `depth`: how many arrays/objects hold `v`; `viaToJSON`: `v` is what a toJSON() returned. */
  const visit = (v: unknown, depth: number, viaToJSON: boolean): void => {
    switch (typeof v) {
      case 'string':
      case 'boolean':
      case 'undefined':
        return
      case 'number':
        if (!Number.isFinite(v)) fail(String(v), 'JSON would turn it into null; send a finite number, a string or null')
        return
      case 'bigint':
        return fail('a BigInt', 'convert it with String(value) or Number(value)')
      case 'symbol':
        return fail('a Symbol', 'send its description or another identifier instead')
      case 'function':
        return fail('a function', 'functions cannot be sent; send data, or use a Channel for callbacks')
    }
    if (v === null) return
    const obj = v as object
    if (obj instanceof Uint8Array || obj instanceof ArrayBuffer) {
      const reserved = path.find((key) => typeof key === 'string' && RESERVED_KEYS.has(key))
      if (reserved !== undefined) {
        fail(
          `bytes under the key ${JSON.stringify(reserved)}`,
          'binary frames never place bytes through __proto__, constructor or prototype; rename the key',
        )
      }
      blobs.push(obj instanceof Uint8Array ? [path.slice(), obj, 0] : [path.slice(), new Uint8Array(obj), 1])
      return
    }
    if (ArrayBuffer.isView(obj)) {
      return fail(`a ${obj.constructor.name}`, 'send a Uint8Array over its buffer instead (new Uint8Array(view.buffer))')
    }
    if (ancestors.includes(obj)) return fail('a circular reference', 'the value contains itself; break the cycle before sending')
    // As JSON.stringify: a value's toJSON() runs once, and what it returns is sent as it is.
    const toJSON = viaToJSON ? undefined : (obj as { toJSON?: unknown }).toJSON
    if (typeof toJSON === 'function') {
      ancestors.push(obj)
      visit(toJSON.call(obj, path.length ? String(path[path.length - 1]) : ''), depth, true)
      ancestors.pop()
      return
    }
    if (depth === MAX_DEPTH) {
      throw new CausewayError(
        'NotSerializable',
        `${root} nests deeper than ${MAX_DEPTH} arrays/objects (at ${formatPath(path.slice(0, 8), root)}...), which the other side ` +
          'refuses: flatten it, or send the deep part as a JSON string',
      )
    }
    ancestors.push(obj)
    if (Array.isArray(obj)) {
      for (let i = 0; i < obj.length; i++) {
        path.push(i)
        visit(obj[i], depth + 1, false)
        path.pop()
      }
    } else {
      const proto = Object.getPrototypeOf(obj)
      if (proto !== Object.prototype && proto !== null) {
        const name = proto?.constructor?.name ?? 'object'
        const hint = viaToJSON
          ? `toJSON() returned it, and JSON sends what toJSON() returns as it is (a ${name} would arrive as {}): return plain data`
          : obj instanceof Map
            ? 'convert it with Object.fromEntries(map) or [...map]'
            : obj instanceof Set
              ? 'convert it with [...set]'
              : obj instanceof Error
                ? 'send { message: error.message } or return err(kind, data) from the handler'
                : `give ${name} a toJSON() method or send a plain object`
        fail(`a ${name}`, hint)
      }
      for (const key in obj) {
        path.push(key)
        visit((obj as Record<string, unknown>)[key], depth + 1, false)
        path.pop()
      }
    }
    ancestors.pop()
  }

  visit(value, 0, false)
  return blobs
}

/**
 * A value checked once and ready to be framed many times: an event fanned out to many windows
 * is walked and turned into JSON once, not once per window.
 */
export class PreparedValue {
  private json: string | undefined
  constructor(
    readonly value: unknown,
    /** The binary parts found in it. */
    readonly blobs: readonly Attachment[],
  ) {}

  /** The value's JSON (only meaningful when it holds no bytes). */
  text(): string {
    this.json ??= JSON.stringify(this.value) ?? 'null'
    return this.json
  }
}

/**
 * Checks a value for the wire once; throws `NotSerializable` naming the path under `root`.
 *
 * @example
 * const prepared = prepare(payload, 'payload')
 * for (const session of sessions) session.send(encodeEvent('job-progress', session.listenerIds, prepared))
 */
export function prepare(value: unknown, root: string): PreparedValue {
  return new PreparedValue(value, value === undefined ? [] : inspect(value, root))
}

/**
 * Encodes a message. The field holding user data follows from its type (`VALUE_FIELDS`: invoke
 * `args`, ok `v`, err `e`, event `p`, chan `v`, plugin `p`); only that field is checked, and a
 * value that cannot cross the wire throws `NotSerializable` naming it as `args`, `result`,
 * `error`, `payload` or `channel message <i>`. The rest is trusted protocol data.
 *
 * @example
 * encodeMessage({ t: 'ok', id: 7, v: { size: 3 } }) // '{"t":"ok","id":7,"v":{"size":3}}'
 * encodeMessage({ t: 'ok', id: 7, v: new Uint8Array(3) }) // [length prefix, header, bytes]
 * encodeMessage({ t: 'ok', id: 7, v: 10n }) // throws NotSerializable: result is a BigInt...
 */
export function encodeMessage(message: Message): Frame {
  if (!hasValue(message)) return JSON.stringify(message)
  const field = VALUE_FIELDS[message.t]
  const { [field]: value, ...envelope } = message as Record<string, unknown>
  return withPrepared(envelope, field, prepare(value, valueName(message)))
}

/**
 * Encodes an event whose payload was prepared once for many windows (`prepare(payload, 'payload')`).
 *
 * @example
 * const prepared = prepare(payload, 'payload')
 * for (const [session, ids] of listeners) session.send(encodeEvent('job-progress', ids, prepared))
 */
export function encodeEvent(event: string, ids: readonly number[], payload: PreparedValue): Frame {
  return withPrepared({ t: 'event', event, ids }, 'p', payload)
}

function hasValue(message: Message): message is Extract<Message, { t: ValueKind }> {
  return Object.hasOwn(VALUE_FIELDS, message.t)
}

/** How errors name a message's value: what the user calls it, not its wire field. */
function valueName(message: Extract<Message, { t: ValueKind }>): string {
  switch (message.t) {
    case 'invoke':
      return 'args'
    case 'ok':
      return 'result'
    case 'err':
      return 'error'
    case 'event':
    case 'plugin':
      return 'payload'
    case 'chan':
      return `channel message ${message.i}`
  }
}

/** Frames `envelope` with the prepared value under `field`. */
function withPrepared(envelope: object, field: string, prepared: PreparedValue): Frame {
  if (prepared.value === undefined) return JSON.stringify(envelope)
  if (prepared.blobs.length === 0) {
    const head = JSON.stringify(envelope)
    return `${head.slice(0, -1)}${head.length > 2 ? ',' : ''}${JSON.stringify(field)}:${prepared.text()}}`
  }
  const blobs = prepared.blobs
  const table = blobs.map(([path, bytes, kind]) => [[field, ...path], bytes.byteLength, kind])
  const header = JSON.stringify({ ...envelope, [field]: withoutBlobs(prepared.value, blobs), $b: table })
  const headerBytes = encoder.encode(header)
  const prefix = new Uint8Array(4)
  new DataView(prefix.buffer).setUint32(0, headerBytes.byteLength, true)
  return [prefix, headerBytes, ...blobs.map(([, bytes]) => bytes)]
}

/**
 * Frames `message` with the prepared value under `valueKey`.
 *
 * @deprecated internal: use encodeEvent/encodeMessage
 */
export function encodePrepared(message: object, valueKey: string, prepared: PreparedValue): Frame {
  return withPrepared(message, valueKey, prepared)
}

/**
 * Encodes a message whose user data sits under `valueKey` (named `root` in errors).
 *
 * @deprecated internal: use parseClientFrame/encodeMessage
 */
export function encode(message: object, valueKey: string, root: string): Frame {
  const { [valueKey]: value, ...rest } = message as Record<string, unknown>
  return withPrepared(rest, valueKey, prepare(value, root))
}

/**
 * Decodes a frame into its messages, either direction, and throws `Protocol` when the frame or
 * any message in it is malformed (a batch is refused as a whole).
 *
 * @deprecated internal: use parseClientFrame/parseServerFrame
 */
export function decodeAll(frame: string | Uint8Array): Record<string, unknown>[] {
  const parsed = parseAnyFrame(frame)
  if (parsed instanceof CausewayError) throw parsed
  return parsed.map((message) => {
    if (message.t === 'invalid') throw new CausewayError('Protocol', message.reason)
    return message
  })
}

/**
 * Decodes a frame holding one message; throws `Protocol` for anything malformed or a batch.
 *
 * @deprecated internal: use parseClientFrame/parseServerFrame
 */
export function decode(frame: string | Uint8Array): Record<string, unknown> {
  if (typeof frame === 'string' && frame.trimStart().startsWith('[')) throw new CausewayError('Protocol', 'frame is not a JSON object')
  return decodeAll(frame)[0] as Record<string, unknown>
}

/**
 * The value with `null` where its blobs are, for the JSON header. Only the containers on the
 * way to a blob are copied. (A JSON.stringify replacer cannot do this: a Buffer's `toJSON` runs
 * before the replacer sees it and would spell out every byte.)
 */
function withoutBlobs(value: unknown, blobs: readonly Attachment[]): unknown {
  const copies = new Set<object>()
  const copyOf = (node: object): Record<Key, unknown> => {
    if (copies.has(node)) return node as Record<Key, unknown>
    const copy = Array.isArray(node) ? node.slice() : { ...node }
    copies.add(copy)
    return copy as Record<Key, unknown>
  }
  if (blobs.some(([path]) => path.length === 0)) return null
  // The value's own toJSON() decides what is sent: its blobs are not where the paths say.
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return withoutBlobsSlow(value, blobs)
  let root: unknown = value
  for (const [path] of blobs) {
    root = copyOf(root as object)
    let node = root as Record<Key, unknown>
    for (const key of path.slice(0, -1)) {
      const child = node[key]
      // The path went through a toJSON() result, which is not in the original value.
      if (typeof child !== 'object' || child === null || typeof (child as { toJSON?: unknown }).toJSON === 'function') {
        return withoutBlobsSlow(value, blobs)
      }
      node = node[key] = copyOf(child)
    }
    node[path[path.length - 1] as Key] = null
  }
  return root
}

/**
 * For blobs inside toJSON() results: let JSON.stringify run toJSON, and drop what sits at a blob's
 * path. By path, not by identity: a toJSON() that builds its result afresh on each call returns
 * other Uint8Array objects to JSON.stringify than it returned to `inspect`.
 */
function withoutBlobsSlow(value: unknown, blobs: readonly Attachment[]): unknown {
  const blobPaths = new Set(blobs.map(([path]) => JSON.stringify(path)))
  const pathOf = new Map<unknown, Key[]>()
  const text = JSON.stringify(value, function (this: unknown, key, v: unknown) {
    const parent = pathOf.get(this)
    // The first call has the wrapper JSON.stringify makes as `this`: the value itself, at [].
    const path = parent === undefined ? [] : [...parent, Array.isArray(this) ? Number(key) : key]
    if (blobPaths.has(JSON.stringify(path))) return null
    if (typeof v === 'object' && v !== null) pathOf.set(v, path)
    return v
  })
  return JSON.parse(text)
}

/** Joins a binary frame's chunks into one buffer (for transports that take a single buffer). */
export function concatFrame(chunks: Uint8Array[]): Uint8Array {
  let total = 0
  for (const c of chunks) total += c.byteLength
  const out = new Uint8Array(total)
  let offset = 0
  for (const c of chunks) {
    out.set(c, offset)
    offset += c.byteLength
  }
  return out
}
