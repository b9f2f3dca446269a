/**
 * The receiving edge of the wire: a frame from the other side (untrusted text or bytes) becomes
 * typed protocol messages, once, so code behind it trusts the types. Frame formats are described
 * in `wire.ts`. Browser-safe: no `node:` imports.
 *
 * Nothing here throws. A frame that cannot be read at all (not JSON, broken binary framing)
 * comes back as a `CausewayError` with code `Protocol`; inside a readable frame, each message is
 * either valid or an `InvalidMessage`, so one bad message in a batch does not cost the others.
 * No input can exhaust the stack: values are depth-limited by an iterative walk, and a blob may
 * only land on a `null` the header already holds inside the message's value field.
 */
import { CausewayError } from './errors.ts'
import { type Checks, clientChecks, isIndex, isPlainObject, quote, type Raw, serverChecks } from './message-checks.ts'
import { type ClientMessage, MAX_DEPTH, type Message, RESERVED_KEYS, type ServerMessage, VALUE_FIELDS, type ValueKind } from './protocol.ts'

/** Bounds a parser applies beyond the protocol's own rules. */
export interface ParseLimits {
  /**
   * How many arrays/objects a message's value may nest; default `MAX_DEPTH`. Code behind the
   * edge may recurse that deep (the backend looks for channel arguments), so raise it with care.
   */
  maxDepth?: number
  /** How many messages one batched frame may hold; a larger batch is refused whole. Default unbounded. */
  maxMessages?: number
}

/** A message that was read but refused. */
export interface InvalidMessage {
  t: 'invalid'
  /**
   * The call id, when the message claimed to be a call (`invoke`) or an answer to one (`ok`,
   * `err`) and its id was readable: the backend answers that call with a `Protocol` error, the
   * page rejects it. Absent for every other kind, whose ids name no call.
   */
  id?: number
  /** What is wrong, for a warning or the `Protocol` error's message. */
  reason: string
}

/** A frame's messages in order, or the `Protocol` error that made the frame unreadable. */
export type ParsedFrame<M extends Message> = Array<M | InvalidMessage> | CausewayError

interface Direction<M extends Message> {
  readonly checks: Checks<M>
  /** Kinds whose `id` names a call, reported in `InvalidMessage.id`. */
  readonly calls: ReadonlySet<string>
}

const fromPage: Direction<ClientMessage> = { checks: clientChecks, calls: new Set(['invoke']) }
const fromBackend: Direction<ServerMessage> = { checks: serverChecks, calls: new Set(['ok', 'err']) }
const eitherWay: Direction<Message> = {
  checks: { ...clientChecks, ...serverChecks },
  calls: new Set(['invoke', 'ok', 'err']),
}

const decoder = new TextDecoder()

/** Below this size a blob is copied out of its frame; above it, handed out as a view. */
const COPY_LIMIT = 64 * 1024

/**
 * Parses a frame a page sent to the backend.
 *
 * @example
 * const parsed = parseClientFrame(frame)
 * if (parsed instanceof CausewayError) return warn(parsed.message)
 * for (const message of parsed) {
 *   if (message.t === 'invalid') { if (message.id !== undefined) failCall(message.id, message.reason); continue }
 *   handle(message) // a ClientMessage
 * }
 */
export function parseClientFrame(frame: string | Uint8Array, limits: ParseLimits = {}): ParsedFrame<ClientMessage> {
  return parseFrame(frame, fromPage, limits.maxDepth ?? MAX_DEPTH, limits.maxMessages)
}

/**
 * Parses a frame the backend sent to a page. A malformed frame never throws into the page.
 *
 * @example
 * const parsed = parseServerFrame(frame)
 * if (parsed instanceof CausewayError) return onWarning(parsed.message)
 * for (const message of parsed) if (message.t !== 'invalid') handle(message) // a ServerMessage
 */
export function parseServerFrame(frame: string | Uint8Array, limits: ParseLimits = {}): ParsedFrame<ServerMessage> {
  return parseFrame(frame, fromBackend, limits.maxDepth ?? MAX_DEPTH, limits.maxMessages)
}

/** Both directions at once; only for the deprecated `decodeAll` in `wire.ts`. @internal */
export function parseAnyFrame(frame: string | Uint8Array): ParsedFrame<Message> {
  return parseFrame(frame, eitherWay, MAX_DEPTH)
}

function parseFrame<M extends Message>(
  frame: string | Uint8Array,
  direction: Direction<M>,
  maxDepth: number,
  maxMessages = Number.POSITIVE_INFINITY,
): ParsedFrame<M> {
  if (typeof frame !== 'string') return parseBinary(frame, direction, maxDepth)
  const parsed = parseJson(frame, 'frame')
  if (parsed instanceof CausewayError) return parsed
  if (Array.isArray(parsed) && parsed.length > maxMessages) {
    return new CausewayError('Protocol', `a batch of ${parsed.length} messages is over the limit of ${maxMessages} per frame`)
  }
  if (Array.isArray(parsed)) return parsed.map((raw) => toMessage(raw, direction, maxDepth))
  if (isPlainObject(parsed)) return [toMessage(parsed, direction, maxDepth)]
  return new CausewayError('Protocol', 'a text frame must hold a message object or an array of them')
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text)
  } catch (error) {
    // Engines whose JSON.parse recurses throw RangeError on very deep input: refused the same way.
    const why = error instanceof RangeError ? 'nests too deeply to parse' : 'is not valid JSON'
    return new CausewayError('Protocol', `${what} ${why}`)
  }
}

function toMessage<M extends Message>(raw: unknown, direction: Direction<M>, maxDepth: number): M | InvalidMessage {
  if (!isPlainObject(raw)) return { t: 'invalid', reason: 'a message must be a JSON object' }
  const t = Object.hasOwn(raw, 't') ? raw.t : undefined
  if (typeof t !== 'string') return { t: 'invalid', reason: 'a message needs its type `t` as a string' }
  const checks = direction.checks as unknown as Record<string, (raw: Raw, maxDepth: number) => M | string>
  const check = Object.hasOwn(checks, t) ? checks[t] : undefined
  if (check === undefined) return { t: 'invalid', reason: `unknown message type ${quote(t)}` }
  const checked = check(raw, maxDepth)
  return typeof checked === 'string' ? invalid(t, Object.hasOwn(raw, 'id') ? raw.id : undefined, direction.calls, checked) : checked
}

function invalid(t: string, id: unknown, calls: ReadonlySet<string>, reason: string): InvalidMessage {
  const message: InvalidMessage = { t: 'invalid', reason }
  if (calls.has(t) && isIndex(id)) message.id = id
  return message
}

/** `[u32 LE: header length][header JSON][blob bytes...]`: see `wire.ts`. */
function parseBinary<M extends Message>(frame: Uint8Array, direction: Direction<M>, maxDepth: number): ParsedFrame<M> {
  if (frame.byteLength < 4) return new CausewayError('Protocol', 'binary frame shorter than its header length field')
  const headerLength = new DataView(frame.buffer, frame.byteOffset, frame.byteLength).getUint32(0, true)
  if (headerLength > frame.byteLength - 4) return new CausewayError('Protocol', 'binary frame header runs past the end of the frame')
  const header = parseJson(decoder.decode(frame.subarray(4, 4 + headerLength)), 'binary frame header')
  if (header instanceof CausewayError) return header
  if (!isPlainObject(header)) return new CausewayError('Protocol', 'binary frame header is not a JSON object')
  const message = toMessage(header, direction, maxDepth)
  if (message.t === 'invalid') return [message]
  const table = Object.hasOwn(header, '$b') ? header.$b : undefined
  const problem = attachBlobs(message, table, frame, 4 + headerLength, maxDepth)
  return [
    problem === undefined ? message : invalid(message.t, Object.hasOwn(header, 'id') ? header.id : undefined, direction.calls, problem),
  ]
}

/**
 * Puts each blob of the table where its path says, inside the checked message. Returns why the
 * table is refused, if it is. The message is discarded then, so a half-placed table is harmless.
 */
function attachBlobs(message: Message, table: unknown, frame: Uint8Array, start: number, maxDepth: number): string | undefined {
  if (!Array.isArray(table)) return 'binary frame without a blob table ($b)'
  let offset = start
  for (let n = 0; n < table.length; n++) {
    const entry: unknown = table[n]
    if (!Array.isArray(entry) || entry.length !== 3) return `blob ${n}: a blob table entry must be [path, byteLength, kind]`
    const [path, length, kind] = entry as [unknown, unknown, unknown]
    if (!isIndex(length)) return `blob ${n}: its byteLength must be a non-negative safe integer`
    if (kind !== 0 && kind !== 1) return `blob ${n}: its kind must be 0 (Uint8Array) or 1 (ArrayBuffer)`
    if (length > frame.byteLength - offset) return `blob ${n} runs past the end of the frame`
    const slot = slotFor(message, path, maxDepth)
    if (typeof slot === 'string') return `blob ${n}: ${slot}`
    const bytes = blobBytes(frame, offset, length, kind === 1)
    slot[0][slot[1]] = kind === 1 ? bytes.buffer : bytes
    offset += length
  }
  if (offset !== frame.byteLength) return `binary frame holds ${frame.byteLength - offset} bytes after its last blob`
  return undefined
}

type Container = Record<string | number, unknown>

/**
 * Where a blob goes: a `null` the header holds inside the message's value field (`args`, `v`,
 * `e.data`, `p`), reached only through own keys of plain objects and indexes of arrays,
 * never through a reserved key. The envelope (`t`, `id`, `cmd`...) can never receive bytes.
 */
function slotFor(message: Message, path: unknown, maxDepth: number): [Container, string | number] | string {
  const field = Object.hasOwn(VALUE_FIELDS, message.t) ? VALUE_FIELDS[message.t as ValueKind] : undefined
  if (field === undefined) return `a ${message.t} message carries no bytes`
  if (!Array.isArray(path) || path[0] !== field) return `bytes may only be placed inside ${message.t}.${field}`
  if (message.t === 'err' && path[1] !== 'data') return 'bytes may only be placed inside err.e.data'
  if (path.length > maxDepth + 1) return 'its path is longer than a value may nest'
  let node: unknown = message
  for (let i = 0; i < path.length; i++) {
    const key: unknown = path[i]
    if (Array.isArray(node)) {
      if (typeof key !== 'number' || !Number.isInteger(key) || key < 0 || key >= node.length) {
        return `its path step ${i} is not an index of the array there`
      }
    } else if (isPlainObject(node)) {
      if (typeof key !== 'string') return `its path step ${i} is not a string key of the object there`
      if (RESERVED_KEYS.has(key)) return `its path uses the reserved key ${quote(key)}`
      if (!Object.hasOwn(node, key)) return `its path step ${i} (${quote(key)}) is not in the header`
    } else return `its path step ${i} leads into something that is neither an array nor an object`
    const container = node as Container
    const step = key as string | number
    if (i === path.length - 1) return container[step] === null ? [container, step] : 'its path does not end at a null in the header'
    node = container[step]
  }
  return 'its path is empty'
}

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
