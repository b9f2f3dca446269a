/**
 * Frame generators for the fuzzer: each makes one frame a page could send, from valid messages
 * with random values to frames built to break the parser, the session or the plugins. All
 * randomness comes from the `Random` handed in, so a seed replays the same frames. Frames are
 * built as text where the attack needs it (a `__proto__` key, duplicate keys, a truncated value).
 */
import { CHANNEL_PREFIX, MAX_DEPTH } from '../../src/core/protocol.ts'
import { concatFrame, encodeMessage } from '../../src/core/wire.ts'
import type { Random } from './random.ts'

/** A text frame, a binary frame, or bytes sent as a text frame (invalid UTF-8 included). */
export type FuzzFrame = string | Uint8Array | { textBytes: Uint8Array }

/** What generators share across a run. */
export interface FuzzState {
  /** A call id not used before in this run. */
  nextId(): number
  /** A channel id not used before in this run. */
  nextChannel(): number
  /** Call ids sent recently, for cancels and duplicates. */
  readonly recentIds: number[]
  /** Channel ids sent recently, for acks. */
  readonly recentChannels: number[]
  /** Largest size, in bytes, of the big strings and blobs generators make. */
  readonly bigBytes: number
}

export interface FrameGenerator {
  readonly name: string
  /** How often it is picked, relative to the others (1 is typical). */
  readonly weight: number
  make(r: Random, s: FuzzState): FuzzFrame
}

const APP_COMMANDS = ['add', 'echo', 'sleep', 'stream', 'bytes']
const PLUGIN_COMMANDS = [
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
const ODD_COMMANDS = [
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
const ALL_COMMANDS = [...APP_COMMANDS, ...PLUGIN_COMMANDS, ...ODD_COMMANDS]
const EVENT_NAMES = [
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
const WINDOW_LABELS = ['f1', 'f2', 'check', 'main', 'nope', '', '*', '../f1', '__proto__']

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

const SPECIAL_NUMBERS = [
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
const NUMBER_TEXTS = ['1e3', '1E+2', '-0', '0.0', '1.0', '100e-2', '1e400', '-1e400', '123456789012345678901234567890', '0.1e1', '2e-400']
const CHANNEL_TEXTS = [
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
const KEYS = [
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

// ---- values ------------------------------------------------------------------------------------

function asciiString(r: Random, max = 24): string {
  let out = ''
  const n = r.size(0, max)
  for (let i = 0; i < n; i++) out += String.fromCharCode(r.int(32, 126))
  return out
}

function unicodeString(r: Random): string {
  let out = ''
  const n = r.int(1, 6)
  for (let i = 0; i < n; i++) out += r.chance(0.5) ? r.pick(UNICODE_EDGES) : String.fromCharCode(r.int(0, 0xffff))
  return out
}

function randomString(r: Random, s: FuzzState): string {
  const roll = r.next()
  if (roll < 0.45) return asciiString(r)
  if (roll < 0.7) return unicodeString(r)
  if (roll < 0.85) return r.chance(0.5) ? `${CHANNEL_PREFIX}${s.nextChannel()}` : r.pick(CHANNEL_TEXTS)
  if (roll < 0.97) return r.pick(EVENT_NAMES)
  return 'z'.repeat(r.size(256, Math.min(s.bigBytes, 64 * 1024)))
}

function randomNumber(r: Random): number {
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
function randomJsonText(r: Random, s: FuzzState, depth = 3): string {
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
function wrongValue(r: Random, s: FuzzState): string {
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

/** JSON text nesting `depth` levels of arrays and objects, mixed, around `inner`. Built in a loop. */
export function deepText(r: Random, depth: number, inner = '1'): string {
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

function deepDepth(r: Random): number {
  return r.pick([MAX_DEPTH + 1, 1_000, 10_000, 100_000, r.int(MAX_DEPTH + 1, 150_000)])
}

// ---- frames ------------------------------------------------------------------------------------

/** A binary frame: length prefix, header text, blobs. */
export function binaryFrameOf(header: string, ...blobs: Uint8Array[]): Uint8Array {
  const headerBytes = new TextEncoder().encode(header)
  const prefix = new Uint8Array(4)
  new DataView(prefix.buffer).setUint32(0, headerBytes.byteLength, true)
  return concatFrame([prefix, headerBytes, ...blobs])
}

const invokeText = (id: number | string, cmd: string, args?: string, extra = ''): string =>
  `{"t":"invoke","id":${id},"cmd":${JSON.stringify(cmd)}${args === undefined ? '' : `,"args":${args}`}${extra}}`

/** Arguments that suit `cmd` most of the time, and random ones otherwise. */
function argsFor(r: Random, s: FuzzState, cmd: string): unknown {
  if (r.chance(0.15)) return randomValue(r, s)
  switch (cmd) {
    case 'add':
      return { a: randomNumber(r), b: randomNumber(r) }
    case 'echo':
      return randomValue(r, s)
    case 'sleep':
      return { ms: r.int(0, 30) }
    case 'stream': {
      const ch = s.nextChannel()
      s.recentChannels.push(ch)
      return { n: r.size(0, 300), onItem: `${CHANNEL_PREFIX}${ch}` }
    }
    case 'bytes':
      return { n: r.size(0, 256 * 1024) }
    case 'plugin:event|listen':
      return {
        event: r.pick(EVENT_NAMES),
        target: r.chance(0.5) ? { kind: 'Any' } : r.pick([...WINDOW_LABELS, { kind: 'WebviewWindow', label: 'f1' }]),
      }
    case 'plugin:event|unlisten':
      return { event: r.pick(EVENT_NAMES), eventId: r.chance(0.8) ? r.int(0, 2000) : randomValue(r, s, 1) }
    case 'plugin:event|emit':
      return { event: r.pick(EVENT_NAMES), payload: randomValue(r, s) }
    case 'plugin:event|emit_to':
      return {
        event: r.pick(EVENT_NAMES),
        target: r.pick([...WINDOW_LABELS, { kind: 'AnyLabel', label: 'f2' }, { kind: 'App' }]),
        payload: randomValue(r, s),
      }
    case 'plugin:window|title':
    case 'plugin:window|close':
      return { label: r.pick(WINDOW_LABELS) }
    case 'plugin:window|set_title':
      return { label: r.pick(WINDOW_LABELS), value: randomString(r, s) }
    case 'plugin:window|create':
      return { options: { label: `fz${r.int(0, 1e6)}`, url: r.pick(['/', 'https://example.com', 'javascript:alert(1)', '//evil']) } }
    case 'plugin:resources|close':
      return { rid: r.chance(0.7) ? r.int(0, 100) : randomValue(r, s, 1) }
    default:
      return randomValue(r, s)
  }
}

/** A valid invoke of `cmd` with suitable arguments, as text (or a binary frame when they hold bytes). */
function validInvoke(r: Random, s: FuzzState, cmd: string, args = argsFor(r, s, cmd)): FuzzFrame {
  const id = s.nextId()
  s.recentIds.push(id)
  if (s.recentIds.length > 64) s.recentIds.shift()
  if (s.recentChannels.length > 64) s.recentChannels.shift()
  const frame = encodeMessage(args === undefined ? { t: 'invoke', id, cmd } : { t: 'invoke', id, cmd, args })
  return typeof frame === 'string' ? frame : concatFrame(frame)
}

function textOf(frame: FuzzFrame): string {
  if (typeof frame === 'string') return frame
  return '{"t":"cancel","id":1}'
}

const recentId = (r: Random, s: FuzzState): number => (s.recentIds.length > 0 && r.chance(0.9) ? r.pick(s.recentIds) : r.int(0, 5000))
const recentChannel = (r: Random, s: FuzzState): number =>
  s.recentChannels.length > 0 && r.chance(0.9) ? r.pick(s.recentChannels) : r.int(0, 5000)

/** One message of a batch: usually valid, sometimes anything. */
function batchItem(r: Random, s: FuzzState, goodOnly: boolean): string {
  const roll = r.next()
  if (goodOnly || roll < 0.5) return textOf(validInvoke(r, s, r.pick(APP_COMMANDS.filter((c) => c !== 'stream'))))
  if (roll < 0.6) return `{"t":"cancel","id":${recentId(r, s)}}`
  if (roll < 0.7) return `{"t":"ack","ch":${recentChannel(r, s)},"n":${r.int(1, 200)}}`
  if (roll < 0.8) return wrongValue(r, s)
  if (roll < 0.9) return `{"t":${wrongValue(r, s)}}`
  return invokeText(wrongValue(r, s), r.pick(ALL_COMMANDS), randomJsonText(r, s))
}

/** Where in a frame the deep-nesting generator puts its value. */
const DEEP_PLACES: Array<(deep: string, id: number) => string> = [
  (deep) => `{"t":${deep}}`,
  (deep) => `{"t":"invoke","id":${deep},"cmd":"add"}`,
  (deep, id) => `{"t":"invoke","id":${id},"cmd":${deep}}`,
  (deep, id) => invokeText(id, 'echo', deep),
  (deep, id) => invokeText(id, 'echo', `{"x":{"y":[1,2,${deep}]}}`),
  (deep, id) => invokeText(id, 'stream', `{"onItem":"${CHANNEL_PREFIX}${id}","n":1,"deep":${deep}}`),
  (deep, id) => invokeText(id, 'plugin:event|emit', `{"event":"tick","payload":${deep}}`),
  (deep, id) => invokeText(id, 'add', '{"a":1,"b":2}', `,"headers":${deep}`),
  (deep, id) => invokeText(id, 'add', '{"a":1,"b":2}', `,"headers":{"h":${deep}}`),
  (deep) => `{"t":"cancel","id":${deep}}`,
  (deep) => `{"t":"ack","ch":${deep},"n":1}`,
  (deep) => `{"t":"ack","ch":1,"n":${deep}}`,
  (deep, id) => `[{"t":"cancel","id":${id}},${deep}]`,
  (deep) => deep,
  (deep, id) => invokeText(id, 'echo', '1', `,"extra":${deep}`),
]

function blobTable(entries: Array<[path: unknown, length: unknown, kind: unknown]>): string {
  return JSON.stringify(entries)
}

// ---- the generators ----------------------------------------------------------------------------

export const generators: readonly FrameGenerator[] = [
  { name: 'invoke-sync', weight: 3, make: (r, s) => validInvoke(r, s, r.pick(['add', 'echo'])) },
  { name: 'invoke-async', weight: 2, make: (r, s) => validInvoke(r, s, 'sleep') },
  { name: 'invoke-channel', weight: 1, make: (r, s) => validInvoke(r, s, 'stream') },
  { name: 'invoke-bytes', weight: 1, make: (r, s) => validInvoke(r, s, 'bytes') },
  { name: 'invoke-plugin', weight: 3, make: (r, s) => validInvoke(r, s, r.pick(PLUGIN_COMMANDS)) },
  { name: 'invoke-odd-command', weight: 1, make: (r, s) => validInvoke(r, s, r.chance(0.9) ? r.pick(ODD_COMMANDS) : asciiString(r, 400)) },
  {
    name: 'invoke-binary-args',
    weight: 1,
    make: (r, s) => {
      const blob = r.bytes(r.size(0, 64 * 1024))
      const args = r.pick([
        blob,
        { data: blob },
        [blob, blob.buffer],
        { a: { b: [1, blob] } },
        { onItem: `${CHANNEL_PREFIX}${s.nextChannel()}`, n: 2, blob },
      ])
      return validInvoke(r, s, r.pick(['echo', 'stream', 'add', 'plugin:event|emit']), args)
    },
  },
  { name: 'cancel-recent', weight: 1, make: (r, s) => `{"t":"cancel","id":${recentId(r, s)}}` },
  { name: 'ack-recent', weight: 1, make: (r, s) => `{"t":"ack","ch":${recentChannel(r, s)},"n":${r.size(1, 5000)}}` },
  {
    name: 'batch-valid',
    weight: 1,
    make: (r, s) => `[${Array.from({ length: r.int(2, 20) }, () => batchItem(r, s, true)).join(',')}]`,
  },
  {
    name: 'truncated-json',
    weight: 1,
    make: (r, s) => {
      const whole = r.chance(0.5)
        ? textOf(validInvoke(r, s, r.pick(ALL_COMMANDS)))
        : `[${batchItem(r, s, false)},${batchItem(r, s, false)}]`
      return whole.slice(0, r.int(0, whole.length - 1))
    },
  },
  { name: 'wrong-type-t', weight: 1, make: (r, s) => `{"t":${wrongValue(r, s)},"id":${s.nextId()},"cmd":"add","args":{"a":1,"b":2}}` },
  { name: 'wrong-type-id', weight: 1, make: (r, s) => invokeText(wrongValue(r, s), r.pick(APP_COMMANDS), '{"a":1,"b":2}') },
  { name: 'wrong-type-cmd', weight: 1, make: (r, s) => `{"t":"invoke","id":${s.nextId()},"cmd":${wrongValue(r, s)}}` },
  {
    name: 'wrong-type-headers',
    weight: 1,
    make: (r, s) => {
      const headers = r.pick([wrongValue(r, s), `{"h":${wrongValue(r, s)}}`, '{"__proto__":{"x":"y"}}', '{"constructor":"x"}'])
      return invokeText(s.nextId(), 'add', '{"a":1,"b":2}', `,"headers":${headers}`)
    },
  },
  {
    name: 'wrong-type-ack-cancel',
    weight: 1,
    make: (r, s) =>
      r.pick([
        `{"t":"ack","ch":${wrongValue(r, s)},"n":1}`,
        `{"t":"ack","ch":1,"n":${wrongValue(r, s)}}`,
        '{"t":"ack","ch":1,"n":0}',
        '{"t":"ack"}',
        `{"t":"cancel","id":${wrongValue(r, s)}}`,
        '{"t":"cancel"}',
      ]),
  },
  {
    name: 'huge-numbers',
    weight: 1,
    make: (r, s) => {
      const huge = r.pick([
        '1e308',
        '1e400',
        '9007199254740993',
        '18446744073709551616',
        '123456789012345678901234567890e10',
        '2e-400',
        '-1e400',
      ])
      return r.pick([
        invokeText(huge, 'add', '{"a":1,"b":2}'),
        invokeText(s.nextId(), 'add', `{"a":${huge},"b":${huge}}`),
        invokeText(s.nextId(), 'bytes', `{"n":${huge}}`),
        invokeText(s.nextId(), 'sleep', `{"ms":${huge}}`),
        `{"t":"ack","ch":${huge},"n":${huge}}`,
        `{"t":"cancel","id":${huge}}`,
        invokeText(s.nextId(), 'stream', `{"n":${huge},"onItem":"${CHANNEL_PREFIX}${s.nextChannel()}"}`),
      ])
    },
  },
  {
    name: 'negative-float-ids',
    weight: 1,
    make: (r) => {
      const id = r.pick(['-1', '-0', '0.5', '1.5', '-1.5', '1.0', '1e0', '-9007199254740991', '0.1e1'])
      return r.pick([invokeText(id, 'add', '{"a":1,"b":2}'), `{"t":"cancel","id":${id}}`, `{"t":"ack","ch":${id},"n":${id}}`])
    },
  },
  {
    name: 'unknown-kinds',
    weight: 1,
    make: (r, s) => {
      const kind = r.pick([
        'ok',
        'err',
        'event',
        'chan',
        'chan-end',
        'hello',
        'warn',
        'plugin',
        'INVOKE',
        'invoke ',
        '',
        '__proto__',
        'constructor',
        'toString',
        'hasOwnProperty',
        'valueOf',
      ])
      return `{"t":${JSON.stringify(r.chance(0.9) ? kind : asciiString(r))},"id":${s.nextId()},"v":${randomJsonText(r, s)},"e":{"code":"App","message":"m"},"p":1}`
    },
  },
  {
    name: 'batch-mixed',
    weight: 2,
    make: (r, s) => `[${Array.from({ length: r.int(1, 40) }, () => batchItem(r, s, false)).join(',')}]`,
  },
  {
    name: 'deep-nesting',
    weight: 1,
    make: (r, s) => r.pick(DEEP_PLACES)(deepText(r, deepDepth(r), r.pick(['1', 'null', '"x"', '[]', '{}'])), s.nextId()),
  },
  {
    name: 'near-limit-depth',
    weight: 1,
    make: (r, s) => {
      const depth = r.pick([MAX_DEPTH - 1, MAX_DEPTH, MAX_DEPTH + 1, MAX_DEPTH + 2])
      const id = s.nextId()
      return r.pick([
        invokeText(id, 'echo', deepText(r, depth)),
        invokeText(id, 'plugin:event|emit', `{"event":"tick","payload":${deepText(r, depth)}}`),
        invokeText(id, 'stream', `{"n":1,"onItem":"${CHANNEL_PREFIX}${s.nextChannel()}","d":${deepText(r, depth)}}`),
        binaryFrameOf(`{"t":"invoke","id":${id},"cmd":"echo","args":${deepText(r, depth, 'null')},"$b":[]}`),
      ])
    },
  },
  {
    name: 'binary-random-table',
    weight: 1,
    make: (r, s) => {
      const blobs = Array.from({ length: r.int(0, 4) }, () => r.bytes(r.size(0, 4096)))
      const path = () =>
        r.pick([
          ['args'],
          ['args', 'a'],
          ['args', 0],
          ['args', 'a', 'b'],
          ['args', 'data'],
          [r.pick(KEYS)],
          ['args', r.pick(KEYS)],
          ['args', r.int(-2, 5)],
        ])
      const table = blobs.map((b) => [path(), r.chance(0.8) ? b.byteLength : r.int(0, 8192), r.pick([0, 1, 0, 2, -1, '0'])])
      const args = r.pick(['null', '{"a":null}', '[null,null]', '{"a":{"b":null},"data":null}', '{"a":1}', randomJsonText(r, s)])
      return binaryFrameOf(
        `{"t":"invoke","id":${s.nextId()},"cmd":${JSON.stringify(r.pick(ALL_COMMANDS))},"args":${args},"$b":${JSON.stringify(table)}}`,
        ...blobs,
      )
    },
  },
  {
    name: 'binary-malicious-table',
    weight: 1,
    make: (r, s) => {
      const size = r.size(1, s.bigBytes)
      const id = s.nextId()
      const entry = r.pick<[unknown, string]>([
        [['t'], 'null'],
        [['id'], 'null'],
        [['cmd'], 'null'],
        [['headers'], 'null'],
        [['headers', 'h'], 'null'],
        [[], 'null'],
        [['args', '__proto__'], '{"__proto__":null}'],
        [['args', '__proto__', '__proto__'], '{}'],
        [['args', '__proto__', 'polluted'], '{"__proto__":{"polluted":null}}'],
        [['args', 'constructor', 'prototype', '__proto__'], '{}'],
        [['args', 'constructor', 'prototype', 'polluted'], '{"constructor":{"prototype":{"polluted":null}}}'],
        [['args', 'prototype'], '{"prototype":null}'],
        [['args', 'toString'], '{"a":null}'],
        [['args', 'length'], '[null]'],
        [['args', 0, 0], '[null]'],
        [['__proto__', 'polluted'], '{"a":null}'],
        ['args', '{"a":null}'],
        [['args', 'a'], '{"a":null}'],
      ])
      const [path, args] = entry
      const length = r.pick([size, size * 2, size + 1, 2 ** 53, 2 ** 32, 140_000_000, -1, 1.5])
      const header = `{"t":"invoke","id":${r.chance(0.8) ? id : 'null'},"cmd":"echo","args":${args},"$b":${blobTable([[path, length, r.pick([0, 1])]])}}`
      // The bytes' content does not matter here, only where the table puts them.
      return binaryFrameOf(header, new Uint8Array(size))
    },
  },
  {
    name: 'binary-bad-framing',
    weight: 1,
    make: (r, s) => {
      const header = new TextEncoder().encode(invokeText(s.nextId(), 'echo', '{"a":null}', ',"$b":[[["args","a"],3,0]]'))
      const frame = binaryFrameOf(new TextDecoder().decode(header), new Uint8Array([1, 2, 3]))
      const view = new DataView(frame.buffer)
      switch (r.int(0, 7)) {
        case 0:
          return frame.subarray(0, r.int(0, 3))
        case 1:
          view.setUint32(0, r.pick([0xffff_ffff, frame.byteLength, frame.byteLength - 3, 2 ** 31]), true)
          return frame
        case 2:
          view.setUint32(0, r.int(0, header.byteLength), true)
          return frame
        case 3:
          return binaryFrameOf(r.pick(['[]', '[{"t":"cancel","id":1}]', 'null', '1', '"x"', '{', '']), r.bytes(r.int(0, 8)))
        case 4:
          return concatFrame([frame, r.bytes(r.int(1, 64))])
        case 5:
          return frame.subarray(0, frame.byteLength - r.int(1, 3))
        case 6:
          return binaryFrameOf(`{"t":"invoke","id":${s.nextId()},"cmd":"echo","args":null}`)
        default:
          return binaryFrameOf(`{"t":"cancel","id":${recentId(r, s)},"$b":[]}`)
      }
    },
  },
  { name: 'random-bytes', weight: 1, make: (r) => r.bytes(r.size(0, 4096)) },
  {
    name: 'random-text',
    weight: 1,
    make: (r) => {
      let out = ''
      for (let n = r.size(0, 2048); n > 0; n--)
        out += r.chance(0.7) ? String.fromCharCode(r.int(32, 126)) : String.fromCharCode(r.int(0, 0xffff))
      return out
    },
  },
  {
    name: 'oversize-strings',
    weight: 0.3,
    make: (r, s) => {
      const big = 'x'.repeat(r.size(64 * 1024, s.bigBytes))
      const quoted = JSON.stringify(big)
      const id = s.nextId()
      return r.pick([
        invokeText(id, big, '1'),
        invokeText(id, 'echo', quoted),
        invokeText(id, 'add', '{"a":1,"b":2}', `,"headers":{"h":${quoted}}`),
        `{"t":${quoted}}`,
        invokeText(id, 'plugin:event|emit', `{"event":${quoted},"payload":1}`),
        invokeText(id, 'plugin:event|listen', `{"event":${quoted}}`),
        invokeText(id, 'plugin:event|emit', `{"event":"tick","payload":${quoted}}`),
        invokeText(id, 'plugin:window|title', `{"label":${quoted}}`),
      ])
    },
  },
  {
    name: 'channel-strings-odd',
    weight: 1,
    make: (r, s) => {
      const marker = JSON.stringify(r.chance(0.5) ? `${CHANNEL_PREFIX}${s.nextChannel()}` : r.pick(CHANNEL_TEXTS))
      const id = s.nextId()
      const many = `[${Array.from({ length: r.int(2, 400) }, () => JSON.stringify(`${CHANNEL_PREFIX}${s.nextChannel()}`)).join(',')}]`
      const same = `${CHANNEL_PREFIX}${s.nextChannel()}`
      return r.pick([
        invokeText(id, `${CHANNEL_PREFIX}1`, '{}'),
        `{"t":${marker},"id":${id},"cmd":"echo"}`,
        invokeText(marker, 'echo', '1'),
        invokeText(id, 'echo', '1', `,"headers":{"h":${marker}}`),
        invokeText(id, 'echo', marker),
        invokeText(id, r.pick(APP_COMMANDS), many),
        invokeText(id, 'stream', `{"n":3,"onItem":${JSON.stringify(same)},"again":${JSON.stringify(same)}}`),
        invokeText(id, 'plugin:event|emit', `{"event":${marker},"payload":${marker}}`),
        invokeText(id, 'plugin:event|listen', `{"event":"tick","handler":${marker}}`),
        invokeText(id, 'plugin:resources|close', `{"rid":${marker}}`),
        invokeText(id, 'add', `{${marker}:${marker}}`),
        invokeText(id, 'echo', deepText(r, r.int(1, MAX_DEPTH), marker)),
        `{"t":"ack","ch":${marker},"n":1}`,
      ])
    },
  },
  {
    name: 'unicode-edge',
    weight: 1,
    make: (r, s) => {
      const text = unicodeString(r)
      const quoted = JSON.stringify(text)
      const id = s.nextId()
      return r.pick([
        invokeText(id, 'echo', quoted),
        invokeText(id, text, '1'),
        invokeText(id, 'plugin:event|emit', `{"event":${quoted},"payload":${quoted}}`),
        invokeText(id, 'plugin:window|set_title', `{"label":"f1","value":${quoted}}`),
        invokeText(id, 'add', '{"a":1,"b":2}', `,"headers":{${quoted}:${quoted}}`),
        // Raw (unescaped) characters in the JSON text: lone surrogates become U+FFFD in UTF-8.
        `{"t":"invoke","id":${id},"cmd":"echo","args":"${[...text].filter((c) => c !== '"' && c !== '\\' && c >= ' ').join('')}"}`,
        `\uFEFF${invokeText(id, 'echo', '1')}`,
        `{"t":"invoke\u0000","id":${id},"cmd":"echo"}`,
      ])
    },
  },
  {
    name: 'duplicate-ids',
    weight: 1,
    make: (r, s) => {
      const id = r.chance(0.5) ? s.nextId() : recentId(r, s)
      const slow = invokeText(id, 'sleep', `{"ms":${r.int(0, 30)}}`)
      return r.pick([
        `[${slow},${invokeText(id, 'add', '{"a":1,"b":2}')}]`,
        `[${slow},${slow},{"t":"cancel","id":${id}},${slow}]`,
        invokeText(id, 'echo', '1'),
        `[${invokeText(id, 'stream', `{"n":5,"onItem":"${CHANNEL_PREFIX}${id}"}`)},${invokeText(id, 'stream', `{"n":5,"onItem":"${CHANNEL_PREFIX}${id}"}`)}]`,
        `[{"t":"cancel","id":${id}},${slow}]`,
      ])
    },
  },
  {
    name: 'cancel-unknown',
    weight: 1,
    make: (r, s) => `{"t":"cancel","id":${r.pick([0, 2 ** 53 - 1, s.nextId() + 1_000_000, r.int(0, 1e9)])}}`,
  },
  {
    name: 'ack-unknown',
    weight: 1,
    make: (r) => `{"t":"ack","ch":${r.pick([0, 2 ** 53 - 1, r.int(0, 1e9)])},"n":${r.pick([1, 2 ** 53 - 1, r.int(1, 1e6)])}}`,
  },
  {
    name: 'json-oddities',
    weight: 1,
    make: (r, s) => {
      const id = s.nextId()
      return r.pick([
        '',
        ' ',
        '[]',
        '{}',
        '[[]]',
        '[{}]',
        'null',
        '0',
        '"invoke"',
        'true',
        '[null]',
        `  \n\t${invokeText(id, 'add', '{"a":1,"b":2}')}\n `,
        `{"t":"invoke","t":"cancel","id":${id},"cmd":"add"}`,
        `{"t":"cancel","t":"invoke","id":${id},"cmd":"add","args":{"a":1,"b":2}}`,
        `{"t":"invoke","id":${id},"id":"x","cmd":"add"}`,
        `// comment\n${invokeText(id, 'add')}`,
        `${invokeText(id, 'add')}garbage`,
        `${invokeText(id, 'add')}${invokeText(id + 1, 'add')}`,
        `{'t':'invoke'}`,
        `{"t":"invoke","id":${id},"cmd":"add",}`,
        'NaN',
        '[1,2,3]',
        `{"t":"invoke","id":${id},"cmd":"echo","args":undefined}`,
      ])
    },
  },
  {
    name: 'prototype-keys',
    weight: 1,
    make: (r, s) => {
      const id = s.nextId()
      return r.pick([
        `{"__proto__":{"t":"invoke","id":${id},"cmd":"add"}}`,
        `{"__proto__":{"t":"invoke"},"id":${id},"cmd":"add"}`,
        invokeText(id, 'echo', '{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}'),
        invokeText(id, 'add', '{"__proto__":{"a":1,"b":2}}'),
        invokeText(id, 'plugin:event|emit', '{"__proto__":{"event":"tick"},"payload":1}'),
        invokeText(id, 'plugin:event|listen', '{"event":"tick","target":{"__proto__":{"kind":"Any"}}}'),
        invokeText(id, 'plugin:window|title', '{"__proto__":{"label":"f1"}}'),
        invokeText(id, 'add', '{"a":1,"b":2}', ',"headers":{"__proto__":"x","constructor":"y"}'),
        `[{"t":"ack","ch":1,"n":1,"__proto__":{"polluted":1}},{"constructor":{"prototype":{"polluted":1}},"t":"cancel","id":1}]`,
      ])
    },
  },
  {
    name: 'many-messages',
    weight: 0.3,
    make: (r, s) => {
      const n = r.pick([999, 1000, 1001, r.int(100, 3000)])
      const items = Array.from({ length: n }, () =>
        r.chance(0.5) ? `{"t":"cancel","id":${r.int(0, 100)}}` : invokeText(s.nextId(), 'add', '{"a":1,"b":2}'),
      )
      return `[${items.join(',')}]`
    },
  },
  {
    name: 'invalid-utf8-text',
    weight: 0.5,
    make: (r, s) => {
      const valid = new TextEncoder().encode(invokeText(s.nextId(), 'echo', '"xx"'))
      const bad = r.pick([[0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82], [0x80]])
      const at = r.int(0, valid.byteLength)
      return { textBytes: concatFrame([valid.subarray(0, at), new Uint8Array(bad), valid.subarray(at)]) }
    },
  },
  { name: 'random-json', weight: 1, make: (r, s) => randomJsonText(r, s, 4) },
  {
    name: 'event-names-odd',
    weight: 1,
    make: (r, s) => {
      const event = r.chance(0.6) ? r.pick(EVENT_NAMES) : randomString(r, s)
      const cmd = r.pick(['plugin:event|listen', 'plugin:event|emit', 'plugin:event|emit_to', 'plugin:event|unlisten'])
      return validInvoke(r, s, cmd, {
        event,
        payload: randomValue(r, s),
        target: r.chance(0.5) ? randomValue(r, s, 1) : 'f1',
        eventId: randomValue(r, s, 1),
      })
    },
  },
  {
    name: 'headers-odd',
    weight: 0.5,
    make: (r, s) => {
      const count = r.pick([0, 1, 100, 5000])
      const headers: Record<string, string> = {}
      for (let i = 0; i < count; i++) headers[`h${i}${r.pick(UNICODE_EDGES)}`] = r.chance(0.9) ? asciiString(r) : r.pick(CHANNEL_TEXTS)
      return invokeText(s.nextId(), r.pick(APP_COMMANDS), '{"a":1,"b":2}', `,"headers":${JSON.stringify(headers)}`)
    },
  },
]

/**
 * Picks a generator by weight.
 *
 * @example
 * const generator = pickGenerator(random)
 * socket.send(generator.make(random, state))
 */
export function pickGenerator(r: Random, from: readonly FrameGenerator[] = generators): FrameGenerator {
  let total = 0
  for (const g of from) total += g.weight
  let roll = r.next() * total
  for (const g of from) {
    roll -= g.weight
    if (roll < 0) return g
  }
  return from[from.length - 1] as FrameGenerator
}
