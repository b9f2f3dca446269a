/**
 * Where a binary frame may put bytes: only on a `null` the header holds inside the message's
 * value field (invoke `args`, ok `v`, err `e.data`, event `p`, chan `v`, plugin `p`), through own
 * keys and array indexes, never through `__proto__`, `constructor` or `prototype`, and only as
 * many bytes as the frame holds. Nothing a hostile frame says reaches `Object.prototype`.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { parseClientFrame, parseServerFrame } from '../src/core/parse.ts'
import { binaryFrame, onlyMessage, refused } from './support/frames.ts'

const one = new Uint8Array([42])

/** A frame placing one byte at `path` in `header`. */
const placing = (header: object, path: unknown[]): Uint8Array => binaryFrame({ ...header, $b: [[path, 1, 0]] }, one)

test('bytes are refused anywhere in the envelope of a page message', () => {
  const invoke = { t: 'invoke', id: 1, cmd: 'x', args: { a: null }, headers: { h: 'v' } }
  for (const path of [['t'], ['id'], ['cmd'], ['headers'], ['headers', 'h'], ['extra'], []]) {
    const message = refused(parseClientFrame(placing({ ...invoke, extra: null }, path)))
    assert.match(message.reason, /bytes may only be placed inside invoke\.args/, JSON.stringify(path))
    assert.equal(message.id, 1)
  }
  assert.match(refused(parseClientFrame(placing({ t: 'cancel', id: 1 }, ['id']))).reason, /a cancel message carries no bytes/)
  assert.match(refused(parseClientFrame(placing({ t: 'ack', ch: 1, n: 1 }, ['ch']))).reason, /an? ack message carries no bytes/)
  assert.deepEqual(onlyMessage(parseClientFrame(binaryFrame({ t: 'cancel', id: 1, $b: [] }))), { t: 'cancel', id: 1 })
})

test('bytes are refused anywhere in the envelope of a backend message, and in err.e outside e.data', () => {
  const e = { code: 'App', message: 'm', kind: 'Io', data: null }
  const cases: Array<[object, unknown[]]> = [
    [{ t: 'ok', id: 1, v: null }, ['id']],
    [{ t: 'ok', id: 1, v: null }, ['t']],
    [{ t: 'err', id: 1, e }, ['e']],
    [{ t: 'err', id: 1, e }, ['e', 'code']],
    [{ t: 'err', id: 1, e }, ['e', 'message']],
    [{ t: 'err', id: 1, e }, ['e', 'kind']],
    [{ t: 'err', id: 1, e: { ...e, stack: 'at x' } }, ['e', 'stack']],
    [{ t: 'event', event: 'x', ids: [1], p: null }, ['event']],
    [{ t: 'event', event: 'x', ids: [1], p: null }, ['ids', 0]],
    [{ t: 'chan', ch: 1, i: 0, v: null }, ['ch']],
    [{ t: 'chan', ch: 1, i: 0, v: null }, ['i']],
    [{ t: 'plugin', plugin: 'window', p: null }, ['plugin']],
    [{ t: 'hello', label: 'main', dev: true, session: 's', instance: 'i' }, ['label']],
    [{ t: 'warn', message: 'w' }, ['message']],
    [{ t: 'chan-end', ch: 1, n: 1 }, ['n']],
  ]
  for (const [header, path] of cases) {
    const message = refused(parseServerFrame(placing(header, path)))
    assert.match(message.reason, /bytes may only be placed inside|carries no bytes/, JSON.stringify([header, path]))
  }
  const placed = onlyMessage(parseServerFrame(placing({ t: 'err', id: 1, e }, ['e', 'data'])))
  assert.deepEqual(placed, { t: 'err', id: 1, e: { code: 'App', message: 'm', kind: 'Io', data: one } })
})

test('bytes are never placed through __proto__, constructor or prototype', () => {
  const frames = [
    binaryFrame('{"t":"invoke","id":1,"cmd":"x","args":{"__proto__":null},"$b":[[["args","__proto__"],1,0]]}', one),
    binaryFrame('{"t":"invoke","id":1,"cmd":"x","args":{"__proto__":{"polluted":null}},"$b":[[["args","__proto__","polluted"],1,0]]}', one),
    placing({ t: 'invoke', id: 1, cmd: 'x', args: {} }, ['args', '__proto__', 'polluted']),
    placing({ t: 'invoke', id: 1, cmd: 'x', args: {} }, ['args', 'constructor', 'prototype', 'polluted']),
    placing({ t: 'invoke', id: 1, cmd: 'x', args: { constructor: null } }, ['args', 'constructor']),
    placing({ t: 'invoke', id: 1, cmd: 'x', args: { prototype: null } }, ['args', 'prototype']),
  ]
  for (const frame of frames) assert.match(refused(parseClientFrame(frame)).reason, /reserved key/)
  const server = placing({ t: 'ok', id: 1, v: { a: { constructor: null } } }, ['v', 'a', 'constructor'])
  assert.match(refused(parseServerFrame(server)).reason, /reserved key "constructor"/)
})

test('a blob only replaces a null the header holds, reached through own keys and array indexes', () => {
  const invoke = (args: unknown) => ({ t: 'invoke', id: 1, cmd: 'x', args })
  const refusedAt = (args: unknown, path: unknown[]) => refused(parseClientFrame(placing(invoke(args), path))).reason
  assert.match(refusedAt({ a: 1 }, ['args', 'a']), /does not end at a null/)
  assert.match(refusedAt({ a: 'text' }, ['args', 'a']), /does not end at a null/)
  assert.match(refusedAt({}, ['args', 'a']), /is not in the header/)
  assert.match(refusedAt({ a: null }, ['args', 'a', 'b']), /neither an array nor an object/)
  assert.match(refusedAt([null], ['args', '0']), /not an index/)
  assert.match(refusedAt([null], ['args', 1]), /not an index/)
  assert.match(refusedAt([null], ['args', -1]), /not an index/)
  assert.match(refusedAt({ 0: null }, ['args', 0]), /not a string key/)
  assert.match(refusedAt({ a: null }, ['args', 'toString']), /is not in the header/)
  assert.match(refusedAt({ a: null }, 'args' as unknown as unknown[]), /bytes may only be placed inside/)

  const twice = binaryFrame(
    {
      ...invoke({ a: null }),
      $b: [
        [['args', 'a'], 1, 0],
        [['args', 'a'], 1, 0],
      ],
    },
    one,
    one,
  )
  assert.match(refused(parseClientFrame(twice)).reason, /blob 1: its path does not end at a null/)
  const intoBlob = binaryFrame(
    {
      ...invoke({ a: null }),
      $b: [
        [['args', 'a'], 2, 0],
        [['args', 'a', 0], 1, 0],
      ],
    },
    one,
    one,
    one,
  )
  assert.match(refused(parseClientFrame(intoBlob)).reason, /blob 1: .*neither an array nor an object/)
})

test('blob lengths must fit the frame exactly', () => {
  const header = { t: 'ok', id: 3, v: [null, null] }
  const table = (a: number, b: number) => [
    [['v', 0], a, 0],
    [['v', 1], b, 1],
  ]
  const past = refused(parseServerFrame(binaryFrame({ ...header, $b: table(2, 2) }, new Uint8Array(3))))
  assert.match(past.reason, /blob 1 runs past the end of the frame/)
  assert.equal(past.id, 3)
  assert.match(
    refused(parseServerFrame(binaryFrame({ ...header, $b: table(1, 1) }, new Uint8Array(3)))).reason,
    /1 bytes after its last blob/,
  )
  assert.match(refused(parseServerFrame(binaryFrame({ ...header, $b: table(2 ** 53, 0) }))).reason, /byteLength/)
  const exact = onlyMessage(parseServerFrame(binaryFrame({ ...header, $b: table(0, 3) }, new Uint8Array([1, 2, 3]))))
  assert.ok(exact.t === 'ok')
  const [empty, buffer] = exact.v as [Uint8Array, ArrayBuffer]
  assert.equal(empty.byteLength, 0)
  assert.deepEqual([...new Uint8Array(buffer)], [1, 2, 3])
})

test('hostile frames leave Object.prototype and Array.prototype untouched', () => {
  const hostile = [
    '{"t":"invoke","id":1,"cmd":"x","args":{"__proto__":{"polluted":1}}}',
    '{"t":"invoke","id":1,"cmd":"x","headers":{"__proto__":"polluted"}}',
    '{"__proto__":{"polluted":1},"t":"cancel","id":1}',
    '[{"__proto__":{"polluted":1}},{"t":"ack","ch":1,"n":1,"constructor":{"prototype":{"polluted":1}}}]',
    binaryFrame('{"t":"invoke","id":1,"cmd":"x","args":{"__proto__":{"polluted":null}},"$b":[[["args","__proto__","polluted"],1,0]]}', one),
    binaryFrame('{"t":"invoke","id":1,"cmd":"x","args":{"a":null},"$b":[[["__proto__","polluted"],1,0]]}', one),
    binaryFrame('{"t":"invoke","id":1,"cmd":"x","args":[null],"$b":[[["args","constructor","prototype","polluted"],1,0]]}', one),
    binaryFrame('{"t":"ok","id":1,"v":[null],"$b":[[["v","__proto__","polluted"],1,0]]}', one),
    binaryFrame('{"t":"ok","id":1,"v":{"a":null},"$b":[[["v","a"],1,0],[["v","a","__proto__","polluted"],1,0]]}', one, one),
  ]
  for (const frame of hostile) {
    parseClientFrame(frame)
    parseServerFrame(frame)
  }
  const accepted = onlyMessage(parseClientFrame(hostile[0] as string))
  assert.ok(accepted.t === 'invoke')
  assert.equal(Object.getPrototypeOf(accepted.args), Object.prototype, 'a "__proto__" key in JSON stays data, not a prototype')
  assert.equal(({} as Record<string, unknown>).polluted, undefined)
  assert.equal(([] as unknown as Record<string, unknown>).polluted, undefined)
  assert.ok(!Object.hasOwn(Object.prototype, 'polluted'))
  assert.ok(!Object.hasOwn(Array.prototype, 'polluted'))
  assert.ok(!Object.hasOwn(Uint8Array.prototype, 'polluted'))
})
