/**
 * Binary frames: valid ones carrying bytes, random and malicious blob tables (envelope fields,
 * prototype paths, lengths past the frame), broken framing, random bytes.
 */
import { CHANNEL_PREFIX } from '../../../src/core/protocol.ts'
import { concatFrame } from '../../../src/core/wire.ts'
import { binaryFrameOf, invokeText, recentId, validInvoke } from '../frames.ts'
import type { FrameGenerator } from '../types.ts'
import { ALL_COMMANDS, KEYS, randomJsonText } from '../values.ts'

/** A blob table as JSON text; entries may be anything, as an attacker writes them. */
function blobTable(entries: Array<[path: unknown, length: unknown, kind: unknown]>): string {
  return JSON.stringify(entries)
}

export const binaryGenerators: readonly FrameGenerator[] = [
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
]
