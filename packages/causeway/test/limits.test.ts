/**
 * Every limit refuses an over-limit input before the work it protects, with LimitExceeded or a
 * close, and the connection (or the app) keeps serving. Small limits keep the tests fast; what
 * shows the expensive path did not run is a counter in the handler, or the error's code (a
 * too-long command name is LimitExceeded, never a CommandNotFound with a suggestion).
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { eventually } from 'causeway-test-support/eventually'
import type { CausewayError } from '../src/core/errors.ts'
import { startApp } from './support/app.ts'
import { connect } from './support/node-client.ts'

const code = (expected: string) => (error: unknown) => (error as CausewayError).code === expected

test('a batch over maxMessagesPerFrame is refused whole, with one warning', async (t) => {
  let runs = 0
  const { launchUrl } = await startApp(t, { commands: { touch: () => ++runs }, limits: { maxMessagesPerFrame: 10 } })
  const client = await connect(launchUrl)
  const batch = Array.from({ length: 50 }, (_, i) => ({ t: 'invoke', id: 1000 + i, cmd: 'touch' }))
  client.socket.send(JSON.stringify(batch))
  assert.equal(await client.invoke('touch'), 1, 'none of the 50 ran')
  assert.equal(client.warnings.filter((w) => /over the limit of 10 per frame/.test(w)).length, 1)
})

test('a command name over maxCommandNameLength is refused before any lookup', async (t) => {
  const { launchUrl } = await startApp(t, { commands: { greet: () => 'hi' }, limits: { maxCommandNameLength: 32 } })
  const client = await connect(launchUrl)
  await assert.rejects(client.invoke('g'.repeat(100_000)), code('LimitExceeded'))
  await assert.rejects(client.invoke('gret'), code('CommandNotFound'), 'a short unknown name still gets the normal answer')
  assert.equal(await client.invoke('greet'), 'hi')
})

test('an event name over maxEventNameLength is refused, on listen and on emit', async (t) => {
  const { launchUrl, app } = await startApp(t, { commands: {}, limits: { maxEventNameLength: 16 } })
  const client = await connect(launchUrl)
  await assert.rejects(
    client.listen('e'.repeat(1000), () => {}),
    code('LimitExceeded'),
  )
  await assert.rejects(client.emit('e'.repeat(1000)), code('LimitExceeded'))
  await client.listen('short', () => {})
  assert.equal(app.listenerCount(), 1)
})

test('more channel arguments than maxChannelsPerCall fail the call before the handler runs', async (t) => {
  let runs = 0
  const { launchUrl } = await startApp(t, { commands: { take: () => ++runs }, limits: { maxChannelsPerCall: 2 } })
  const client = await connect(launchUrl)
  const markers = Array.from({ length: 300 }, (_, i) => `__CHANNEL__:${i + 1}`)
  await assert.rejects(client.invoke('take', { markers }), code('LimitExceeded'))
  assert.equal(runs, 0)
  assert.equal(await client.invoke('take', { a: '__CHANNEL__:900', b: '__CHANNEL__:901' }), 1, 'two channels are fine')
})

test('calls beyond maxPendingCalls are refused while the others are in flight', async (t) => {
  let started = 0
  let release: () => void = () => {}
  const gate = new Promise<void>((resolve) => (release = resolve))
  const { launchUrl } = await startApp(t, {
    commands: {
      wait: async () => {
        started++
        await gate
        return 'done'
      },
    },
    limits: { maxPendingCalls: 3 },
  })
  const client = await connect(launchUrl)
  const inFlight = [client.invoke('wait'), client.invoke('wait'), client.invoke('wait')]
  await eventually(() => started === 3, 'three calls started')
  await assert.rejects(client.invoke('wait'), code('LimitExceeded'))
  assert.equal(started, 3, 'the refused call never reached the handler')
  release()
  assert.deepEqual(await Promise.all(inFlight), ['done', 'done', 'done'])
  assert.equal(await client.invoke('wait'), 'done', 'room again once they finished')
})

test('listeners beyond maxListenersPerConnection are refused; unlistening makes room', async (t) => {
  const { launchUrl } = await startApp(t, { commands: {}, limits: { maxListenersPerConnection: 3 } })
  const client = await connect(launchUrl)
  const unlisten = [await client.listen('a', () => {}), await client.listen('b', () => {}), await client.listen('c', () => {})]
  await assert.rejects(
    client.listen('d', () => {}),
    code('LimitExceeded'),
  )
  unlisten[0]?.()
  await eventually(
    async () =>
      await client
        .listen('d', () => {})
        .then(
          () => true,
          () => false,
        ),
    'room after unlisten',
  )
})

test('connections beyond maxConnections are refused at the upgrade', async (t) => {
  const { launchUrl, app } = await startApp(t, {
    commands: { ping: () => 'pong' },
    windows: [{ label: 'main' }, { label: 'other' }, { label: 'third' }],
    limits: { maxConnections: 2 },
  })
  const launch = (label: string) => app.window(label)?.launchUrl ?? ''
  const first = await connect(launchUrl)
  await connect(launch('other'))
  await assert.rejects(connect(launch('third')), /403/)
  assert.equal(await first.invoke('ping'), 'pong', 'the admitted connections keep working')
})

test('warnings to one connection are rate-limited and the rest summarized', async (t) => {
  const { launchUrl, logger } = await startApp(t, { commands: { ping: () => 'pong' }, limits: { warningsPerSecond: 5 } })
  const client = await connect(launchUrl)
  for (let i = 0; i < 200; i++) client.socket.send('{"t":"nonsense"}')
  assert.equal(await client.invoke('ping'), 'pong')
  assert.ok(client.warnings.length <= 5, `${client.warnings.length} warnings reached the page`)
  assert.ok(logger.warnings.length <= 5, `${logger.warnings.length} warnings were logged`)
})

test('a page that stops reading is disconnected once maxBufferedBytes are queued for it', async (t) => {
  const { launchUrl, app } = await startApp(t, { commands: {}, limits: { maxBufferedBytes: 256 * 1024 } })
  const reader = await connect(launchUrl)
  await reader.listen('flood', () => {})
  const tcp = (reader.socket as unknown as { _socket: { pause(): void } })._socket
  tcp.pause()
  const payload = 'x'.repeat(64 * 1024)
  // Loopback buffers take a few MB before the backend's socket stops draining.
  for (let i = 0; i < 2000 && app.windows()[0]?.connected; i++) {
    app.emit('flood', payload)
    await new Promise((resolve) => setImmediate(resolve))
  }
  await eventually(() => app.windows()[0]?.connected === false, 'the stalled page is disconnected')
  const fresh = await connect(app.window('main')?.launchUrl ?? '')
  await fresh.listen('flood', () => {})
  assert.equal(app.listenerCount('flood'), 1, "the stalled page's listener is gone, the new one is there")
})

test("with slowReader 'drop', events to a stalled page are dropped and counted instead", async (t) => {
  const { launchUrl, app, logger } = await startApp(t, { commands: {}, limits: { maxBufferedBytes: 256 * 1024, slowReader: 'drop' } })
  const reader = await connect(launchUrl)
  await reader.listen('flood', () => {})
  const tcp = (reader.socket as unknown as { _socket: { pause(): void } })._socket
  tcp.pause()
  const payload = 'x'.repeat(64 * 1024)
  for (let i = 0; i < 2000 && !logger.warnings.some((w) => /dropped event/.test(w)); i++) {
    app.emit('flood', payload)
    await new Promise((resolve) => setImmediate(resolve))
  }
  assert.ok(logger.warnings.some((w) => /dropped event `flood`: over 262144 bytes are queued/.test(w)))
  assert.equal(app.windows()[0]?.connected, true, 'the page stays connected')
})
