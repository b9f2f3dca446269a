/**
 * Frames that are not what the protocol says: truncated or odd JSON, wrong types in each field,
 * numbers JSON spells but JS rounds, unknown kinds, random text and invalid UTF-8.
 */
import { CHANNEL_PREFIX } from '../../../src/core/protocol.ts'
import { concatFrame } from '../../../src/core/wire.ts'
import { batchItem, invokeText, textOf, validInvoke } from '../frames.ts'
import type { FrameGenerator } from '../types.ts'
import { ALL_COMMANDS, APP_COMMANDS, asciiString, randomJsonText, wrongValue } from '../values.ts'

export const malformedGenerators: readonly FrameGenerator[] = [
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
    name: 'random-text',
    weight: 1,
    make: (r) => {
      let out = ''
      for (let n = r.size(0, 2048); n > 0; n--)
        out += r.chance(0.7) ? String.fromCharCode(r.int(32, 126)) : String.fromCharCode(r.int(0, 0xffff))
      return out
    },
  },
  { name: 'random-json', weight: 1, make: (r, s) => randomJsonText(r, s, 4) },
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
]
