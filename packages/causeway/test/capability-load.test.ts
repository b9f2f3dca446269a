/**
 * Capability and permission files read from disk (JSON and TOML) drive a working policy, and an
 * unparsable file is reported by name.
 */
import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { CapabilityError, createAccessPolicy, loadCapabilityDir, loadPermissionDir } from '../src/acl/index.ts'
import { fsPlugin } from '../src/plugins/fs/index.ts'
import { coreManifests, manifestOf } from './support/manifests.ts'

const fixtures = fileURLToPath(new URL('./fixtures/acl/', import.meta.url))
const ORIGIN = 'http://127.0.0.1:4321'
const fs = fsPlugin()

describe('capability files on disk', async () => {
  const capabilities = await loadCapabilityDir(join(fixtures, 'capabilities'))
  const permissionFiles = await loadPermissionDir(join(fixtures, 'permissions'))
  const policy = createAccessPolicy({
    capabilities,
    permissionFiles,
    appCommands: ['greet', 'read_config', 'write_config'],
    plugins: [...coreManifests(), manifestOf(fs)],
    appOrigins: [ORIGIN],
    dev: true,
  })

  test('reads JSON and TOML files in name order, each tagged with its file', () => {
    assert.deepEqual(
      capabilities.map((c) => [c['identifier'], c.source?.endsWith('main.json') || c.source?.endsWith('settings.toml')]),
      [
        ['main', true],
        ['settings', true],
      ],
    )
  })

  test('a permission from a TOML permission file carries its scope to its command', () => {
    const decision = policy.checkCommand({ label: 'settings-general', origin: ORIGIN, local: true }, 'read_config')
    assert.ok(decision.allowed)
    assert.deepEqual(decision.scope.allow, [{ path: '$APPCONFIG/config.toml' }])
    assert.equal(policy.checkCommand({ label: 'settings-general', origin: ORIGIN, local: true }, 'write_config').allowed, false)
  })

  test('a set from a permission file grants all its members', () => {
    const main = { label: 'main', origin: ORIGIN, local: true }
    assert.equal(policy.checkCommand(main, 'write_config').allowed, true)
    assert.equal(policy.checkCommand(main, 'read_config').allowed, true)
  })

  test('the fs scope object entry is the global scope of every fs command', () => {
    const decision = policy.checkCommand({ label: 'main', origin: ORIGIN, local: true }, 'plugin:fs|read_text_file')
    assert.ok(decision.allowed)
    assert.deepEqual(decision.scope, { allow: [{ path: '$APPDATA/**' }], deny: [{ path: '$APPDATA/secret/**' }] })
    // fs:default is read-only: writing is not granted even with a scope.
    assert.equal(policy.checkCommand({ label: 'main', origin: ORIGIN, local: true }, 'plugin:fs|write_text_file').allowed, false)
  })

  test('an unparsable file is reported with its name', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'causeway-acl-'))
    try {
      await writeFile(join(dir, 'broken.toml'), 'identifier = "x"\nwindows = [\n')
      await assert.rejects(loadCapabilityDir(dir), (error: unknown) => {
        assert.ok(error instanceof CapabilityError)
        assert.match(error.message, /broken\.toml: cannot parse/)
        return true
      })
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
