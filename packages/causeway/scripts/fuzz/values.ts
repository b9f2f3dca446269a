/**
 * Random values for fuzz frames: names the app knows and odd ones, strings with unicode edge
 * cases and `__CHANNEL__:` markers, numbers JSON can spell but JS rounds, JSON text with
 * `__proto__` keys, and nesting built in a loop. All randomness comes from the `Random` given.
 */
import { CHANNEL_PREFIX, MAX_DEPTH } from '../../src/core/protocol.ts'
import type { Random } from './random.ts'
import type { FuzzState } from './types.ts'

export const APP_COMMANDS = ['add', 'echo', 'sleep', 'stream', 'bytes']
export const PLUGIN_COMMANDS = [
  'plugin:event|listen',
  'plugin:event|unlisten',
  'plugin:event|emit',
  'plugin:event|emit_to',
  'plugin:window|get_all_windows',
  'plugin:window|title',
  'plugin:window|set_title',
  'plugin:window|create',
  'plugin:window|close',
  'plugin:resources|close',
]
export const ODD_COMMANDS = [
  'secret',
  'ad',
  'ECHO',
  '',
  'plugin:',
  'plugin:event|',
  'plugin:|listen',
  'plugin:fs|read_file',
  'plugin:fs|write_file',
  'plugin:nope|x',
  'plugin:event|listen|extra',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  ' add',
  'add\u0000',
]
export const ALL_COMMANDS = [...APP_COMMANDS, ...PLUGIN_COMMANDS, ...ODD_COMMANDS]
export const EVENT_NAMES = [
  'tick',
  'job-progress',
  'a/b',
  'a:b',
  'a_b',
  '',
  ' ',
  '*',
  'tauri://close',
  'é',
  '\u0000',
  '__proto__',
  'x'.repeat(300),
]
export const WINDOW_LABELS = ['f1', 'f2', 'check', 'main', 'nope', '', '*', '../f1', '__proto__']

export const UNICODE_EDGES = [
  '\u0000',
  '\uFEFF',
  '\u202E',
  '\uD800',
  '\uDFFF',
  '\uDBFF\uDFFF',
  '\uD83D\uDE00',
  'e\u0301',
  '\u2028\u2029',
  '\uFFFF',
  '\uFFFE',
  '\u{1D54F}',
  '\u00A0',
  '\u200B',
  'İı',
  '"\\/',
  '</script>',
  '\u007F',
  '\r\n\t',
  '%00',
]

export const SPECIAL_NUMBERS = [
  0,
  -0,
  1,
  -1,
  0.5,
  -1.5,
  2 ** 31,
  2 ** 32,
  2 ** 53 - 1,
  2 ** 53,
  2 ** 53 + 2,
  -(2 ** 53),
  1e21,
  1e308,
  -1e308,
  5e-324,
  1e-7,
]
/** Number spellings JSON allows that JSON.stringify never writes. */
export const NUMBER_TEXTS = [
  '1e3',
  '1E+2',
  '-0',
  '0.0',
  '1.0',
  '100e-2',
  '1e400',
  '-1e400',
  '123456789012345678901234567890',
  '0.1e1',
  '2e-400',
]
export const CHANNEL_TEXTS = [
  `${CHANNEL_PREFIX}1`,
  `${CHANNEL_PREFIX}0`,
  `${CHANNEL_PREFIX}-1`,
  `${CHANNEL_PREFIX}1.5`,
  `${CHANNEL_PREFIX}`,
  `${CHANNEL_PREFIX}999999999999999`,
  `${CHANNEL_PREFIX}9999999999999999`,
  `${CHANNEL_PREFIX}99999999999999999999`,
  `${CHANNEL_PREFIX}1e3`,
  `${CHANNEL_PREFIX} 1`,
  `${CHANNEL_PREFIX}0x10`,
  `${CHANNEL_PREFIX}${CHANNEL_PREFIX}1`,
  `x${CHANNEL_PREFIX}1`,
  `${CHANNEL_PREFIX}1\u0000`,
]
export const KEYS = [
  'a',
  'b',
  'ms',
  'n',
  'event',
  'payload',
  'target',
  'label',
  'rid',
  'eventId',
  'onItem',
  '',
  '__proto__',
  'constructor',
  'prototype',
  'toJSON',
  'then',
  'length',
  '0',
  'é',
]

export function asciiString(r: Random, max = 24): string {
  let out = ''
  const n = r.size(0, max)
  for (let i = 0; i < n; i++) out += String.fromCharCode(r.int(32, 126))
  return out
}

export function unicodeString(r: Random): string {
  let out = ''
  const n = r.int(1, 6)
  for (let i = 0; i < n; i++) out += r.chance(0.5) ? r.pick(UNICODE_EDGES) : String.fromCharCode(r.int(0, 0xffff))
  return out
}

export function randomString(r: Random, s: FuzzState): string {
  const roll = r.next()
  if (roll < 0.45) return asciiString(r)
  if (roll < 0.7) return unicodeString(r)
  if (roll < 0.85) return r.chance(0.5) ? `${CHANNEL_PREFIX}${s.nextChannel()}` : r.pick(CHANNEL_TEXTS)
  if (roll < 0.97) return r.pick(EVENT_NAMES)
  return 'z'.repeat(r.size(256, Math.min(s.bigBytes, 64 * 1024)))
}

export function randomNumber(r: Random): number {
  const roll = r.next()
  if (roll < 0.5) return r.int(-1000, 1000)
  if (roll < 0.8) return r.pick(SPECIAL_NUMBERS)
  return (r.next() - 0.5) * 10 ** r.int(-10, 30)
}

/** A random JS value that JSON can carry, nesting at most `depth` more levels. */
export function randomValue(r: Random, s: FuzzState, depth = 4): unknown {
  const roll = r.next()
  if (roll < 0.1) return null
  if (roll < 0.2) return r.chance(0.5)
  if (roll < 0.45) return randomNumber(r)
  if (roll < 0.7 || depth <= 0) return randomString(r, s)
  if (roll < 0.85) return Array.from({ length: r.size(0, 8) }, () => randomValue(r, s, depth - 1))
  const out: Record<string, unknown> = {}
  for (let i = r.size(0, 8); i > 0; i--) {
    const key = r.chance(0.7) ? r.pick(KEYS) : asciiString(r, 8)
    // Assigning `__proto__` would set the prototype; define it as data instead, as JSON.parse does.
    Object.defineProperty(out, key, { value: randomValue(r, s, depth - 1), enumerable: true, writable: true, configurable: true })
  }
  return out
}

/** JSON text for a value that JSON.stringify cannot write: odd number spellings, `__proto__` as a key. */
export function randomJsonText(r: Random, s: FuzzState, depth = 3): string {
  const roll = r.next()
  if (roll < 0.15) return r.pick(NUMBER_TEXTS)
  if (roll < 0.3 && depth > 0) {
    const entries = Array.from({ length: r.size(1, 5) }, () => `${JSON.stringify(r.pick(KEYS))}:${randomJsonText(r, s, depth - 1)}`)
    return `{${entries.join(',')}}`
  }
  if (roll < 0.4 && depth > 0) return `[${Array.from({ length: r.size(0, 5) }, () => randomJsonText(r, s, depth - 1)).join(',')}]`
  return JSON.stringify(randomValue(r, s, depth)) ?? 'null'
}

/** A value or a scalar of the wrong type for a field. */
export function wrongValue(r: Random, s: FuzzState): string {
  return r.pick([
    'null',
    'true',
    'false',
    '"1"',
    '""',
    '[]',
    '[1]',
    '{}',
    '{"a":1}',
    '-1',
    '1.5',
    '-0.5',
    '1e400',
    '9007199254740993',
    '"__proto__"',
    JSON.stringify(r.pick(CHANNEL_TEXTS)),
    randomJsonText(r, s, 2),
  ])
}

/** Above this depth, nesting repeats one random unit instead of choosing every level (far faster). */
const PER_LEVEL_DEPTH = 2_000

/**
 * JSON text nesting `depth` levels of arrays and objects around `inner`: each level chosen at
 * random up to PER_LEVEL_DEPTH, a repeated random unit (`[`, `{"key":` or both) beyond.
 */
export function deepText(r: Random, depth: number, inner = '1'): string {
  if (depth > PER_LEVEL_DEPTH) {
    const key = `{${JSON.stringify(r.pick(KEYS))}:`
    const [open, close, levels] = r.pick<[string, string, number]>([
      ['[', ']', 1],
      [key, '}', 1],
      [`[${key}`, '}]', 2],
    ])
    const units = Math.floor(depth / levels)
    const extra = depth - units * levels
    return `${'['.repeat(extra)}${open.repeat(units)}${inner}${close.repeat(units)}${']'.repeat(extra)}`
  }
  const open: string[] = []
  const close: string[] = []
  const objects = r.chance(0.3) ? 1 : r.chance(0.5) ? 0 : 0.5
  for (let i = 0; i < depth; i++) {
    const object = objects === 0.5 ? r.chance(0.5) : objects === 1
    open.push(object ? `{${JSON.stringify(r.pick(KEYS))}:` : '[')
    close.push(object ? '}' : ']')
  }
  return `${open.join('')}${inner}${close.reverse().join('')}`
}

export function deepDepth(r: Random): number {
  return r.pick([MAX_DEPTH + 1, 1_000, 10_000, 100_000, r.int(MAX_DEPTH + 1, 150_000)])
}
