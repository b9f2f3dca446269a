/**
 * Event permissions: which event names a window may listen to or emit, from scope entries on the
 * core:event permissions.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { type Caller, type CapabilityInput, createAccessPolicy } from '../src/acl/index.ts'
import { coreManifests } from './support/manifests.ts'

const ORIGIN = 'http://127.0.0.1:4321'
const main: Caller = { label: 'main', origin: ORIGIN, local: true }

function policy(permissions: CapabilityInput['permissions']) {
  return createAccessPolicy({
    capabilities: [{ identifier: 'main', windows: ['main'], permissions }],
    appCommands: [],
    plugins: coreManifests(),
    appOrigins: [ORIGIN],
    dev: true,
  })
}

describe('event permissions', () => {
  test('listen is allowed for names matching an allow glob and refused for others', () => {
    const p = policy([{ identifier: 'core:event:allow-listen', allow: [{ event: 'job-*' }] }])
    assert.equal(p.checkEvent(main, 'listen', 'job-42').allowed, true)
    assert.equal(p.checkEvent(main, 'listen', 'job-42/progress').allowed, true)
    const other = p.checkEvent(main, 'listen', 'chat-message')
    assert.ok(!other.allowed)
    assert.match(other.reason, /listen of event `chat-message` is not allowed .*: the granted event scope allows only "job-\*"/)
  })

  test('a deny entry wins over an unscoped grant such as core:default', () => {
    const p = policy(['core:default', { identifier: 'core:event:allow-listen', deny: [{ event: 'secret-*' }] }])
    assert.equal(p.checkEvent(main, 'listen', 'job-1').allowed, true)
    const secret = p.checkEvent(main, 'listen', 'secret-key/rotated')
    assert.ok(!secret.allowed)
    assert.match(secret.reason, /matches the deny entry \{ "event": "secret-\*" \}/)
  })

  test('without listen permission every event is refused', () => {
    const p = policy(['core:event:allow-emit'])
    const decision = p.checkEvent(main, 'listen', 'job-1')
    assert.ok(!decision.allowed)
    assert.match(decision.reason, /add "core:event:allow-listen" to a capability whose windows match `main`/)
    assert.equal(p.checkCommand(main, 'plugin:event|listen').allowed, false)
  })

  test('core:default allows every event name for listen and emit', () => {
    const p = policy(['core:default'])
    assert.equal(p.checkEvent(main, 'listen', 'anything').allowed, true)
    assert.equal(p.checkEvent(main, 'emit', 'anything').allowed, true)
    assert.equal(p.checkCommand(main, 'plugin:event|emit_to').allowed, true)
  })

  test('emit scopes are separate from listen scopes', () => {
    const p = policy(['core:event:allow-listen', { identifier: 'core:event:allow-emit', allow: [{ event: 'ui-*' }] }])
    assert.equal(p.checkEvent(main, 'listen', 'job-1').allowed, true)
    assert.equal(p.checkEvent(main, 'emit', 'ui-click').allowed, true)
    assert.equal(p.checkEvent(main, 'emit', 'job-1').allowed, false)
  })

  test('a deny-listen permission refuses the command and every event', () => {
    const p = policy(['core:default', 'core:event:deny-listen'])
    const decision = p.checkCommand(main, 'plugin:event|listen')
    assert.ok(!decision.allowed)
    assert.match(decision.reason, /denied .* by "core:event:deny-listen"/)
    assert.equal(p.checkEvent(main, 'listen', 'job-1').allowed, false)
  })
})

describe('event permissions per command', () => {
  test('an unscoped allow-emit-to does not widen a scoped allow-emit', () => {
    const p = policy([{ identifier: 'core:event:allow-emit', allow: [{ event: 'public-*' }] }, 'core:event:allow-emit-to'])
    assert.equal(p.checkEvent(main, 'emit', 'public-news', 'plugin:event|emit').allowed, true)
    const broadcast = p.checkEvent(main, 'emit', 'job-done', 'plugin:event|emit')
    assert.ok(!broadcast.allowed, 'emit of an event outside the emit scope stays refused')
    assert.match(broadcast.reason, /public-\*/)
    assert.equal(p.checkEvent(main, 'emit', 'job-done', 'plugin:event|emit_to').allowed, true, 'emit_to has its own, unscoped grant')
  })

  test('a scoped allow-emit-to does not widen an absent allow-emit', () => {
    const p = policy([{ identifier: 'core:event:allow-emit-to', allow: [{ event: 'ui-*' }] }])
    assert.equal(p.checkEvent(main, 'emit', 'ui-refresh', 'plugin:event|emit_to').allowed, true)
    const broadcast = p.checkEvent(main, 'emit', 'ui-refresh', 'plugin:event|emit')
    assert.ok(!broadcast.allowed)
    assert.match(broadcast.reason, /core:event:allow-emit\b/)
  })
})

test('over a real connection: a window with scoped emit and unscoped emit_to cannot broadcast outside the emit scope', async (t) => {
  const { startApp } = await import('./support/app.ts')
  const { connect } = await import('./support/node-client.ts')
  const { app, launchUrl } = await startApp(t, {
    commands: {},
    capabilities: [
      {
        identifier: 'main',
        windows: ['main'],
        permissions: [{ identifier: 'core:event:allow-emit', allow: [{ event: 'public-*' }] }, 'core:event:allow-emit-to'],
      },
    ],
  })
  const heard: string[] = []
  app.listen('job-done', () => void heard.push('job-done'))
  const page = await connect(launchUrl)
  await assert.rejects(page.emit('job-done'), (e: unknown) => (e as { code?: string }).code === 'Forbidden')
  await page.emit('public-news')
  await page.emitTo({ kind: 'App' }, 'job-done')
  assert.deepEqual(heard, ['job-done'], 'only the emit_to reached the backend')
})
