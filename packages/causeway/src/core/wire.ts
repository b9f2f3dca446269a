/**
 * Turns messages into WebSocket frames and back, and refuses values that cannot cross the wire.
 *
 * A message whose values are all JSON travels as one text frame. A message holding
 * `Uint8Array`/`ArrayBuffer` values travels as one binary frame:
 *
 *   [u32 LE: header length][header: UTF-8 JSON][bytes of blob 0][bytes of blob 1]...
 *
 * The header is the message with every blob replaced by `null`, plus `$b`: one entry per blob,
 * `[path, byteLength, kind]`, where path is the list of keys leading to it and kind is 0 for a
 * Uint8Array and 1 for an ArrayBuffer. The bytes are never base64'd or copied into JSON.
 * Browser-safe: no `node:` imports.
 */
import { CausewayError } from './errors.ts'
import { formatPath } from './names.ts'

type Key = string | number
export type Attachment = [path: Key[], bytes: Uint8Array, kind: 0 | 1]

const encoder = new TextEncoder()
const decoder = new TextDecoder()

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

  const visit = (v: unknown): void => {
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
    if (obj instanceof Uint8Array) {
      blobs.push([path.slice(), obj, 0])
      return
    }
    if (obj instanceof ArrayBuffer) {
      blobs.push([path.slice(), new Uint8Array(obj), 1])
      return
    }
    if (ArrayBuffer.isView(obj)) {
      return fail(`a ${obj.constructor.name}`, 'send a Uint8Array over its buffer instead (new Uint8Array(view.buffer))')
    }
    if (ancestors.includes(obj)) return fail('a circular reference', 'the value contains itself; break the cycle before sending')
    const toJSON = (obj as { toJSON?: unknown }).toJSON
    if (typeof toJSON === 'function') {
      ancestors.push(obj)
      visit(toJSON.call(obj, path.length ? String(path[path.length - 1]) : ''))
      ancestors.pop()
      return
    }
    ancestors.push(obj)
    if (Array.isArray(obj)) {
      for (let i = 0; i < obj.length; i++) {
        path.push(i)
        visit(obj[i])
        path.pop()
      }
    } else {
      const proto = Object.getPrototypeOf(obj)
      if (proto !== Object.prototype && proto !== null) {
        const name = proto?.constructor?.name ?? 'object'
        const hint =
          obj instanceof Map
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
        visit((obj as Record<string, unknown>)[key])
        path.pop()
      }
    }
    ancestors.pop()
  }

  visit(value)
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
 * for (const socket of sockets) socket.send(encodePrepared({ t: 'event', event, ids }, 'p', prepared))
 */
export function prepare(value: unknown, root: string): PreparedValue {
  return new PreparedValue(value, value === undefined ? [] : inspect(value, root))
}

/** Frames `message` with the prepared value under `valueKey`. */
export function encodePrepared(message: object, valueKey: string, prepared: PreparedValue): Frame {
  if (prepared.value === undefined) return JSON.stringify(message)
  if (prepared.blobs.length === 0) {
    const head = JSON.stringify(message)
    return `${head.slice(0, -1)}${head.length > 2 ? ',' : ''}${JSON.stringify(valueKey)}:${prepared.text()}}`
  }
  const blobs = prepared.blobs
  const table = blobs.map(([path, bytes, kind]) => [[valueKey, ...path], bytes.byteLength, kind])
  const header = JSON.stringify({ ...message, [valueKey]: withoutBlobs(prepared.value, blobs), $b: table })
  const headerBytes = encoder.encode(header)
  const prefix = new Uint8Array(4)
  new DataView(prefix.buffer).setUint32(0, headerBytes.byteLength, true)
  return [prefix, headerBytes, ...blobs.map(([, bytes]) => bytes)]
}

/**
 * Encodes a message. `valueKey` names the field holding user data (checked and named `root` in
 * errors); the rest of the message is trusted protocol data.
 */
export function encode(message: object, valueKey: string, root: string): Frame {
  const { [valueKey]: value, ...rest } = message as Record<string, unknown>
  return encodePrepared(rest, valueKey, prepare(value, root))
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

/**
 * Decodes a frame into its messages: one, or several when the sender batched them (a text frame
 * holding a JSON array, see `batcher.ts`).
 */
export function decodeAll(frame: string | Uint8Array): Record<string, unknown>[] {
  if (typeof frame !== 'string' || frame.charCodeAt(0) !== 0x5b /* [ */) return [decode(frame)]
  let parsed: unknown
  try {
    parsed = JSON.parse(frame)
  } catch {
    throw new CausewayError('Protocol', 'frame is not valid JSON')
  }
  if (!Array.isArray(parsed) || !parsed.every((m) => typeof m === 'object' && m !== null && !Array.isArray(m))) {
    throw new CausewayError('Protocol', 'a batch frame must be an array of message objects')
  }
  return parsed as Record<string, unknown>[]
}

/**
 * Decodes a frame into a message object. Throws `Protocol` for anything malformed; the caller
 * decides what to tell the other side.
 */
export function decode(frame: string | Uint8Array): Record<string, unknown> {
  if (typeof frame === 'string') return parseObject(frame)
  if (frame.byteLength < 4) throw new CausewayError('Protocol', 'binary frame shorter than its header length field')
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength)
  const headerLength = view.getUint32(0, true)
  if (4 + headerLength > frame.byteLength) throw new CausewayError('Protocol', 'binary frame header runs past the end of the frame')
  const message = parseObject(decoder.decode(frame.subarray(4, 4 + headerLength)))
  const table = message.$b
  delete message.$b
  if (!Array.isArray(table)) throw new CausewayError('Protocol', 'binary frame without a blob table')
  let offset = 4 + headerLength
  for (const entry of table) {
    if (!Array.isArray(entry) || !Array.isArray(entry[0]) || entry[0].length === 0 || typeof entry[1] !== 'number') {
      throw new CausewayError('Protocol', 'malformed blob table entry')
    }
    const [path, length, kind] = entry as [Key[], number, number]
    if (!Number.isInteger(length) || length < 0 || offset + length > frame.byteLength)
      throw new CausewayError('Protocol', 'blob runs past the end of the frame')
    const bytes = blobBytes(frame, offset, length, kind === 1)
    offset += length
    setAt(message, path, kind === 1 ? bytes.buffer : bytes)
  }
  return message
}

/** Below this size a blob is copied out of its frame; above it, handed out as a view. */
const COPY_LIMIT = 64 * 1024

/**
 * A blob's bytes. An ArrayBuffer must be exactly the blob, so it is always a copy (not
 * `frame.slice()`: on a Node Buffer that is a view whose `.buffer` is the whole frame or pool).
 * A large Uint8Array is a view into the frame, which it nearly fills anyway: copying 50 MB would
 * cost more than the transfer. A small one is copied so it does not pin a larger frame.
 */
function blobBytes(frame: Uint8Array, offset: number, length: number, exact: boolean): Uint8Array {
  const view = frame.subarray(offset, offset + length)
  return exact || length < COPY_LIMIT ? new Uint8Array(view) : view
}

function parseObject(text: string): Record<string, unknown> {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new CausewayError('Protocol', 'frame is not valid JSON')
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new CausewayError('Protocol', 'frame is not a JSON object')
  return parsed as Record<string, unknown>
}

function setAt(root: Record<string, unknown>, path: Key[], value: unknown): void {
  let node: unknown = root
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i] as Key
    if (key === '__proto__' || typeof node !== 'object' || node === null)
      throw new CausewayError('Protocol', 'blob path does not exist in the header')
    node = (node as Record<Key, unknown>)[key]
  }
  const last = path[path.length - 1] as Key
  if (last === '__proto__' || typeof node !== 'object' || node === null)
    throw new CausewayError('Protocol', 'blob path does not exist in the header')
  ;(node as Record<Key, unknown>)[last] = value
}
