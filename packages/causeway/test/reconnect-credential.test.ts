/**
 * Which credential a page presents, in real Chromium against the real backend: the launch token
 * leaves the address bar at once, the hello's session credential replaces it in sessionStorage,
 * a reload connects with the session credential (the launch token is spent by then), and a URL
 * with a fresh launch token wins over a stored session credential.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { launchBrowser, openPage } from 'causeway-test-support/browser'
import type { CommandContext } from '../src/backend/context.ts'
import { SESSION_PROTOCOL_PREFIX, TOKEN_PROTOCOL_PREFIX, TOKEN_QUERY } from '../src/core/protocol.ts'
import { startApp } from './support/app.ts'
import { bundlePage } from './support/bundle-page.ts'
import { acceptedSockets } from './support/sockets.ts'

test('the session credential replaces the launch token, serves reloads, and yields to a fresh launch token', async (t) => {
  const sockets = acceptedSockets(t)
  const dist = await bundlePage(t, `import '../fixtures/reconnect-page.ts'`)
  const { app, launchUrl } = await startApp(t, {
    commands: { whoami: (_: unknown, ctx: CommandContext) => ctx.window.label },
    windows: [{ label: 'main' }, { label: 'settings' }],
    frontendDist: dist,
  })
  const page = await openPage(await launchBrowser(t), launchUrl)
  const ready = async () => {
    await page.waitForFunction(() => 'reconnectPage' in window)
    await page.evaluate(() => window.reconnectPage.start())
    await page.waitForFunction(() => window.reconnectPage.state() === 'open')
  }
  const whoami = async () => {
    await page.evaluate(() => window.reconnectPage.call('whoami', 'whoami'))
    await page.waitForFunction(() => window.reconnectPage.log.calls['whoami'] !== 'pending')
    return page.evaluate(() => window.reconnectPage.log.calls['whoami'])
  }
  const credentialOffered = (i: number) => sockets[i]?.offered.find((p) => p.startsWith('causeway.') && p !== 'causeway.v1') ?? ''

  await ready()
  const first = await page.evaluate(() => window.reconnectPage.storage())
  const launchToken = new URL(launchUrl).searchParams.get(TOKEN_QUERY) ?? ''
  assert.equal(credentialOffered(0), TOKEN_PROTOCOL_PREFIX + launchToken, 'the first connection presents the launch token')
  assert.ok(!first.href.includes(TOKEN_QUERY), `the token left the address bar: ${first.href}`)
  assert.ok(first.session && first.session.length >= 32, 'the hello’s session credential is kept')
  assert.equal(first.launch, null, 'the spent launch token is gone')
  assert.ok(!first.href.includes(first.session ?? '-'), 'the session credential is not in the URL')

  await page.reload()
  await ready()
  assert.deepEqual(await whoami(), { ok: 'main' })
  assert.equal(credentialOffered(1), SESSION_PROTOCOL_PREFIX + first.session, 'a reload presents the session credential')
  assert.equal((await page.evaluate(() => window.reconnectPage.storage())).session, first.session)

  // The same tab, sent to a fresh launch URL of another window: the launch token wins.
  await page.goto(app.window('settings')?.launchUrl ?? '')
  await ready()
  assert.deepEqual(await whoami(), { ok: 'settings' })
  assert.ok(credentialOffered(2).startsWith(TOKEN_PROTOCOL_PREFIX), 'the fresh launch token was presented')
  const settings = await page.evaluate(() => window.reconnectPage.storage())
  assert.ok(settings.session && settings.session !== first.session, 'settings’ own session credential replaced main’s')
  assert.equal(settings.launch, null)
  assert.deepEqual(page.errors, [])
})
