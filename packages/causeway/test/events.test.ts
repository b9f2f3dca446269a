import assert from 'node:assert/strict'
import { test } from 'node:test'
import { eventually } from 'causeway-test-support/eventually'
import type { CausewayEvent } from '../src/backend/app-handle.ts'
import { isCausewayError } from '../src/core/errors.ts'
import { startApp } from './support/app.ts'
import { connect } from './support/node-client.ts'

const windows = [{ label: 'main' }, { label: 'settings' }]

test('backend emit reaches every window, with Tauri’s event shape', async (t) => {
  const { app } = await startApp(t, { commands: {}, windows })
  const [main, settings] = await Promise.all(app.windows().map((w) => connect(w.launchUrl)))
  const seen: Array<[string, unknown]> = []
  await main!.listen<number>('job-progress', (e) => void seen.push(['main', e]))
  await settings!.listen<number>('job-progress', (e) => void seen.push(['settings', e]))
  app.emit('job-progress', 42)
  await eventually(() => seen.length === 2, 'both windows')
  for (const [, e] of seen) {
    const { event, payload, id } = e as CausewayEvent
    assert.equal(event, 'job-progress')
    assert.equal(payload, 42)
    assert.equal(typeof id, 'number')
  }
})

test('emitTo a label reaches only that window', async (t) => {
  const { app } = await startApp(t, { commands: {}, windows })
  const [main, settings] = await Promise.all(app.windows().map((w) => connect(w.launchUrl)))
  const got: string[] = []
  await main!.listen('refresh', () => void got.push('main'))
  await settings!.listen('refresh', () => void got.push('settings'))
  app.emitTo('settings', 'refresh')
  app.emit('marker')
  await settings!.listen('marker', () => void got.push('marker'))
  app.emit('marker')
  await eventually(() => got.includes('marker'), 'the marker event')
  assert.deepEqual(got, ['settings', 'marker'])
})

test('a page emit reaches backend listeners and other windows; emitTo App reaches only the backend', async (t) => {
  const { app } = await startApp(t, { commands: {}, windows })
  const [main, settings] = await Promise.all(app.windows().map((w) => connect(w.launchUrl)))
  const backend: CausewayEvent[] = []
  app.listen('clicked', (e) => void backend.push(e))
  const inSettings: unknown[] = []
  await settings!.listen('clicked', (e) => void inSettings.push(e.payload))
  await settings!.listen('marker', () => void inSettings.push('marker'))
  await main!.emit('clicked', { x: 1 })
  await eventually(() => backend.length === 1 && inSettings.length === 1, 'delivery')
  assert.deepEqual(backend[0]!.payload, { x: 1 })
  assert.equal(backend[0]!.source, 'main')
  await main!.emitTo({ kind: 'App' }, 'clicked', { x: 2 })
  await eventually(() => backend.length === 2, 'the backend-only event')
  // Anything sent to settings for that emit would reach it before a marker emitted afterwards.
  app.emit('marker')
  await eventually(() => inSettings.includes('marker'), 'the marker event')
  assert.deepEqual(inSettings, [{ x: 1 }, 'marker'], 'a window does not hear an event sent to the backend')
})

test('once fires a single time and leaves no listener behind', async (t) => {
  const { app, launchUrl } = await startApp(t, { commands: {} })
  const client = await connect(launchUrl)
  const got: number[] = []
  await client.once<number>('tick', (e) => void got.push(e.payload))
  app.emit('tick', 1)
  app.emit('tick', 2)
  await eventually(() => got.length > 0 && app.listenerCount('tick') === 0, 'once to finish')
  assert.deepEqual(got, [1])
  const backendGot: number[] = []
  app.once<string>('tock', (e) => void backendGot.push(e.payload as number))
  app.emit('tock', 1)
  app.emit('tock', 2)
  assert.deepEqual(backendGot, [1])
})

test('unlisten stops delivery at once, even for events already on the wire', async (t) => {
  const { app, launchUrl } = await startApp(t, { commands: {} })
  const client = await connect(launchUrl)
  let count = 0
  const unlisten = await client.listen('burst', () => {
    count++
    if (count === 3) unlisten()
  })
  let marked = false
  await client.listen('marker', () => void (marked = true))
  for (let i = 0; i < 50; i++) app.emit('burst', i)
  await eventually(() => app.listenerCount('burst') === 0, 'the backend to drop the listener')
  // Every burst event is on the wire before this marker, so all 50 have reached the page by then.
  app.emit('marker')
  await eventually(() => marked, 'the marker event')
  assert.equal(count, 3)
})

test('closing the connection drops the window’s listeners on the backend', async (t) => {
  const { app, launchUrl } = await startApp(t, { commands: {} })
  const client = await connect(launchUrl)
  await client.listen('a', () => {})
  await client.listen('b', () => {})
  assert.equal(app.listenerCount(undefined, 'main'), 2)
  client.close()
  await eventually(() => app.listenerCount() === 0, 'listeners to be dropped')
})

test('event names are validated on both sides', async (t) => {
  const { app, launchUrl } = await startApp(t, { commands: {} })
  const client = await connect(launchUrl)
  assert.throws(
    () => app.emit('job progress', 1),
    (e) => isCausewayError(e, 'InvalidEventName') && /job progress/.test(e.message),
  )
  await assert.rejects(
    client.listen('bad name!', () => {}),
    (e) => isCausewayError(e, 'InvalidEventName'),
  )
  const viaWire = await client.invoke('plugin:event|emit', { event: 'a b' }).catch((e: unknown) => e)
  assert.ok(isCausewayError(viaWire, 'InvalidEventName'), 'the backend checks names a page sends')
  assert.doesNotThrow(() => app.emit('ns:job/progress_1-2', 1))
})

test('a window may not unlisten another window’s listener', async (t) => {
  const { app } = await startApp(t, { commands: {}, windows })
  const [main, settings] = await Promise.all(app.windows().map((w) => connect(w.launchUrl)))
  const got: number[] = []
  await main!.listen<number>('x', (e) => void got.push(e.payload))
  // Try every plausible id from the other window.
  for (let eventId = 0; eventId < 20; eventId++) await settings!.invoke('plugin:event|unlisten', { event: 'x', eventId })
  app.emit('x', 7)
  await eventually(() => got.length === 1, 'delivery to main')
  assert.equal(app.listenerCount('x', 'main'), 1)
})
