/**
 * Depth at the edge: input nested 100,000 levels deep, in any field of any message, in text or
 * binary frames, comes back as an error value, never a stack overflow. A value may nest exactly
 * MAX_DEPTH arrays/objects; both the sender and the receiver refuse one level more.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { CausewayError } from '../src/core/errors.ts'
import { parseClientFrame, parseServerFrame } from '../src/core/parse.ts'
import { MAX_DEPTH, type Message } from '../src/core/protocol.ts'
import { encodeMessage } from '../src/core/wire.ts'
import { binaryFrame, deepArrayText, deepObjectText, deepValue, onlyMessage, received, refused } from './support/frames.ts'

const DEEP = 100_000
const deepTexts = [deepArrayText(DEEP), deepObjectText(DEEP)]

test('100,000 levels in any envelope field of a page message: refused, with the call id when it was readable', () => {
  for (const deep of deepTexts) {
    const cases: Array<[string, number | undefined]> = [
      [`{"t":${deep},"id":1,"cmd":"x"}`, undefined],
      [`{"t":"invoke","id":${deep},"cmd":"x"}`, undefined],
      [`{"t":"invoke","id":2,"cmd":${deep}}`, 2],
      [`{"t":"invoke","id":3,"cmd":"x","headers":${deep}}`, 3],
      [`{"t":"invoke","id":4,"cmd":"x","headers":{"h":${deep}}}`, 4],
      [`{"t":"cancel","id":${deep}}`, undefined],
      [`{"t":"ack","ch":${deep},"n":1}`, undefined],
      [`{"t":"ack","ch":1,"n":${deep}}`, undefined],
    ]
    for (const [text, id] of cases) assert.equal(refused(parseClientFrame(text)).id, id, text.slice(0, 40))
  }
})

test('100,000 levels in a value is refused as deeper than MAX_DEPTH, with the call id', () => {
  for (const deep of deepTexts) {
    const invoke = refused(parseClientFrame(`{"t":"invoke","id":5,"cmd":"x","args":${deep}}`))
    assert.equal(invoke.id, 5)
    assert.match(invoke.reason, new RegExp(`invoke\\.args nests deeper than ${MAX_DEPTH}`))
    const serverCases: Array<[string, RegExp, number | undefined]> = [
      [`{"t":"ok","id":6,"v":${deep}}`, /ok\.v nests deeper/, 6],
      [`{"t":"err","id":7,"e":${deep}}`, /err\.e nests deeper/, 7],
      [`{"t":"err","id":8,"e":{"code":"App","message":"m","data":${deep}}}`, /err\.e nests deeper/, 8],
      [`{"t":"event","event":"x","ids":[1],"p":${deep}}`, /event\.p nests deeper/, undefined],
      [`{"t":"chan","ch":1,"i":0,"v":${deep}}`, /chan\.v nests deeper/, undefined],
      [`{"t":"plugin","plugin":"window","p":${deep}}`, /plugin\.p nests deeper/, undefined],
    ]
    for (const [text, reason, id] of serverCases) {
      const message = refused(parseServerFrame(text))
      assert.match(message.reason, reason)
      assert.equal(message.id, id)
    }
  }
})

test('100,000 levels in the envelope of a backend message: refused', () => {
  const deep = deepArrayText(DEEP)
  for (const text of [
    `{"t":"ok","id":${deep}}`,
    `{"t":"hello","label":${deep},"dev":true}`,
    `{"t":"event","event":${deep},"ids":[]}`,
    `{"t":"event","event":"x","ids":${deep}}`,
    `{"t":"event","event":"x","ids":[1,${deep}]}`,
    `{"t":"chan-end","ch":1,"n":${deep}}`,
    `{"t":"warn","message":${deep}}`,
  ]) {
    refused(parseServerFrame(text))
  }
})

test('100,000 levels as a batch element, as the batch, or as a whole frame', () => {
  const deep = deepArrayText(DEEP)
  const batch = onlyMessage(parseClientFrame(`[${deep}]`))
  assert.equal(batch.t, 'invalid')
  const messages = parseClientFrame(`[{"t":"cancel","id":1},${deep},{"t":"invoke","id":2,"cmd":"x","args":${deep}}]`)
  assert.ok(!(messages instanceof CausewayError))
  assert.deepEqual(
    messages.map((m) => m.t),
    ['cancel', 'invalid', 'invalid'],
  )
  assert.match(refused(parseServerFrame(deepObjectText(DEEP))).reason, /type `t`/, 'a deep object is one message without a type')
})

test('100,000 levels inside a binary frame: header value, blob table and blob path', () => {
  const deep = deepArrayText(DEEP)
  const header = refused(parseClientFrame(binaryFrame(`{"t":"invoke","id":1,"cmd":"x","args":${deep},"$b":[]}`)))
  assert.match(header.reason, /invoke\.args nests deeper/)
  assert.equal(header.id, 1)
  const table = refused(parseServerFrame(binaryFrame(`{"t":"ok","id":2,"v":null,"$b":${deep}}`)))
  assert.equal(table.id, 2)
  const entry = refused(parseServerFrame(binaryFrame(`{"t":"ok","id":3,"v":null,"$b":[${deep}]}`)))
  assert.equal(entry.id, 3)
  const pathInside = refused(parseServerFrame(binaryFrame(`{"t":"ok","id":4,"v":null,"$b":[[["v",${deep}],0,0]]}`)))
  assert.equal(pathInside.id, 4)
  const longPath = JSON.stringify(['v', ...Array.from({ length: DEEP }, () => 0)])
  const long = refused(parseServerFrame(binaryFrame(`{"t":"ok","id":5,"v":[null],"$b":[[${longPath},1,0]]}`, new Uint8Array(1))))
  assert.match(long.reason, /path is longer than a value may nest/)
})

test('a value nesting exactly MAX_DEPTH levels crosses; one more is refused by the receiver', () => {
  const atLimit = parseClientFrame(JSON.stringify({ t: 'invoke', id: 1, cmd: 'x', args: deepValue(MAX_DEPTH) }))
  assert.equal(onlyMessage(atLimit).t, 'invoke')
  const over = refused(parseClientFrame(JSON.stringify({ t: 'invoke', id: 1, cmd: 'x', args: deepValue(MAX_DEPTH + 1) })))
  assert.match(over.reason, /nests deeper/)
  const tighter = refused(parseClientFrame('{"t":"invoke","id":1,"cmd":"x","args":{"a":[{}]}}', { maxDepth: 2 }))
  assert.match(tighter.reason, /nests deeper than 2/)
  assert.equal(onlyMessage(parseClientFrame('{"t":"invoke","id":1,"cmd":"x","args":{"a":[1]}}', { maxDepth: 2 })).t, 'invoke')
})

test('the sender refuses one level more than MAX_DEPTH with NotSerializable naming the value, for every kind', () => {
  const withValue = (value: unknown): Message[] => [
    { t: 'invoke', id: 1, cmd: 'x', args: value },
    { t: 'ok', id: 1, v: value },
    { t: 'err', id: 1, e: { code: 'App', message: 'm', data: value } },
    { t: 'event', event: 'x', ids: [1], p: value },
    { t: 'chan', ch: 1, i: 4, v: value },
    { t: 'plugin', plugin: 'window', p: value },
  ]
  const names = ['args', 'result', 'error', 'payload', 'channel message 4', 'payload']
  // err's value is `e`, which holds the data one level down.
  const atLimit = (m: Message) => (m.t === 'err' ? MAX_DEPTH - 1 : MAX_DEPTH)
  for (const [i, message] of withValue(undefined).entries()) {
    const depth = atLimit(message)
    const fits = withValue(deepValue(depth))[i] as Message
    const frame = encodeMessage(fits)
    const parse = fits.t === 'invoke' ? parseClientFrame : parseServerFrame
    assert.equal(onlyMessage<Message>(parse(received(frame))).t, fits.t, `${fits.t} at the limit crosses`)
    for (const tooDeep of [deepValue(depth + 1), deepValue(DEEP)]) {
      assert.throws(
        () => encodeMessage(withValue(tooDeep)[i] as Message),
        (error: unknown) => {
          assert.ok(error instanceof CausewayError, `a CausewayError, not ${String(error)}`)
          assert.equal(error.code, 'NotSerializable')
          assert.ok(error.message.startsWith(`${names[i]} nests deeper than ${MAX_DEPTH}`), error.message)
          return true
        },
      )
    }
  }
})

test('a toJSON() chain that never ends is refused, not a stack overflow', () => {
  const wrapped = (): object => ({ toJSON: () => [wrapped()] })
  assert.throws(() => encodeMessage({ t: 'ok', id: 1, v: wrapped() }), { name: 'CausewayError', code: 'NotSerializable' })
  // As JSON.stringify, a toJSON() result's own toJSON is not called again: it is a function-valued field.
  const direct = (): object => ({ toJSON: () => direct() })
  assert.throws(() => encodeMessage({ t: 'ok', id: 1, v: direct() }), { code: 'NotSerializable', message: /^result\.toJSON is a function/ })
})
