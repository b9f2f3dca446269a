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
