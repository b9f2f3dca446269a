/**
 * How scopes combine: a command's scope is its plugin's global scope plus the scope of the
 * permissions that allow it, across every capability that applies; a capability can extend a
 * permission's scope in place.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { type Caller, createAccessPolicy } from '../src/acl/index.ts'
import { fsPlugin } from '../src/plugins/fs/index.ts'
import { manifestOf } from './support/manifests.ts'

const ORIGIN = 'http://127.0.0.1:4321'
const main: Caller = { label: 'main', origin: ORIGIN, local: true }
const fs = fsPlugin()
const plugins = [manifestOf(fs)]

describe('scope merging', () => {
  const policy = createAccessPolicy({
    capabilities: [
      {
        identifier: 'a',
        windows: ['main'],
        permissions: [
          'fs:read-all',
          { identifier: 'fs:scope', allow: [{ path: '$APPDATA/**' }] },
          { identifier: 'fs:allow-write-text-file', allow: [{ path: '$APPDATA/out/*' }], deny: [{ path: '$APPDATA/out/locked' }] },
        ],
      },
      {
        identifier: 'b',
        windows: ['*'],
        permissions: [{ identifier: 'fs:scope', deny: [{ path: '$APPDATA/secret' }] }, 'fs:scope-appcache-recursive'],
      },
    ],
    appCommands: [],
    plugins,
    appOrigins: [ORIGIN],
    dev: true,
  })

  test('global scope and the command own scope are merged, from all capabilities', () => {
    const write = policy.checkCommand(main, 'plugin:fs|write_text_file')
    assert.ok(write.allowed)
    assert.deepEqual(write.scope.allow, [
      { path: '$APPDATA/**' },
      { path: '$APPCACHE' },
      { path: '$APPCACHE/**' },
      { path: '$APPDATA/out/*' },
    ])
    assert.deepEqual(write.scope.deny, [{ path: '$APPDATA/secret' }, { path: '$APPDATA/out/locked' }])
  })

  test('a command own scope does not leak to other commands of the plugin', () => {
    const read = policy.checkCommand(main, 'plugin:fs|read_text_file')
    assert.ok(read.allowed)
    assert.deepEqual(read.scope.allow, [{ path: '$APPDATA/**' }, { path: '$APPCACHE' }, { path: '$APPCACHE/**' }])
    assert.deepEqual(read.scope.deny, [{ path: '$APPDATA/secret' }])
  })

  test('a plugin command without a granting permission names the plugin permission', () => {
    const decision = policy.checkCommand(main, 'plugin:fs|remove')
    assert.ok(!decision.allowed)
    assert.match(decision.reason, /add "fs:allow-remove" to a capability whose windows match `main`/)
  })

  test('the scope object is frozen so a handler cannot widen it for later calls', () => {
    const read = policy.checkCommand(main, 'plugin:fs|read_text_file')
    assert.ok(read.allowed)
    assert.throws(() => (read.scope.allow as unknown[]).push({ path: '/' }), TypeError)
  })
})
