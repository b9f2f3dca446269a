/**
 * Field-by-field checks that turn one decoded JSON object into a typed protocol message, or say
 * what is wrong with it. Used by `parse.ts`. Each check builds a fresh message from the fields it
 * knows, so unknown fields (and `$b`) never reach the code behind the edge. The only walk over
 * arbitrary data, the depth check of a value, is iterative.
 */
import { type ErrorCode, type ErrorPayload, errorCodes } from './errors.ts'
import type { ClientMessage, Message, ServerMessage } from './protocol.ts'

/** A decoded JSON object, not yet trusted. */
export type Raw = Record<string, unknown>

/** Checks one kind of message: the typed message, or the reason it is refused. */
type Check<M> = (raw: Raw, maxDepth: number) => M | string

/** One check per message kind of a direction. */
export type Checks<M extends Message> = { readonly [T in M['t']]: Check<Extract<M, { t: T }>> }

type Of<T extends Message['t']> = Extract<Message, { t: T }>

/** A non-negative safe integer: call ids, channel ids, positions and counts. */
export function isIndex(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
}

/** An object as JSON.parse makes it: not an array, not a class instance. */
export function isPlainObject(value: unknown): value is Raw {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

/**
 * True when `value` nests more than `max` arrays/objects (`[]` is depth 1). Iterative, so a value
 * nested 100,000 levels deep is answered, not a stack overflow. Bytes are leaves.
 *
 * @example
 * nestsDeeperThan([[1]], 1) // true
 */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  if (typeof value !== 'object' || value === null) return false
  if (max < 1) return true
  // An explicit stack (containers still to look into, and their depths), reused in place.
  const nodes: object[] = [value]
  const depths: number[] = [1]
  let top = 1
  while (top > 0) {
    top--
    const node = nodes[top] as Record<string, unknown>
    const depth = depths[top] as number
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const child: unknown = node[i]
        if (typeof child !== 'object' || child === null) continue
        if (depth === max) return true
        nodes[top] = child
        depths[top++] = depth + 1
      }
    } else if (!ArrayBuffer.isView(node) && !(node instanceof ArrayBuffer)) {
      for (const key in node) {
        const child = node[key]
        if (typeof child !== 'object' || child === null) continue
        if (depth === max) return true
        nodes[top] = child
        depths[top++] = depth + 1
      }
    }
  }
  return false
}

/** A field's value if the object holds it itself (never one inherited from a prototype). */
function own(raw: Raw, key: string): unknown {
  return Object.hasOwn(raw, key) ? raw[key] : undefined
}

/** Quotes untrusted text for a reason, cut short so a huge field does not make a huge message. */
export function quote(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text)
}

const tooDeep = (where: string, max: number): string =>
  `${where} nests deeper than ${max} arrays/objects (the protocol's MAX_DEPTH); flatten the value`

/**
 * Copies `raw[key]` into `message` when present and not too deep. Returns a reason on failure.
 * JSON has no `undefined`, so a present field is a sent field.
 */
function takeValue(message: object, raw: Raw, key: string, where: string, maxDepth: number): string | undefined {
  if (!Object.hasOwn(raw, key)) return undefined
  const value = raw[key]
  if (nestsDeeperThan(value, maxDepth)) return tooDeep(where, maxDepth)
  ;(message as Raw)[key] = value
  return undefined
}

function headers(value: unknown): Record<string, string> | string {
  if (!isPlainObject(value)) return 'invoke.headers must be an object of strings'
  for (const key of Object.keys(value)) {
    if (typeof value[key] !== 'string') return `invoke.headers[${quote(key)}] must be a string`
  }
  return value as Record<string, string>
}

function errorPayload(value: unknown): ErrorPayload | string {
  if (!isPlainObject(value)) return 'err.e must be an object'
  const code = own(value, 'code')
  const message = own(value, 'message')
  if (typeof code !== 'string' || !Object.hasOwn(errorCodes, code)) {
    return `err.e.code must be one of ${Object.keys(errorCodes).join(', ')}`
  }
  if (typeof message !== 'string') return 'err.e.message must be a string'
  const payload: ErrorPayload = { code: code as ErrorCode, message }
  for (const key of ['kind', 'stack'] as const) {
    if (!Object.hasOwn(value, key)) continue
    const text = value[key]
    if (typeof text !== 'string') return `err.e.${key} must be a string`
    payload[key] = text
  }
  if (Object.hasOwn(value, 'data')) payload.data = value.data
  return payload
}

/** What the backend accepts from a page. */
export const clientChecks: Checks<ClientMessage> = {
  invoke(raw, maxDepth) {
    const id = own(raw, 'id')
    const cmd = own(raw, 'cmd')
    if (!isIndex(id)) return 'invoke.id must be a non-negative safe integer'
    if (typeof cmd !== 'string') return 'invoke.cmd must be a string'
    const message: Of<'invoke'> = { t: 'invoke', id, cmd }
    if (Object.hasOwn(raw, 'headers')) {
      const checked = headers(raw.headers)
      if (typeof checked === 'string') return checked
      message.headers = checked
    }
    if (Object.hasOwn(raw, 'timeout')) {
      const timeout = raw.timeout
      if (!isIndex(timeout) || timeout === 0) return 'invoke.timeout must be a positive integer of milliseconds'
      message.timeout = timeout
    }
    return takeValue(message, raw, 'args', 'invoke.args', maxDepth) ?? message
  },
  cancel(raw) {
    const id = own(raw, 'id')
    if (!isIndex(id)) return 'cancel.id must be a non-negative safe integer'
    return { t: 'cancel', id }
  },
  ack(raw) {
    const ch = own(raw, 'ch')
    const n = own(raw, 'n')
    if (!isIndex(ch)) return 'ack.ch must be a non-negative safe integer'
    if (!isIndex(n) || n === 0) return 'ack.n must be a positive safe integer'
    return { t: 'ack', ch, n }
  },
}

/** What a page accepts from the backend. */
export const serverChecks: Checks<ServerMessage> = {
  hello(raw) {
    const label = own(raw, 'label')
    const dev = own(raw, 'dev')
    if (typeof label !== 'string') return 'hello.label must be a string'
    if (typeof dev !== 'boolean') return 'hello.dev must be a boolean'
    const session = own(raw, 'session')
    const instance = own(raw, 'instance')
    if (typeof session !== 'string') return 'hello.session must be a string'
    if (typeof instance !== 'string') return 'hello.instance must be a string'
    return { t: 'hello', label, dev, session, instance }
  },
  ok(raw, maxDepth) {
    const id = own(raw, 'id')
    if (!isIndex(id)) return 'ok.id must be a non-negative safe integer'
    const message: Of<'ok'> = { t: 'ok', id }
    return takeValue(message, raw, 'v', 'ok.v', maxDepth) ?? message
  },
  err(raw, maxDepth) {
    const id = own(raw, 'id')
    if (!isIndex(id)) return 'err.id must be a non-negative safe integer'
    const e = own(raw, 'e')
    if (nestsDeeperThan(e, maxDepth)) return tooDeep('err.e', maxDepth)
    const payload = errorPayload(e)
    return typeof payload === 'string' ? payload : { t: 'err', id, e: payload }
  },
  event(raw, maxDepth) {
    const event = own(raw, 'event')
    const ids = own(raw, 'ids')
    if (typeof event !== 'string') return 'event.event must be a string'
    if (!Array.isArray(ids) || !ids.every(isIndex)) return 'event.ids must be an array of non-negative safe integers'
    const message: Of<'event'> = { t: 'event', event, ids }
    return takeValue(message, raw, 'p', 'event.p', maxDepth) ?? message
  },
  chan(raw, maxDepth) {
    const ch = own(raw, 'ch')
    const i = own(raw, 'i')
    if (!isIndex(ch)) return 'chan.ch must be a non-negative safe integer'
    if (!isIndex(i)) return 'chan.i must be a non-negative safe integer'
    const message: Of<'chan'> = { t: 'chan', ch, i }
    return takeValue(message, raw, 'v', 'chan.v', maxDepth) ?? message
  },
  'chan-end'(raw) {
    const ch = own(raw, 'ch')
    const n = own(raw, 'n')
    if (!isIndex(ch)) return 'chan-end.ch must be a non-negative safe integer'
    if (!isIndex(n)) return 'chan-end.n must be a non-negative safe integer'
    return { t: 'chan-end', ch, n }
  },
  warn(raw) {
    const message = own(raw, 'message')
    if (typeof message !== 'string') return 'warn.message must be a string'
    return { t: 'warn', message }
  },
  plugin(raw, maxDepth) {
    const plugin = own(raw, 'plugin')
    if (typeof plugin !== 'string') return 'plugin.plugin must be a string'
    const message: Of<'plugin'> = { t: 'plugin', plugin }
    return takeValue(message, raw, 'p', 'plugin.p', maxDepth) ?? message
  },
}
