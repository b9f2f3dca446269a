/**
 * Encoding follows from the message type: `encodeMessage` knows which field of each kind holds
 * user data, checks only that one, and names it in `NotSerializable` errors as the user knows it.
 * `encodeEvent` frames one prepared payload for many windows, identically.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { CausewayError } from '../src/core/errors.ts'
import { type InvalidMessage, parseClientFrame } from '../src/core/parse.ts'
import { type ClientMessage, type Message, VALUE_FIELDS } from '../src/core/protocol.ts'
import { encodeEvent, encodeMessage, prepare } from '../src/core/wire.ts'
import { onlyMessage, received } from './support/frames.ts'

test('each kind names its value as the user knows it when it cannot cross', () => {
  const bad = { ok: 1, fn: () => 1 }
  const cases: Array<[Message, string]> = [
    [{ t: 'invoke', id: 1, cmd: 'x', args: bad }, 'args.fn'],
    [{ t: 'ok', id: 1, v: bad }, 'result.fn'],
    [{ t: 'err', id: 1, e: { code: 'App', message: 'm', data: bad } }, 'error.data.fn'],
    [{ t: 'event', event: 'x', ids: [1], p: bad }, 'payload.fn'],
    [{ t: 'chan', ch: 1, i: 3, v: bad }, 'channel message 3.fn'],
    [{ t: 'plugin', plugin: 'window', p: bad }, 'payload.fn'],
  ]
  for (const [message, path] of cases) {
    assert.throws(
      () => encodeMessage(message),
      (error: unknown) => {
        assert.ok(error instanceof CausewayError)
        assert.equal(error.code, 'NotSerializable')
        assert.equal(error.message.split(' is ')[0], path)
        return true
      },
      message.t,
    )
  }
})

test('the value field of each kind is the one VALUE_FIELDS names, and the others carry none', () => {
  assert.deepEqual(VALUE_FIELDS, { invoke: 'args', ok: 'v', err: 'e', event: 'p', chan: 'v', plugin: 'p' })
  const plain: Message[] = [
    { t: 'cancel', id: 1 },
    { t: 'ack', ch: 1, n: 2 },
    { t: 'hello', label: 'main', dev: false, session: 's3ss10n', instance: 'i1' },
    { t: 'chan-end', ch: 1, n: 0 },
    { t: 'warn', message: 'w' },
  ]
  for (const message of plain) assert.equal(encodeMessage(message), JSON.stringify(message))
  assert.equal(encodeMessage({ t: 'ok', id: 1, v: { a: [1] } }), '{"t":"ok","id":1,"v":{"a":[1]}}')
  assert.equal(encodeMessage({ t: 'ok', id: 1, v: undefined }), '{"t":"ok","id":1}')
  assert.equal(encodeMessage({ t: 'invoke', id: 2, cmd: 'x' }), '{"t":"invoke","id":2,"cmd":"x"}')
  assert.equal(
    encodeMessage({ t: 'invoke', id: 2, cmd: 'x', headers: { a: 'b' }, args: 0 }),
    '{"t":"invoke","id":2,"cmd":"x","headers":{"a":"b"},"args":0}',
  )
})

test('bytes under a key a binary frame may not use are refused at the sender', () => {
  assert.throws(() => encodeMessage({ t: 'ok', id: 1, v: { constructor: new Uint8Array(1) } }), {
    code: 'NotSerializable',
    message: /^result\.constructor is bytes under the key "constructor"/,
  })
  const proto = {}
  Object.defineProperty(proto, '__proto__', { value: { data: new Uint8Array(1) }, enumerable: true })
  assert.throws(() => encodeMessage({ t: 'invoke', id: 1, cmd: 'x', args: { file: proto } }), {
    message: /^args\.file\.__proto__\.data is bytes under the key "__proto__"/,
  })
  assert.doesNotThrow(() => encodeMessage({ t: 'ok', id: 1, v: { constructor: 'text is fine' } }))
})

test('encodeEvent frames a prepared payload exactly as encodeMessage frames the event, sharing the bytes', () => {
  const bytes = new Uint8Array([1, 2, 3])
  for (const payload of [undefined, null, { n: 1 }, 'text', { file: bytes, name: 'f' }]) {
    const prepared = prepare(payload, 'payload')
    for (const ids of [[], [1], [4, 5, 6]]) {
      const message: Message = payload === undefined ? { t: 'event', event: 'x', ids } : { t: 'event', event: 'x', ids, p: payload }
      assert.deepEqual(received(encodeEvent('x', ids, prepared)), received(encodeMessage(message)))
    }
  }
  const prepared = prepare({ file: bytes }, 'payload')
  const first = encodeEvent('x', [1], prepared)
  const second = encodeEvent('x', [2], prepared)
  assert.ok(Array.isArray(first) && Array.isArray(second))
  assert.equal(first[2], bytes, 'the blob chunk is the caller’s bytes, not a copy')
  assert.equal(second[2], bytes)
  assert.throws(() => prepare({ f: Symbol('s') }, 'payload'), { message: /^payload\.f is a Symbol/ })
})

test('types: a message must match its kind, and parsing narrows on t', () => {
  // Never called: tsc over the tests checks these lines.
  const typeErrors = (): unknown[] => [
    // @ts-expect-error: ok carries its value in v, not args
    encodeMessage({ t: 'ok', id: 1, args: 1 }),
    // @ts-expect-error: invoke needs cmd
    encodeMessage({ t: 'invoke', id: 1 }),
    // @ts-expect-error: there is no such kind
    encodeMessage({ t: 'frob' }),
    // @ts-expect-error: the page does not send ok
    ((m: ClientMessage) => m)({ t: 'ok', id: 1 }),
  ]
  assert.equal(typeof typeErrors, 'function')

  const message = onlyMessage(parseClientFrame('{"t":"invoke","id":1,"cmd":"x","headers":{"a":"b"}}'))
  if (message.t === 'invoke') {
    const cmd: string = message.cmd
    const headers: Record<string, string> | undefined = message.headers
    assert.equal(cmd, 'x')
    assert.deepEqual(headers, { a: 'b' })
  } else assert.fail(`expected an invoke, got ${message.t}`)
  const invalid: InvalidMessage = { t: 'invalid', reason: 'r' }
  const id: number | undefined = invalid.id
  assert.equal(id, undefined)
})
