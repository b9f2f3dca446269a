/**
 * Bytes cross the wire as bytes: Uint8Array and ArrayBuffer, top-level or nested, arrive with
 * their type and content, and the frame on the socket is a binary frame carrying the bytes
 * verbatim, never base64 or a JSON number array.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { eventually } from 'causeway-test-support/eventually'
import { decode, encode } from '../src/core/wire.ts'
import { startApp } from './support/app.ts'
import { connect, nodeTransport } from './support/node-client.ts'

const seen: unknown[] = []
const commands = {
  echo: (args: unknown) => {
    seen.push(args)
    return args
  },
}

/** Bytes unlikely to appear by accident anywhere else in a frame. */
const marker = () => Uint8Array.from({ length: 64 }, (_, i) => (i * 37 + 11) & 0xff)

test('Uint8Array and ArrayBuffer round trip, top-level and nested, keeping their type', async (t) => {
  const { launchUrl } = await startApp(t, { commands })
  const client = await connect(launchUrl)

  const top = await client.invoke<Uint8Array>('echo', marker())
  assert.ok(top instanceof Uint8Array)
  assert.ok(seen.at(-1) instanceof Uint8Array, 'a top-level Uint8Array reaches the handler as the raw body')
  assert.deepEqual(top, marker())

  const buffer = await client.invoke<ArrayBuffer>('echo', marker().buffer)
  assert.ok(buffer instanceof ArrayBuffer)
  assert.deepEqual(new Uint8Array(buffer), marker())

  const nested = await client.invoke<{ a: { bytes: Uint8Array; list: [ArrayBuffer, string] } }>('echo', {
    a: { bytes: marker(), list: [marker().buffer, 'text'] },
  })
  assert.ok(nested.a.bytes instanceof Uint8Array)
  assert.ok(nested.a.list[0] instanceof ArrayBuffer)
  assert.deepEqual(nested.a.bytes, marker())
  assert.deepEqual(new Uint8Array(nested.a.list[0]), marker())
  assert.equal(nested.a.list[1], 'text')
})

test('the reply is one binary frame holding the bytes verbatim, with no base64 or number array', async (t) => {
  const { launchUrl } = await startApp(t, { commands })
  const transport = nodeTransport(launchUrl)
  t.after(() => transport.close())
  const frames: Array<string | Uint8Array> = []
  transport.start(
    (frame) => void frames.push(frame),
    () => {},
  )
  const request = encode({ t: 'invoke', id: 1, cmd: 'echo', args: { nested: { data: marker() }, raw: marker().buffer } }, 'args', 'args')
  assert.ok(Array.isArray(request), 'a message with bytes encodes to binary chunks')
  transport.send(request)

  await eventually(() => frames.some((f) => typeof f !== 'string' || f.includes('"ok"') || f.includes('"err"')), 'the reply')
  const reply = frames.find((f) => typeof f !== 'string')
  assert.ok(reply instanceof Uint8Array, 'the reply is a binary frame')

  const bytes = Buffer.from(reply)
  const needle = Buffer.from(marker())
  const first = bytes.indexOf(needle)
  assert.ok(first > 0, 'the bytes appear verbatim')
  assert.ok(bytes.indexOf(needle, first + 1) > first, 'both blobs appear verbatim')
  const text = bytes.toString('latin1')
  assert.ok(!text.includes(needle.toString('base64').slice(0, 40)), 'no base64 copy')
  assert.ok(!text.includes(Array.from(marker().slice(0, 8)).join(',')), 'no JSON number array')

  const message = decode(reply)
  const value = message.v as { nested: { data: Uint8Array }; raw: ArrayBuffer }
  assert.deepEqual(value.nested.data, marker())
  assert.deepEqual(new Uint8Array(value.raw), marker())
})
