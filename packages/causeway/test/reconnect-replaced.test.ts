/**
 * One live connection per window: when another page takes the window over, the backend closes
 * the older page's connection with 4001, and that page stays closed instead of reconnecting (two
 * tabs would otherwise take the window from each other forever). Real backend, real Chromium.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { launchBrowser, openPage } from 'causeway-test-support/browser'
import { eventually } from 'causeway-test-support/eventually'
import { startApp } from './support/app.ts'
import { bundlePage } from './support/bundle-page.ts'
import { acceptedSockets } from './support/sockets.ts'

test('a page replaced by a newer one (4001) closes for good and says another page took over', async (t) => {
  const sockets = acceptedSockets(t)
  const dist = await bundlePage(t, `import '../fixtures/reconnect-page.ts'`)
  const { app, launchUrl } = await startApp(t, { commands: { echo: (args: unknown) => args }, frontendDist: dist })
  const browser = await launchBrowser(t)
  const open = async (url: string) => {
    const page = await openPage(browser, url)
    await page.waitForFunction(() => 'reconnectPage' in window)
    await page.evaluate(() => window.reconnectPage.start())
    await page.waitForFunction(() => window.reconnectPage.state() === 'open')
    return page
  }
  const older = await open(launchUrl)
  // The window launched again, in another tab: a fresh launch token for main.
  const newer = await open(app.window('main')?.launchUrl ?? '')

  await older.waitForFunction(() => window.reconnectPage.state() === 'closed')
  const closed = (await older.evaluate(() => window.reconnectPage.log.states)).at(-1)
  assert.equal(closed?.state, 'closed')
  assert.match(closed?.reason ?? '', /another page took over this window .*4001/)
  assert.ok(
    older.warnings.some((w) => /another page took over this window/.test(w)),
    `the console says so: ${JSON.stringify(older.warnings)}`,
  )

  await older.evaluate(() => window.reconnectPage.call('late', 'echo', 'from the older page'))
  const late = await eventually(async () => {
    const outcome = (await older.evaluate(() => window.reconnectPage.log.calls))['late']
    return outcome !== 'pending' && outcome
  }, 'the older page’s call to settle')
  assert.ok('code' in late && late.code === 'Disconnected', JSON.stringify(late))
  assert.match(late.message, /another page took over this window/)

  // The newer page keeps the window: a round trip after the older one closed, and no third connection.
  await newer.evaluate(() => window.reconnectPage.call('kept', 'echo', 'from the newer page'))
  const kept = await eventually(async () => {
    const outcome = (await newer.evaluate(() => window.reconnectPage.log.calls))['kept']
    return outcome !== 'pending' && outcome
  }, 'the newer page’s call to settle')
  assert.deepEqual(kept, { ok: 'from the newer page' })
  assert.equal(await newer.evaluate(() => window.reconnectPage.state()), 'open')
  assert.equal(sockets.length, 2, 'nothing took the window back from the newer page')
  assert.deepEqual(
    (await older.evaluate(() => window.reconnectPage.log.states)).map((s) => s.state).filter((s) => s !== 'open'),
    ['closed'],
    'closed without reconnecting first',
  )
  assert.deepEqual([...older.errors, ...newer.errors], [])
})
