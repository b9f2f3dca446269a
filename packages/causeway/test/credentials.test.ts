/**
 * Window credentials over real loopback WebSockets: launch tokens are single-use and expire,
 * session credentials reconnect the same window and die with it, a newer connection replaces the
 * older, a silent peer is cut off by pings, and a restarted backend accepts exported sessions.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { eventually } from 'causeway-test-support/eventually'
import WebSocket from 'ws'
import { IPC_PATH, PROTOCOL, SESSION_PROTOCOL_PREFIX, TOKEN_PROTOCOL_PREFIX, TOKEN_QUERY } from '../src/core/protocol.ts'
import { definePlugin } from '../src/plugin-kit.ts'
import { startApp } from './support/app.ts'
import { connect } from './support/node-client.ts'

interface Raw {
  socket: WebSocket
  hello: { label: string; session: string; instance: string }
  closed: Promise<number>
}

/** Opens a raw socket with a launch URL's token or a session credential; resolves on the hello. */
function open(origin: string, credential: { launch: string } | { session: string }, options: { autoPong?: boolean } = {}): Promise<Raw> {
  const entry = 'launch' in credential ? TOKEN_PROTOCOL_PREFIX + credential.launch : SESSION_PROTOCOL_PREFIX + credential.session
  const socket = new WebSocket(`ws://${new URL(origin).host}${IPC_PATH}`, [PROTOCOL, entry], { autoPong: options.autoPong ?? true })
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)))
  return new Promise((resolve, reject) => {
    socket.on('error', reject)
    socket.on('message', (data) => {
      const message = JSON.parse(String(data))
      for (const m of Array.isArray(message) ? message : [message]) if (m.t === 'hello') resolve({ socket, hello: m, closed })
    })
  })
}

const tokenOf = (launchUrl: string) => new URL(launchUrl).searchParams.get(TOKEN_QUERY) ?? ''

test('a launch URL opens one connection only', async (t) => {
  const { url, launchUrl } = await startApp(t, { commands: {} })
  const first = await open(url, { launch: tokenOf(launchUrl) })
  assert.equal(first.hello.label, 'main')
  assert.ok(first.hello.session.length >= 32, 'the page receives a session credential')
  assert.notEqual(first.hello.session, tokenOf(launchUrl))
  await assert.rejects(open(url, { launch: tokenOf(launchUrl) }), /403/)
})

test('an unused launch URL is dead after 10 minutes (injected clock)', async (t) => {
  let now = 1_000_000
  const { url, app } = await startApp(t, { commands: {}, clock: () => now })
  const fresh = tokenOf(app.window('main')?.launchUrl ?? '')
  const stale = tokenOf(app.window('main')?.launchUrl ?? '')
  now += 10 * 60_000 - 1
  await open(url, { launch: fresh })
  now += 2
  await assert.rejects(open(url, { launch: stale }), /403/)
})

test('the session credential reconnects the window; the newer connection replaces the older', async (t) => {
  const { url, launchUrl, app } = await startApp(t, { commands: { ping: () => 'pong' } })
  const first = await open(url, { launch: tokenOf(launchUrl) })
  const second = await open(url, { session: first.hello.session })
  assert.equal(second.hello.label, 'main')
  assert.equal(second.hello.instance, first.hello.instance, 'same backend')
  assert.equal(await first.closed, 4001, 'the older connection is closed as replaced')
  assert.equal(app.windows()[0]?.connected, true)
})

test('a session credential dies when its window closes', async (t) => {
  const closedWindows: string[] = []
  const watcher = definePlugin({ name: 'watcher', onWindowClose: (window) => void closedWindows.push(window.label) })
  const { url, launchUrl } = await startApp(t, { commands: {}, plugins: [watcher], windowCloseGraceMs: 50 })
  const page = await open(url, { launch: tokenOf(launchUrl) })
  page.socket.close()
  await eventually(() => closedWindows.includes('main'), 'the window closes')
  await assert.rejects(open(url, { session: page.hello.session }), /403/)
})

test('a peer that stops answering pings is cut off, and its calls see their signal fire', async (t) => {
  let aborted = false
  const { url, launchUrl, app } = await startApp(t, {
    commands: {
      wait: (_: undefined, ctx: { signal: AbortSignal }) =>
        new Promise<void>((resolve) => {
          ctx.signal.addEventListener('abort', () => {
            aborted = true
            resolve()
          })
        }),
    },
    pingIntervalMs: 100,
  })
  const silent = await open(url, { launch: tokenOf(launchUrl) }, { autoPong: false })
  silent.socket.send(JSON.stringify({ t: 'invoke', id: 1, cmd: 'wait' }))
  await silent.closed
  await eventually(() => aborted, "the call's ctx.signal fired")
  assert.equal(app.windows()[0]?.connected, false)
  // A peer that answers pings stays, however many intervals pass.
  const lively = await connect(app.window('main')?.launchUrl ?? '')
  let pings = 0
  lively.socket.on('ping', () => pings++)
  await eventually(() => pings >= 3, 'three pings answered')
  assert.equal(app.windows()[0]?.connected, true)
  assert.equal(await lively.invoke('wait', undefined, { signal: AbortSignal.timeout(1) }).catch(() => 'alive'), 'alive')
})

test('a restarted backend handed the exported credentials accepts the same page as the same window', async (t) => {
  const before = await startApp(t, { commands: {} })
  const page = await open(before.url, { launch: tokenOf(before.launchUrl) })
  const exported = before.app.exportCredentials()
  await before.app.close()
  const after = await startApp(t, { commands: {}, credentials: exported })
  const again = await open(after.url, { session: page.hello.session })
  assert.equal(again.hello.label, 'main')
  assert.notEqual(again.hello.instance, page.hello.instance, 'the page can tell the backend restarted')
  const stranger = await startApp(t, { commands: {} })
  await assert.rejects(open(stranger.url, { session: page.hello.session }), /403/, 'another backend does not know it')
})

test('window URLs: app paths get a credential, external pages none, tricks are refused', async (t) => {
  const { app, url } = await startApp(t, { commands: {} })
  const settings = await app.createWindow({ label: 'settings', url: '/settings?tab=1' })
  assert.equal(new URL(settings.launchUrl).origin, url)
  assert.ok(tokenOf(settings.launchUrl))
  const own = await app.createWindow({ label: 'own', url: `${url}/about` })
  assert.equal(new URL(own.launchUrl).pathname, '/about')
  assert.ok(tokenOf(own.launchUrl))
  const external = await app.createWindow({ label: 'docs', url: 'https://example.com/docs' })
  assert.equal(external.launchUrl, 'https://example.com/docs', 'an external page opens without any credential')
  const tricks = [
    '//evil.example/steal',
    '/\\evil.example/steal',
    '\\\\evil.example\\steal',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'file:///etc/passwd',
    'http://[::1',
    'https://user:pass@example.com/',
    '',
    '/ok\nSet-Cookie: x',
  ]
  for (const [i, trick] of tricks.entries()) {
    await assert.rejects(
      app.createWindow({ label: `trick-${i}`, url: trick }),
      (e: unknown) => (e as { code?: string }).code === 'InvalidArgs',
      `${JSON.stringify(trick)} must be refused`,
    )
  }
  assert.equal(app.windows().filter((w) => w.label.startsWith('trick-')).length, 0)
})

test('plugin:window|create refuses the same tricks for a page', async (t) => {
  const { launchUrl } = await startApp(t, { commands: {} })
  const page = await connect(launchUrl)
  for (const url of ['//evil.example/steal', '/\\evil.example/steal', 'javascript:alert(1)']) {
    await assert.rejects(
      page.invoke('plugin:window|create', { options: { label: 'x', url } }),
      (e: unknown) => (e as { code?: string }).code === 'InvalidArgs',
    )
  }
})
