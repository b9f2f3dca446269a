/**
 * A `Channel` from `@tauri-apps/api/core` fed by a Causeway handler, in Chromium: every message
 * arrives, in order, and the channel ends (its callback is unregistered) when the handler is done.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Channel } from '../src/backend/channel.ts'
import { startFixture } from './fixtures/tauri-app/harness.ts'

test('a Tauri Channel receives 10,000 messages complete and in order, then ends', async (t) => {
  const { page, errors } = await startFixture(t, {
    commands: {
      stream_numbers: async ({ count, onEvent }: { count: number; onEvent: Channel<number> }) => {
        for (let i = 0; i < count; i++) await onEvent.send(i)
        onEvent.close()
        return count
      },
    },
  })
  const count = 10_000
  const { result, messages, id } = await page.evaluate((n) => window.fixture.channel(n), count)
  assert.equal(result, count)
  assert.equal(messages.length, count)
  assert.ok(
    messages.every((m, i) => m === i),
    'in order',
  )
  const stillRegistered = await page.evaluate((channelId) => window.__TAURI_INTERNALS__.callbacks.has(channelId), id)
  assert.equal(stillRegistered, false, 'the end marker made the Channel unregister its callback')
  assert.deepEqual(errors, [])
})
