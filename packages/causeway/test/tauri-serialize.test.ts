/**
 * Tauri's argument and header rules as the page contract applies them, and the rejection value a
 * Tauri page sees.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { rejectionValue } from '../src/tauri/page/rejection.ts'
import { normalizeHeaders, serializeArgs } from '../src/tauri/page/serialize.ts'

test('top-level bytes and byte arrays are a raw body of one Uint8Array', () => {
  for (const input of [new Uint8Array([1, 2]), new Uint8Array([1, 2]).buffer, [1, 2], new DataView(new Uint8Array([1, 2]).buffer)]) {
    const { args } = serializeArgs(input)
    assert.ok(args instanceof Uint8Array)
    assert.deepEqual([...args], [1, 2])
  }
  const wide = serializeArgs(new Uint16Array([258])).args as Uint8Array
  assert.equal(wide.byteLength, 2, 'a wider typed array is sent as its bytes')
})

test('nested values follow Tauri’s replacer: bytes as number arrays, Map as object, __TAURI_TO_IPC_KEY__', () => {
  const custom = { __TAURI_TO_IPC_KEY__: () => ({ String: 'id' }) }
  const channel = { toJSON: () => '__CHANNEL__:12' }
  const { args, channelIds } = serializeArgs({
    data: new Uint8Array([9]),
    buf: new Uint8Array([8]).buffer,
    map: new Map([['a', 1]]),
    custom,
    deep: [{ channel }],
  })
  assert.deepEqual(args, { data: [9], buf: [8], map: { a: 1 }, custom: { String: 'id' }, deep: [{ channel: '__CHANNEL__:12' }] })
  assert.deepEqual(channelIds, [12], 'channels are found at any depth')
})

test('headers in any HeadersInit form become a lower-case record without undefined values', () => {
  assert.deepEqual(normalizeHeaders({ Path: '%2Fa', options: undefined }), { path: '%2Fa' })
  assert.deepEqual(normalizeHeaders(new Headers({ 'X-One': '1' })), { 'x-one': '1' })
  assert.deepEqual(normalizeHeaders([['A', 'b']]), { a: 'b' })
  assert.equal(normalizeHeaders(undefined), undefined)
})

test('a rejection is the raw error value, else the message; fs errors are their message string', () => {
  assert.equal(rejectionValue('greet', { code: 'Internal', message: 'boom', data: 'boom' }), 'boom')
  assert.deepEqual(rejectionValue('greet', { code: 'Internal', message: 'non-error thrown: {"a":1}', data: { a: 1 } }), { a: 1 })
  assert.equal(rejectionValue('greet', { code: 'Internal', message: 'boom' }), 'boom')
  assert.deepEqual(rejectionValue('save', { code: 'App', kind: 'Io', message: 'Io: x', data: 'x' }), { Io: 'x' })
  assert.equal(rejectionValue('save', { code: 'App', kind: 'NotFound', message: 'NotFound' }), 'NotFound')
  assert.equal(rejectionValue('greet', { code: 'CommandNotFound', message: 'command `greet` not found' }), 'command `greet` not found')
  assert.equal(
    rejectionValue('plugin:fs|read_file', { code: 'App', kind: 'NotFound', message: 'not found: /a', data: '/a' }),
    'not found: /a',
  )
})
