/**
 * Events between an unmodified `@tauri-apps/api` frontend and a Causeway backend, in Chromium:
 * listen/once/emit/emitTo with Tauri's targets, unlisten, and listeners dropped on reload.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { eventually } from 'causeway-test-support/eventually'
import type { CausewayEvent } from '../src/backend/app-handle.ts'
import { startFixture } from './fixtures/tauri-app/harness.ts'

test('Tauri events flow both ways with Tauri’s target rules', async (t) => {
  const { app, page, errors } = await startFixture(t, { commands: {} })
  const received = (key: string) => page.evaluate((k) => window.fixture.received(k), key)
  /**
   * Resolves once a marker the backend emits now has reached the page. Events reach the page in
   * the order they were emitted, so every delivery of an earlier emit has happened by then.
   */
  let markers = 0
  const delivered = async () => {
    app.emit('marker', ++markers)
    await eventually(async () => (await received('marker')).length === markers, 'the marker emitted after the events under test')
  }

  await t.test('backend to page: an Any listener hears everything, label listeners only matching emits', async () => {
    await page.evaluate(async () => {
      await window.fixture.listen('marker', 'marker')
      await window.fixture.listen('ping', 'any')
      await window.fixture.listen('ping', 'main', 'main')
      await window.fixture.listen('ping', 'other', 'other')
      await window.fixture.listen('ping', 'webviewWindow', { kind: 'WebviewWindow', label: 'main' })
    })
    assert.equal(app.listenerCount('ping', 'main'), 4)

    app.emitTo('main', 'ping', 1)
    app.emitTo({ kind: 'Window', label: 'main' }, 'ping', 2)
    app.emit('ping', 3)
    await eventually(async () => (await received('any')).length === 3, 'three deliveries to the Any listener')
    await delivered()

    const any = await received('any')
    assert.deepEqual(
      any.map((e) => e.payload),
      [1, 2, 3],
    )
    assert.equal(any[0]?.event, 'ping')
    assert.equal(typeof any[0]?.id, 'number', 'the handler gets the listener’s event id')
    assert.deepEqual(
      (await received('main')).map((e) => e.payload),
      [1, 2, 3],
      'AnyLabel{main} hears label emits of every kind',
    )
    assert.deepEqual(
      (await received('other')).map((e) => e.payload),
      [3],
      'a listener for another label hears only the broadcast',
    )
    assert.deepEqual(
      (await received('webviewWindow')).map((e) => e.payload),
      [1, 3],
      'WebviewWindow{main} does not hear an emit to Window{main}',
    )
  })

  await t.test('page to backend and page to page: emit reaches app.listen; emitTo a label reaches that window', async () => {
    const heard: CausewayEvent[] = []
    const stop = app.listen('from-page', (e) => void heard.push(e))
    t.after(stop)
    await page.evaluate(async () => {
      await window.fixture.listen('from-page', 'self')
      await window.fixture.emit('from-page', { x: 1 })
      await window.fixture.emitTo('main', 'from-page', { x: 2 })
    })
    await eventually(async () => (await received('self')).length === 2, 'both emits back in the page')
    assert.deepEqual(
      (await received('self')).map((e) => e.payload),
      [{ x: 1 }, { x: 2 }],
      'the sender hears its own emits',
    )
    assert.deepEqual(
      heard.map((e) => e.payload),
      [{ x: 1 }],
      'the backend hears emit; emitTo a window label is not for App listeners',
    )
    assert.equal(heard[0]?.source, 'main')
  })

  await t.test('an emit without payload arrives as null', async () => {
    await page.evaluate(async () => {
      await window.fixture.listen('bare', 'bare')
      await window.fixture.emit('bare')
    })
    await eventually(async () => (await received('bare')).length === 1, 'the bare event')
    assert.equal((await received('bare'))[0]?.payload, null)
  })

  await t.test('once delivers one event and then unlistens on the backend too', async () => {
    await page.evaluate(() => window.fixture.once('one-shot', 'once'))
    app.emit('one-shot', 'a')
    app.emit('one-shot', 'b')
    await eventually(() => app.listenerCount('one-shot') === 0, 'the once listener removed on the backend')
    await delivered()
    assert.deepEqual(
      (await received('once')).map((e) => e.payload),
      ['a'],
    )
  })

  await t.test('unlisten stops delivery at once and removes the backend listener', async () => {
    await page.evaluate(() => window.fixture.unlisten('any'))
    await eventually(() => app.listenerCount('ping', 'main') === 3, 'one fewer ping listener on the backend')
    app.emit('ping', 4)
    await eventually(async () => (await received('main')).length === 4, 'the remaining listener hears it')
    assert.deepEqual(
      (await received('any')).map((e) => e.payload),
      [1, 2, 3],
      'nothing after unlisten',
    )
  })

  await t.test('a reload leaves no backend listener behind', async () => {
    assert.ok(app.listenerCount(undefined, 'main') > 0)
    await page.reload()
    await page.waitForFunction(() => 'fixture' in window)
    await eventually(() => app.listenerCount(undefined, 'main') === 0, 'the old page’s listeners dropped')
    // The reloaded page still works: a new listener hears the next emit.
    await page.evaluate(() => window.fixture.listen('ping', 'after-reload'))
    app.emit('ping', 5)
    await eventually(async () => (await received('after-reload')).length === 1, 'delivery after reload')
  })

  assert.deepEqual(errors, [])
})
