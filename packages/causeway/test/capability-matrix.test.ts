/**
 * Which windows and origins get which commands: one row per rule of the capability model.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { type AccessPolicyOptions, type Caller, type CapabilityInput, createAccessPolicy } from '../src/acl/index.ts'
import { coreManifests } from './support/manifests.ts'

const ORIGIN = 'http://127.0.0.1:4321'
const local = (label: string): Caller => ({ label, origin: ORIGIN, local: true })
const remote = (label: string, origin: string): Caller => ({ label, origin, local: false })

function policy(capabilities: CapabilityInput[], extra: Partial<AccessPolicyOptions> = {}) {
  return createAccessPolicy({
    capabilities,
    appCommands: ['greet', 'read_file', 'delete_all'],
    plugins: coreManifests(),
    appOrigins: [ORIGIN],
    dev: true,
    platform: 'linux',
    ...extra,
  })
}

describe('capability matrix', () => {
  const base = policy([
    { identifier: 'main', windows: ['main'], permissions: ['allow-greet', 'allow-read-file'] },
    { identifier: 'settings', windows: ['settings-*'], permissions: ['allow-greet'] },
  ])

  test('a window named by a capability gets its commands', () => {
    assert.equal(base.checkCommand(local('main'), 'greet').allowed, true)
    assert.equal(base.checkCommand(local('main'), 'read_file').allowed, true)
  })

  test('a command no capability grants is refused, naming the permission that would allow it', () => {
    const decision = base.checkCommand(local('main'), 'delete_all')
    assert.equal(decision.allowed, false)
    assert.ok(!decision.allowed)
    assert.equal(
      decision.reason,
      'command `delete_all` is not allowed for window `main` (origin http://127.0.0.1:4321): add "allow-delete-all" to a capability whose windows match `main`',
    )
  })

  test('an unlisted window gets nothing and the reason says no capability applies', () => {
    const decision = base.checkCommand(local('other'), 'greet')
    assert.ok(!decision.allowed)
    assert.match(decision.reason, /no capability applies to this window; add "allow-greet"/)
  })

  test('a glob matches window labels (settings-*)', () => {
    assert.equal(base.checkCommand(local('settings-1'), 'greet').allowed, true)
    assert.equal(base.checkCommand(local('settings-1'), 'read_file').allowed, false)
    // `settings-*` needs the dash: a window called just `settings` is not covered.
    assert.equal(base.checkCommand(local('settings'), 'greet').allowed, false)
  })

  test('a deny overrides an allow, even from another capability', () => {
    const p = policy([
      { identifier: 'main', windows: ['main'], permissions: ['allow-greet', 'allow-read-file'] },
      { identifier: 'lockdown', windows: ['*'], permissions: ['deny-read-file'] },
    ])
    const decision = p.checkCommand(local('main'), 'read_file')
    assert.ok(!decision.allowed)
    assert.match(decision.reason, /denied .* by "deny-read-file" in capability "lockdown"/)
    assert.equal(p.checkCommand(local('main'), 'greet').allowed, true)
  })

  test('a deny for every window (*) also reaches labels containing `/`', () => {
    const p = policy([
      { identifier: 'tools', windows: ['tools/*'], permissions: ['allow-greet', 'allow-read-file'] },
      { identifier: 'lockdown', windows: ['*'], permissions: ['deny-read-file'] },
    ])
    assert.equal(p.checkCommand(local('tools/inspector'), 'greet').allowed, true)
    assert.equal(p.checkCommand(local('tools/inspector'), 'read_file').allowed, false)
  })

  test('two capabilities matching one window grant the union', () => {
    const p = policy([
      { identifier: 'a', windows: ['main'], permissions: ['allow-greet'] },
      { identifier: 'b', windows: ['ma*'], permissions: ['allow-read_file'] },
    ])
    assert.equal(p.checkCommand(local('main'), 'greet').allowed, true)
    assert.equal(p.checkCommand(local('main'), 'read_file').allowed, true)
    assert.equal(p.checkCommand(local('main'), 'delete_all').allowed, false)
  })

  test('a remote origin is allowed only through remote.urls, and only that capability applies to it', () => {
    const p = policy([
      { identifier: 'local', windows: ['main'], permissions: ['allow-greet', 'allow-read-file'] },
      { identifier: 'web', windows: ['main'], permissions: ['allow-greet'], remote: { urls: ['https://*.example.com'] } },
    ])
    assert.equal(p.checkCommand(remote('main', 'https://app.example.com'), 'greet').allowed, true)
    // The local-only capability does not reach a remote page.
    const read = p.checkCommand(remote('main', 'https://app.example.com'), 'read_file')
    assert.ok(!read.allowed)
    assert.match(read.reason, /whose remote.urls match https:\/\/app.example.com/)
    assert.equal(p.checkCommand(remote('main', 'https://evil.com'), 'greet').allowed, false)
    assert.equal(p.checkCommand(remote('main', 'https://example.com.evil.com'), 'greet').allowed, false)
  })

  test('a remote capability does not apply to local pages unless it says local: true', () => {
    const p = policy([{ identifier: 'web', windows: ['main'], permissions: ['allow-greet'], remote: { urls: ['https://example.com'] } }])
    assert.equal(p.checkCommand(local('main'), 'greet').allowed, false)
    const both = policy([
      { identifier: 'web', windows: ['main'], permissions: ['allow-greet'], local: true, remote: { urls: ['https://example.com'] } },
    ])
    assert.equal(both.checkCommand(local('main'), 'greet').allowed, true)
    assert.equal(both.checkCommand(remote('main', 'https://example.com'), 'greet').allowed, true)
  })

  test('a page the host calls local but whose origin is not the app own is treated as remote', () => {
    const decision = base.checkCommand({ label: 'main', origin: 'http://localhost:9999', local: true }, 'greet')
    assert.equal(decision.allowed, false)
  })

  test('platforms limits a capability to the listed platforms', () => {
    const caps: CapabilityInput[] = [
      { identifier: 'desktop', windows: ['main'], permissions: ['allow-greet'], platforms: ['linux', 'macOS'] },
      { identifier: 'win', windows: ['main'], permissions: ['allow-read-file'], platforms: ['windows'] },
    ]
    const onLinux = policy(caps, { platform: 'linux' })
    assert.equal(onLinux.checkCommand(local('main'), 'greet').allowed, true)
    assert.equal(onLinux.checkCommand(local('main'), 'read_file').allowed, false)
    const onWindows = policy(caps, { platform: 'windows' })
    assert.equal(onWindows.checkCommand(local('main'), 'greet').allowed, false)
    assert.equal(onWindows.checkCommand(local('main'), 'read_file').allowed, true)
  })

  test('production reasons do not reveal the configuration', () => {
    const p = policy([{ identifier: 'main', windows: ['main'], permissions: [] }], { dev: false })
    const decision = p.checkCommand(local('main'), 'greet')
    assert.ok(!decision.allowed)
    assert.equal(decision.reason, 'command `greet` is not allowed for window `main` (origin http://127.0.0.1:4321)')
  })

  test('decisions for one caller are cached and identical', () => {
    assert.equal(base.checkCommand(local('main'), 'greet'), base.checkCommand(local('main'), 'greet'))
  })
})
