/**
 * Building blocks of fuzz frames: binary framing, invokes written as text, valid invokes with
 * arguments that suit their command, and batch items.
 */
import { CHANNEL_PREFIX } from '../../src/core/protocol.ts'
import { concatFrame, encodeMessage } from '../../src/core/wire.ts'
import type { Random } from './random.ts'
import type { FuzzFrame, FuzzState } from './types.ts'
import {
  ALL_COMMANDS,
  APP_COMMANDS,
  EVENT_NAMES,
  randomJsonText,
  randomNumber,
  randomString,
  randomValue,
  WINDOW_LABELS,
  wrongValue,
} from './values.ts'

/** A binary frame: length prefix, header text, blobs. */
export function binaryFrameOf(header: string, ...blobs: Uint8Array[]): Uint8Array {
  const headerBytes = new TextEncoder().encode(header)
  const prefix = new Uint8Array(4)
  new DataView(prefix.buffer).setUint32(0, headerBytes.byteLength, true)
  return concatFrame([prefix, headerBytes, ...blobs])
}

export const invokeText = (id: number | string, cmd: string, args?: string, extra = ''): string =>
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
export function validInvoke(r: Random, s: FuzzState, cmd: string, args = argsFor(r, s, cmd)): FuzzFrame {
  const id = s.nextId()
  s.recentIds.push(id)
  if (s.recentIds.length > 64) s.recentIds.shift()
  if (s.recentChannels.length > 64) s.recentChannels.shift()
  const frame = encodeMessage(args === undefined ? { t: 'invoke', id, cmd } : { t: 'invoke', id, cmd, args })
  return typeof frame === 'string' ? frame : concatFrame(frame)
}

export function textOf(frame: FuzzFrame): string {
  if (typeof frame === 'string') return frame
  return '{"t":"cancel","id":1}'
}

export const recentId = (r: Random, s: FuzzState): number =>
  s.recentIds.length > 0 && r.chance(0.9) ? r.pick(s.recentIds) : r.int(0, 5000)
export const recentChannel = (r: Random, s: FuzzState): number =>
  s.recentChannels.length > 0 && r.chance(0.9) ? r.pick(s.recentChannels) : r.int(0, 5000)

/** One message of a batch: usually valid, sometimes anything. */
export function batchItem(r: Random, s: FuzzState, goodOnly: boolean): string {
  const roll = r.next()
  if (goodOnly || roll < 0.5) return textOf(validInvoke(r, s, r.pick(APP_COMMANDS.filter((c) => c !== 'stream'))))
  if (roll < 0.6) return `{"t":"cancel","id":${recentId(r, s)}}`
  if (roll < 0.7) return `{"t":"ack","ch":${recentChannel(r, s)},"n":${r.int(1, 200)}}`
  if (roll < 0.8) return wrongValue(r, s)
  if (roll < 0.9) return `{"t":${wrongValue(r, s)}}`
  return invokeText(wrongValue(r, s), r.pick(ALL_COMMANDS), randomJsonText(r, s))
}
