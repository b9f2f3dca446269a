/**
 * When a page stops trying, in real Chromium: a backend that went away is retried a bounded
 * number of times and then the connection closes saying why; calls made meanwhile wait at most
 * `callWaitMs`. Refusals are told apart by a stand-in server that answers every upgrade the way
 * the test asks (the real backend refuses the same two ways: a 403 at the upgrade, or close 4003):
 * refused upgrades are retried `maxAttempts` times in all, 4003 ends it at once.
 */
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { type TestContext, test } from 'node:test'
import { launchBrowser, openPage } from 'causeway-test-support/browser'
import type { Page } from 'playwright-core'
import { WebSocketServer } from 'ws'
import type { ConnectionOptions } from '../src/api/connection.ts'
import { createApp } from '../src/index.ts'
import { allowAll, recordingLogger } from './support/app.ts'
import { bundlePage } from './support/bundle-page.ts'

const PAGE = `import '../fixtures/reconnect-page.ts'`

async function start(page: Page, options: ConnectionOptions): Promise<void> {
  await page.waitForFunction(() => 'reconnectPage' in window)
  await page.evaluate((o) => window.reconnectPage.start(o), options)
}

/**
 * The app serving the page, without the Tauri page script: that script opens the page-wide
 * connection, which would take the window from the test's own connection (4001).
 */
async function startWithoutTauri(t: TestContext, dist: string) {
  const app = createApp({
    commands: { echo: (args: unknown) => args },
    frontendDist: dist,
    tauriCompat: false,
    logger: recordingLogger(),
    policy: allowAll,
    exitOnLastWindowClose: false,
  })
  t.after(() => app.close())
  return { app, ...(await app.run({ open: false, quiet: true })) }
}

const lastState = (page: Page) => page.evaluate(() => window.reconnectPage.log.states.at(-1))

test('a backend that went away is retried maxAttempts times, then the page closes and its waiting call rejects', async (t) => {
  const dist = await bundlePage(t, PAGE)
  const { app, launchUrl } = await startWithoutTauri(t, dist)
  const page = await openPage(await launchBrowser(t), launchUrl)
  await start(page, { reconnect: { initialDelayMs: 10, maxDelayMs: 40, maxAttempts: 3 } })
  await page.waitForFunction(() => window.reconnectPage.state() === 'open')

  await app.close()
  await page.waitForFunction(() => window.reconnectPage.state() === 'closed')
  const closed = await lastState(page)
  assert.match(closed?.reason ?? '', /could not reach the backend in 3 attempts in a row \(last: .*code 1006.*\)/)
  const during = await page.evaluate(() => window.reconnectPage.log.calls['during'])
  assert.ok(during && during !== 'pending' && 'code' in during && during.code === 'Disconnected', JSON.stringify(during))
  assert.equal(during.message, closed?.reason, 'the call made while reconnecting rejects with why the page gave up')
  assert.deepEqual(
    (await page.evaluate(() => window.reconnectPage.log.states)).map((s) => s.state),
    ['open', 'reconnecting', 'closed'],
  )
  assert.ok(page.warnings.some((w) => /could not reach the backend/.test(w)))
  assert.deepEqual(page.errors, [])
})

test('a call made while reconnecting waits at most callWaitMs', async (t) => {
  const dist = await bundlePage(t, PAGE)
  const { app, launchUrl } = await startWithoutTauri(t, dist)
  const page = await openPage(await launchBrowser(t), launchUrl)
  await start(page, { reconnect: { initialDelayMs: 50, maxDelayMs: 50, maxAttempts: 1_000_000 }, callWaitMs: 100 })
  t.after(() => page.evaluate(() => window.reconnectPage.close()).catch(() => {}))
  await page.waitForFunction(() => window.reconnectPage.state() === 'open')

  await app.close()
  await page.waitForFunction(() => {
    const during = window.reconnectPage.log.calls['during']
    return during !== undefined && during !== 'pending'
  })
  const during = await page.evaluate(() => window.reconnectPage.log.calls['during'])
  assert.ok(during && during !== 'pending' && 'code' in during && during.code === 'Disconnected', JSON.stringify(during))
  assert.match(during.message, /`echo` waited 100 ms for the connection to the backend \(reconnecting\) and was never sent/)
  assert.equal(await page.evaluate(() => window.reconnectPage.state()), 'reconnecting', 'the page keeps trying')
})

/** Serves the bundled page and answers every upgrade with `answer`; counts the upgrades. */
async function standIn(t: TestContext, dist: string, answer: 'refuse' | 'close-4003') {
  const wss = new WebSocketServer({ noServer: true })
  let upgrades = 0
  const server = createServer(async (req, res) => {
    const file = new URL(req.url ?? '/', 'http://x').pathname === '/main.js' ? 'main.js' : 'index.html'
    res.setHeader('Content-Type', file.endsWith('.js') ? 'text/javascript' : 'text/html')
    res.end(await readFile(join(dist, file)))
  })
  server.on('upgrade', (req, socket, head) => {
    upgrades++
    if (answer === 'refuse') return void socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n')
    wss.handleUpgrade(req, socket, head, (ws) => ws.close(4003, 'this window credential was already used'))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.after(() => {
    server.closeAllConnections()
    server.close()
    wss.close()
  })
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/?__causeway=a-launch-token`, upgrades: () => upgrades }
}

test('refused upgrades are tried maxAttempts times in all, then the page gives up', async (t) => {
  const dist = await bundlePage(t, PAGE)
  const server = await standIn(t, dist, 'refuse')
  const page = await openPage(await launchBrowser(t), server.url)
  await start(page, { reconnect: { initialDelayMs: 10, maxDelayMs: 20, maxAttempts: 4 } })
  await page.waitForFunction(() => window.reconnectPage.state() === 'closed')
  assert.equal(server.upgrades(), 4)
  assert.match((await lastState(page))?.reason ?? '', /could not reach the backend in 4 attempts in a row/)
})

test('a credential refused with 4003 ends the connection at once', async (t) => {
  const dist = await bundlePage(t, PAGE)
  const server = await standIn(t, dist, 'close-4003')
  const page = await openPage(await launchBrowser(t), server.url)
  await start(page, { reconnect: { initialDelayMs: 10, maxDelayMs: 20, maxAttempts: 4 } })
  await page.waitForFunction(() => window.reconnectPage.state() === 'closed')
  assert.equal(server.upgrades(), 1, 'no second attempt')
  assert.match(
    (await lastState(page))?.reason ?? '',
    /^the backend refused this window's credential: the connection to the backend closed \(code 4003: this window credential was already used\)\. /,
  )
})
