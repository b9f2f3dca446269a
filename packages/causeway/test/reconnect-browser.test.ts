/**
 * A page using `causewayjs/api` in real Chromium comes back by itself after its connection drops:
 * the call in flight rejects with `Disconnected`, the page reconnects with its session credential,
 * the listener it registered before the drop hears events again, and a call made while it was
 * reconnecting goes through. Also across a backend restart (credentials handed over), which the
 * page is told about.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { launchBrowser, openPage } from 'causeway-test-support/browser'
import { eventually } from 'causeway-test-support/eventually'
import type { CommandContext } from '../src/backend/context.ts'
import { createApp } from '../src/index.ts'
import { allowAll, recordingLogger, startApp } from './support/app.ts'
import { bundlePage } from './support/bundle-page.ts'
import { acceptedSockets } from './support/sockets.ts'

const PAGE = `import '../fixtures/reconnect-page.ts'`

/** `gate` runs until its connection goes away; `echo` answers with its arguments. */
function commands(gate: { entered: number; aborted: number }) {
  return {
    gate: (_: unknown, ctx: CommandContext) =>
      new Promise<string>((resolve) => {
        gate.entered++
        ctx.signal.addEventListener('abort', () => {
          gate.aborted++
          resolve('aborted')
        })
      }),
    echo: (args: unknown) => args,
  }
}

test('after a drop the page reconnects by itself: in-flight call rejects, listener restored, waiting call goes through', async (t) => {
  const sockets = acceptedSockets(t)
  const gate = { entered: 0, aborted: 0 }
  const dist = await bundlePage(t, PAGE)
  const { app, launchUrl } = await startApp(t, { commands: commands(gate), frontendDist: dist })
  const page = await openPage(await launchBrowser(t), launchUrl)
  await page.waitForFunction(() => 'reconnectPage' in window)
  await page.evaluate(() => window.reconnectPage.start())
  await page.waitForFunction(() => window.reconnectPage.state() === 'open')
  const log = () => page.evaluate(() => window.reconnectPage.log)

  await page.evaluate(() => window.reconnectPage.listen('ping'))
  app.emit('ping', 'before the drop')
  await eventually(async () => (await log()).heard.length === 1, 'the event before the drop')
  await page.evaluate(() => window.reconnectPage.call('gate', 'gate'))
  await eventually(() => gate.entered === 1, 'the gated call to be running')
  assert.equal(sockets.length, 1)

  const seen = (await log()).states.length
  const dropped = performance.now()
  sockets[0]?.socket.terminate()

  const gated = await eventually(async () => {
    const outcome = (await log()).calls['gate']
    return outcome !== 'pending' && outcome
  }, 'the in-flight call to settle')
  assert.ok('code' in gated && gated.code === 'Disconnected', `in-flight call: ${JSON.stringify(gated)}`)
  assert.match(
    gated.message,
    /`gate` was in flight when the connection to the backend dropped \(.*code 1006.*\), so it may or may not have run/,
  )

  await eventually(() => sockets.length === 2 && app.window('main')?.connected, 'the backend to see a new connection for main')
  await eventually(() => app.listenerCount('ping', 'main') === 1, 'the listener registered again')
  app.emit('ping', 'after the reconnect')
  await eventually(async () => (await log()).heard.length === 2, 'the listener to fire again')
  const backAgain = performance.now() - dropped

  const after = await log()
  assert.deepEqual(
    after.heard.map((e) => e.payload),
    ['before the drop', 'after the reconnect'],
  )
  assert.equal(after.heard[1]?.id, after.heard[0]?.id, 'the listener keeps the id the page was given')
  assert.deepEqual(after.calls['during'], { ok: 'sent while reconnecting' }, 'the call made while reconnecting waited and went through')
  const sinceDrop = after.states.slice(seen)
  assert.deepEqual(
    sinceDrop.map((s) => s.state),
    ['reconnecting', 'open'],
  )
  assert.ok(!sinceDrop.some((s) => s.restarted), 'the same backend answered')
  assert.equal(gate.aborted, 1, 'the backend aborted the gated call when its connection went away')
  assert.deepEqual(page.errors, [])
  assert.deepEqual(page.warnings, [])

  const [reconnecting, reopened] = sinceDrop
  const heardAgain = after.heard[1]
  if (reconnecting && reopened && heardAgain) {
    console.log(
      `[reconnect] drop to listener firing again: ${backAgain.toFixed(0)} ms from the test (10 ms polling on each side); ` +
        `in the page: close seen to open ${(reopened.at - reconnecting.at).toFixed(0)} ms, close seen to listener ${(heardAgain.at - reconnecting.at).toFixed(0)} ms`,
    )
  }
})

test('a backend restarted with the exported credentials takes the page back, listeners and all, and the page is told', async (t) => {
  const dist = await bundlePage(t, PAGE)
  const before = await startApp(t, { commands: commands({ entered: 0, aborted: 0 }), frontendDist: dist })
  const port = Number(new URL(before.url).port)
  const page = await openPage(await launchBrowser(t), before.launchUrl)
  await page.waitForFunction(() => 'reconnectPage' in window)
  await page.evaluate(() => window.reconnectPage.start())
  await page.waitForFunction(() => window.reconnectPage.state() === 'open')
  await page.evaluate(() => window.reconnectPage.listen('ping'))

  const exported = before.app.exportCredentials()
  await before.app.close()
  await page.waitForFunction(() => window.reconnectPage.state() === 'reconnecting')

  const after = createApp({
    commands: commands({ entered: 0, aborted: 0 }),
    frontendDist: dist,
    credentials: exported,
    logger: recordingLogger(),
    policy: allowAll,
    exitOnLastWindowClose: false,
  })
  t.after(() => after.close())
  await after.run({ open: false, quiet: true, port })

  await page.waitForFunction(() => window.reconnectPage.state() === 'open')
  await eventually(() => after.listenerCount('ping', 'main') === 1, 'the listener registered with the new backend')
  after.emit('ping', 'from the new backend')
  await eventually(
    async () => (await page.evaluate(() => window.reconnectPage.log.heard)).some((e) => e.payload === 'from the new backend'),
    'the event from the new backend',
  )
  const states = await page.evaluate(() => window.reconnectPage.log.states)
  assert.equal(states.at(-1)?.state, 'open')
  assert.equal(states.at(-1)?.restarted, true, 'onStateChange says the backend restarted')
  assert.ok(
    page.warnings.some((w) => /reconnected to a restarted backend/.test(w)),
    `the console says so: ${JSON.stringify(page.warnings)}`,
  )
  assert.deepEqual(page.errors, [])
})
