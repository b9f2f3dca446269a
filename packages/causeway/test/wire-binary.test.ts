import assert from 'node:assert/strict'
import { test } from 'node:test'
import { concatFrame, decodeAll, encode } from '../src/core/wire.ts'

function roundTrip(value: unknown): unknown {
  const frame = encode({ t: 'ok', id: 1, v: value }, 'v', 'result')
  assert.notEqual(typeof frame, 'string', 'bytes make a binary frame')
  const [message] = decodeAll(concatFrame(frame as Uint8Array[]))
  return message!.v
}

test('blobs in several branches of one container come back in place, the original untouched', () => {
  const value = { a: { x: new Uint8Array([1]), y: new Uint8Array([2, 2]), label: 'a' }, list: [new Uint8Array([3]), 'z'], n: 1 }
  assert.deepEqual(roundTrip(value), value)
  assert.ok(value.a.x instanceof Uint8Array, 'encoding does not modify the caller’s value')
})

test('a Node Buffer travels as its bytes, not as its toJSON form', () => {
  const big = Buffer.alloc(3 * 1024 * 1024, 7)
  const frame = encode({ t: 'ok', id: 1, v: { big } }, 'v', 'result') as Uint8Array[]
  const headerLength = new DataView(frame[0]!.buffer).getUint32(0, true)
  assert.ok(headerLength < 200, `the JSON header stays small (${headerLength} bytes)`)
  const back = roundTrip({ big }) as { big: Uint8Array }
  assert.equal(back.big.byteLength, big.byteLength)
  assert.equal(back.big[big.byteLength - 1], 7)
})

test('bytes inside a toJSON() result and a top-level ArrayBuffer', () => {
  const withToJSON = { file: { toJSON: () => ({ name: 'f', bytes: new Uint8Array([9, 8]) }) } }
  assert.deepEqual(roundTrip(withToJSON), { file: { name: 'f', bytes: new Uint8Array([9, 8]) } })
  const buffer = new Uint8Array([5, 6, 7]).buffer
  const back = roundTrip(buffer)
  assert.ok(back instanceof ArrayBuffer)
  assert.deepEqual([...new Uint8Array(back)], [5, 6, 7])
})
