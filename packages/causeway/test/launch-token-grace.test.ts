/**
 * A window whose page went away has a grace period (`windowCloseGraceMs`) before it counts as
 * closed, and then its credentials are revoked. A launch URL read during that period, to open the
 * window again, must still open it when the period ends before the page connects. Found by the
 * fuzzer's clean checks, which connect a fresh page to one window every 1,000 frames.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { eventually } from 'causeway-test-support/eventually'
import { startApp } from './support/app.ts'
import { connect } from './support/node-client.ts'

test('a launch URL minted during the close grace period still opens the window after the period ends', async (t) => {
  const closed: string[] = []
  const { app, launchUrl } = await startApp(t, {
    commands: { ping: () => 'pong' },
    windowCloseGraceMs: 100,
    plugins: [{ name: 'watch', onWindowClose: (window) => void closed.push(window.label) }],
  })
  const first = await connect(launchUrl)
  assert.equal(await first.invoke('ping'), 'pong')
  first.close()
  await eventually(() => app.windows()[0]?.connected === false, 'the backend to see the page leave')
  const again = app.window('main')?.launchUrl
  assert.ok(again)
  await eventually(() => closed.includes('main'), 'the grace period to end')
  const second = await connect(again)
  t.after(() => second.close())
  assert.equal(await second.invoke('ping'), 'pong')
})
