/**
 * Channels over a real loopback WebSocket: ordered delivery, an explicit end once the handler is
 * done, raw bytes, channels nested anywhere in the arguments, and Tauri's delivery shapes through
 * the page contract's callbacks.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { Channel as PageChannel } from '../src/api/channel.ts'
import type { Channel } from '../src/backend/channel.ts'
import { createTauriContract } from '../src/tauri/page/contract.ts'
import { startApp } from './support/app.ts'
import { connect } from './support/node-client.ts'

const commands = {
  count: async ({ upTo, onEvent }: { upTo: number; onEvent: Channel<number> }) => {
    for (let i = 0; i < upTo; i++) await onEvent.send(i)
    onEvent.close()
    return 'done'
  },
  blobs: async ({ onEvent }: { onEvent: Channel<Uint8Array | { label: string }> }) => {
    await onEvent.send(new Uint8Array([1, 2, 3]))
    await onEvent.send({ label: 'json' })
    onEvent.close()
  },
  nested: async ({ options }: { options: { sinks: Array<Channel<string>> } }) => {
    for (const [i, sink] of options.sinks.entries()) await sink.send(`to sink ${i}`)
    for (const sink of options.sinks) sink.close()
  },
}

test('messages arrive in order and the channel ends after the last one', async (t) => {
  const { launchUrl } = await startApp(t, { commands })
  const client = await connect(launchUrl)
  const got: number[] = []
  const channel = new PageChannel<number>((n) => got.push(n))
  let endedAfter = -1
  channel.onend = () => (endedAfter = got.length)
  assert.equal(await client.invoke('count', { upTo: 5000, onEvent: channel }), 'done')
  await channel.done
  assert.equal(got.length, 5000)
  assert.ok(
    got.every((n, i) => n === i),
    'in order',
  )
  assert.equal(endedAfter, 5000, 'the end comes after every message')
})

test('channels nested anywhere in the arguments are attached', async (t) => {
  const { launchUrl } = await startApp(t, { commands })
  const client = await connect(launchUrl)
  const got: string[][] = [[], []]
  const sinks = [new PageChannel<string>((m) => got[0]?.push(m)), new PageChannel<string>((m) => got[1]?.push(m))]
  await client.invoke('nested', { options: { sinks } })
  await Promise.all(sinks.map((s) => s.done))
  assert.deepEqual(got, [['to sink 0'], ['to sink 1']])
})

test('through the Tauri contract: {message, index}, raw bytes as ArrayBuffer, then {end, index}', async (t) => {
  const { launchUrl } = await startApp(t, { commands })
  const client = await connect(launchUrl)
  const { internals } = createTauriContract(client, {
    label: { label: 'main' },
    path: { sep: '/', delimiter: ':' },
    origin: 'http://127.0.0.1',
  })
  const deliveries: unknown[] = []
  const id = internals.transformCallback((data) => void deliveries.push(data))
  // What `new Channel()` of @tauri-apps/api puts in the arguments.
  await internals.invoke('blobs', { onEvent: { toJSON: () => `__CHANNEL__:${id}` } })
  assert.equal(deliveries.length, 3)
  const [first, second, end] = deliveries as [{ message: unknown; index: number }, unknown, unknown]
  assert.ok(first.message instanceof ArrayBuffer, 'raw bytes arrive as an ArrayBuffer')
  assert.deepEqual([...new Uint8Array(first.message)], [1, 2, 3])
  assert.equal(first.index, 0)
  assert.deepEqual(second, { message: { label: 'json' }, index: 1 })
  assert.deepEqual(end, { end: true, index: 2 })
})
