/**
 * An unmodified `@tauri-apps/api` frontend in Chromium across a dropped connection: the listener
 * it registered before the drop is registered again by the connection underneath and hears
 * events after the reconnect, under the event id Tauri was given, and its `unlisten()` (which
 * sends that id) still removes it on the backend.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { eventually } from 'causeway-test-support/eventually'
import { startFixture } from './fixtures/tauri-app/harness.ts'
import { acceptedSockets } from './support/sockets.ts'

test('a Tauri listen() survives a drop, and its unlisten() works after the reconnect', async (t) => {
  const sockets = acceptedSockets(t)
  const { app, page, errors } = await startFixture(t, { commands: {} })
  const warnings: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'warning') warnings.push(message.text())
  })
  const received = (key: string) => page.evaluate((k) => window.fixture.received(k), key)

  await page.evaluate(async () => {
    await window.fixture.listen('ping', 'kept')
    await window.fixture.listen('marker', 'marker')
  })
  app.emit('ping', 1)
  await eventually(async () => (await received('kept')).length === 1, 'the event before the drop')
  assert.equal(sockets.length, 1)

  sockets[0]?.socket.terminate()
  await eventually(() => sockets.length === 2, 'the page to connect again')
  await eventually(
    () => app.listenerCount('ping', 'main') === 1 && app.listenerCount('marker', 'main') === 1,
    'both listeners registered again',
  )
  app.emit('ping', 2)
  await eventually(async () => (await received('kept')).length === 2, 'the listener to hear the event after the reconnect')
  const kept = await received('kept')
  assert.deepEqual(
    kept.map((e) => e.payload),
    [1, 2],
  )
  assert.equal(kept[1]?.id, kept[0]?.id, 'Tauri’s handler sees the same event id before and after')

  await page.evaluate(() => window.fixture.unlisten('kept'))
  await eventually(() => app.listenerCount('ping', 'main') === 0, 'unlisten() to remove the listener on the backend')
  app.emit('ping', 3)
  app.emit('marker', 'after the ping')
  await eventually(async () => (await received('marker')).length === 1, 'the marker emitted after the last ping')
  assert.deepEqual(
    (await received('kept')).map((e) => e.payload),
    [1, 2],
    'nothing after unlisten',
  )
  assert.deepEqual(errors, [])
  assert.deepEqual(warnings, [], 'no "no Tauri callback" warning: ids were translated, not lost')
})
