/**
 * Every message kind of each direction comes back from encodeMessage + parse exactly as it was,
 * bytes nested anywhere in its value included, alone or batched. Received bytes keep their
 * type; large Uint8Arrays are views into the frame, small ones and ArrayBuffers are exact copies.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { FrameBatcher } from '../src/core/batcher.ts'
import { parseClientFrame, parseServerFrame } from '../src/core/parse.ts'
import type { ClientMessage, ServerMessage } from '../src/core/protocol.ts'
import { encodeMessage, type Frame } from '../src/core/wire.ts'
import { messagesOf, onlyMessage, received } from './support/frames.ts'

const bytes = (n: number, seed = 1) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff)
/** A value with bytes at the top of a branch, deep in it, in arrays, and as an ArrayBuffer. */
const nested = () => ({
  name: 'file',
  data: bytes(5),
  parts: [bytes(3, 2), 'text', { raw: bytes(4, 3).buffer }],
  meta: { deep: [[bytes(1, 4)]] },
})

const clientMessages: ClientMessage[] = [
  { t: 'invoke', id: 1, cmd: 'greet' },
  { t: 'invoke', id: 2, cmd: 'save', args: nested(), headers: { 'x-a': 'b' } },
  { t: 'invoke', id: 3, cmd: 'upload', args: bytes(16) },
  { t: 'invoke', id: 4, cmd: 'upload', args: bytes(16).buffer },
  { t: 'invoke', id: 5, cmd: 'echo', args: { text: 'no bytes', n: [1, 2] } },
  { t: 'cancel', id: 2 },
  { t: 'ack', ch: 7, n: 32 },
]

const serverMessages: ServerMessage[] = [
  { t: 'hello', label: 'main', dev: true, session: 's3ss10n', instance: 'i1' },
  { t: 'ok', id: 1 },
  { t: 'ok', id: 2, v: nested() },
  { t: 'ok', id: 3, v: bytes(8) },
  { t: 'err', id: 4, e: { code: 'App', message: 'Io: disk', kind: 'Io', data: { partial: bytes(6), at: 3 } } },
  { t: 'err', id: 5, e: { code: 'Forbidden', message: 'no' } },
  { t: 'event', event: 'upload-progress', ids: [1, 2], p: { chunk: bytes(9) } },
  { t: 'event', event: 'tick', ids: [3], p: 41 },
  { t: 'chan', ch: 7, i: 0, v: [bytes(2), bytes(2, 9).buffer] },
  { t: 'chan', ch: 7, i: 1, v: 'text' },
  { t: 'chan-end', ch: 7, n: 2 },
  { t: 'warn', message: 'a listener was registered twice' },
  { t: 'plugin', plugin: 'dialog', p: { icon: bytes(12) } },
]

test('every ClientMessage kind round-trips, bytes nested in args included', () => {
  for (const message of clientMessages) {
    assert.deepStrictEqual(onlyMessage(parseClientFrame(received(encodeMessage(message)))), message, message.t)
  }
})

test('every ServerMessage kind round-trips, bytes nested in v, e.data and p included', () => {
  for (const message of serverMessages) {
    assert.deepStrictEqual(onlyMessage(parseServerFrame(received(encodeMessage(message)))), message, message.t)
  }
})

test('received bytes keep their type where they were', () => {
  const back = onlyMessage(parseServerFrame(received(encodeMessage({ t: 'ok', id: 1, v: nested() }))))
  assert.ok(back.t === 'ok')
  const v = back.v as ReturnType<typeof nested>
  assert.ok(v.data instanceof Uint8Array)
  assert.ok(v.parts[2] && typeof v.parts[2] === 'object' && (v.parts[2] as { raw: unknown }).raw instanceof ArrayBuffer)
  assert.ok(v.meta.deep[0]?.[0] instanceof Uint8Array)
})

test('messages batched into one text frame come back in order, each typed', () => {
  const frames: Frame[] = []
  const batcher = new FrameBatcher(
    (frame) => void frames.push(frame),
    () => {},
  )
  const textOnly = serverMessages.filter((m) => typeof encodeMessage(m) === 'string')
  for (const message of textOnly) batcher.send(encodeMessage(message))
  batcher.flush()
  assert.equal(frames.length, 1)
  assert.deepStrictEqual(messagesOf(parseServerFrame(received(frames[0] as Frame))), textOnly)
})

test('large received blobs are views into the frame; small ones and ArrayBuffers are exact copies', () => {
  const big = bytes(256 * 1024)
  const frame = received(encodeMessage({ t: 'ok', id: 1, v: { big, small: bytes(10), buffer: bytes(100 * 1024).buffer } }))
  assert.ok(frame instanceof Uint8Array)
  const back = onlyMessage(parseServerFrame(frame))
  assert.ok(back.t === 'ok')
  const v = back.v as { big: Uint8Array; small: Uint8Array; buffer: ArrayBuffer }
  assert.equal(v.big.buffer, frame.buffer, 'a large blob is not copied')
  assert.deepStrictEqual(v.big, big)
  assert.notEqual(v.small.buffer, frame.buffer, 'a small blob does not pin the frame')
  assert.equal(v.small.buffer.byteLength, 10)
  assert.notEqual(v.buffer, frame.buffer)
  assert.equal(v.buffer.byteLength, 100 * 1024, 'an ArrayBuffer is exactly the blob, never the frame')
})

test('bytes built afresh by a toJSON() on each call still travel as bytes, not as JSON numbers', () => {
  const message: ServerMessage = { t: 'ok', id: 1, v: { file: { toJSON: () => ({ name: 'f', bytes: new Uint8Array([9, 8]) }) } } }
  const frame = encodeMessage(message)
  assert.ok(Array.isArray(frame))
  assert.ok(!new TextDecoder().decode(frame[1]).includes('"0":9'), 'the header holds null, not the bytes spelled out')
  assert.deepStrictEqual(onlyMessage(parseServerFrame(received(frame))), {
    t: 'ok',
    id: 1,
    v: { file: { name: 'f', bytes: new Uint8Array([9, 8]) } },
  })
  const rootToJSON: ServerMessage = { t: 'ok', id: 2, v: { toJSON: () => ({ bytes: new Uint8Array([7]) }) } }
  assert.deepStrictEqual(onlyMessage(parseServerFrame(received(encodeMessage(rootToJSON)))), {
    t: 'ok',
    id: 2,
    v: { bytes: new Uint8Array([7]) },
  })
})
