/**
 * Text frames written in one tick wait to be batched; a binary frame goes out at once. The guard
 * (FrameBatcher.send in src/core/batcher.ts flushes queued text before a binary write) keeps a
 * mix of text and bytes written in one tick in order, in both directions. Without it the bytes
 * overtake the text queued before them.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { eventually } from 'causeway-test-support/eventually'
import { Channel as PageChannel } from '../src/api/channel.ts'
import type { Channel } from '../src/backend/channel.ts'
import { startApp } from './support/app.ts'
import { connect } from './support/node-client.ts'

const BYTES = new Uint8Array([1, 2, 3])

/** A received value as the assertions spell it. */
const shown = (value: unknown): string => (value instanceof Uint8Array ? `bytes ${[...value]}` : String(value))

test('channel messages sent in one tick, text then bytes then text, arrive in order', async (t) => {
  const { launchUrl } = await startApp(t, {
    commands: {
      mixed: ({ onMessage }: { onMessage: Channel<string | Uint8Array> }) => {
        // No await between the sends: all three are written in the same tick.
        void onMessage.send('first')
        void onMessage.send(BYTES)
        void onMessage.send('third')
        onMessage.close()
      },
    },
  })
  const client = await connect(launchUrl)
  const got: string[] = []
  const channel = new PageChannel<string | Uint8Array>((message) => void got.push(shown(message)))
  await client.invoke('mixed', { onMessage: channel })
  await channel.done
  assert.deepEqual(got, ['first', 'bytes 1,2,3', 'third'])
})

test('events emitted in one tick, text then bytes then text, arrive in order', async (t) => {
  const { app, launchUrl } = await startApp(t, { commands: {} })
  const client = await connect(launchUrl)
  const got: string[] = []
  await client.listen('mixed', (e) => void got.push(shown(e.payload)))
  app.emit('mixed', 'first')
  app.emit('mixed', BYTES)
  app.emit('mixed', 'third')
  await eventually(() => got.length === 3)
  assert.deepEqual(got, ['first', 'bytes 1,2,3', 'third'])
})

test('calls made in one tick from the page, text then bytes then text, reach the backend in order', async (t) => {
  const seen: string[] = []
  const { launchUrl } = await startApp(t, { commands: { record: ({ value }: { value: unknown }) => void seen.push(shown(value)) } })
  const client = await connect(launchUrl)
  await Promise.all([
    client.invoke('record', { value: 'first' }),
    client.invoke('record', { value: BYTES }),
    client.invoke('record', { value: 'third' }),
  ])
  assert.deepEqual(seen, ['first', 'bytes 1,2,3', 'third'])
})
