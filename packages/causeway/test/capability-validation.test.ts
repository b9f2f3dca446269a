/**
 * Startup validation: each mistake in a capability or permission file is reported with the file,
 * the place in it, what is wrong and, for names, the closest valid ones.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { type AccessPolicyOptions, CapabilityError, createAccessPolicy } from '../src/acl/index.ts'
import { fsPlugin } from '../src/plugins/fs/index.ts'
import { coreManifests, manifestOf } from './support/manifests.ts'

const fs = fsPlugin()

function problemsOf(options: Partial<AccessPolicyOptions>): string {
  try {
    createAccessPolicy({
      capabilities: [],
      appCommands: ['greet', 'read_config'],
      plugins: [...coreManifests(), manifestOf(fs)],
      appOrigins: [],
      dev: true,
      ...options,
    })
  } catch (error) {
    assert.ok(error instanceof CapabilityError, `expected CapabilityError, got ${String(error)}`)
    return error.message
  }
  assert.fail('expected createAccessPolicy to throw')
}

describe('capability validation', () => {
  test('an unknown permission names the file, the index and the closest identifiers', () => {
    const message = problemsOf({
      capabilities: [
        {
          source: 'capabilities/main.json',
          identifier: 'main',
          windows: ['main'],
          permissions: ['core:default', 'allow-greet', 'fs:allow-read-txt-file'],
        },
      ],
    })
    assert.match(
      message,
      /capabilities\/main\.json: permissions\[2\]: unknown permission "fs:allow-read-txt-file"; did you mean "fs:allow-read-text-file"/,
    )
  })

  test('a forgotten plugin prefix suggests the prefixed identifier', () => {
    const message = problemsOf({
      capabilities: [{ source: 'a.json', identifier: 'a', windows: ['main'], permissions: ['allow-read-dir'] }],
    })
    assert.match(message, /a\.json: permissions\[0\]: unknown permission "allow-read-dir"; did you mean "fs:allow-read-dir"/)
  })

  test('a malformed window glob is reported with its position', () => {
    const message = problemsOf({ capabilities: [{ source: 'a.json', identifier: 'a', windows: ['main', 'settings-['], permissions: [] }] })
    assert.match(message, /a\.json: windows\[1\]: malformed window glob "settings-\["/)
  })

  test('a malformed remote URL pattern is reported', () => {
    const message = problemsOf({
      capabilities: [
        {
          source: 'web.json',
          identifier: 'web',
          windows: ['main'],
          permissions: [],
          remote: { urls: ['https://example.com/app/*', 'example.com'] },
        },
      ],
    })
    assert.match(message, /web\.json: remote\.urls\[0\]: malformed URL pattern "https:\/\/example\.com\/app\/\*"/)
    assert.match(message, /web\.json: remote\.urls\[1\]: malformed URL pattern "example\.com"/)
  })

  test('a duplicate capability identifier names both files', () => {
    const message = problemsOf({
      capabilities: [
        { source: 'one.json', identifier: 'main', windows: ['main'], permissions: [] },
        { source: 'two.toml', identifier: 'main', windows: ['other'], permissions: [] },
      ],
    })
    assert.match(message, /two\.toml: identifier: duplicate capability identifier "main" \(also in one\.json\)/)
  })

  test('a duplicate permission identifier across permission files is reported', () => {
    const message = problemsOf({
      permissionFiles: [
        { source: 'permissions/a.toml', permission: [{ identifier: 'config', commands: { allow: ['read_config'] } }] },
        { source: 'permissions/b.toml', permission: [{ identifier: 'config', commands: { allow: ['greet'] } }] },
      ],
    })
    assert.match(
      message,
      /permissions\/b\.toml: permission\[0\]: duplicate permission identifier "config" \(already declared in permissions\/a\.toml\)/,
    )
  })

  test('a permission file may not redefine a generated identifier', () => {
    const message = problemsOf({
      permissionFiles: [{ source: 'p.toml', permission: [{ identifier: 'allow-greet', commands: { allow: ['greet'] } }] }],
    })
    assert.match(message, /p\.toml: permission\[0\]: duplicate permission identifier "allow-greet"/)
  })

  test('a permission naming an unregistered command is reported with a suggestion', () => {
    const message = problemsOf({
      permissionFiles: [{ source: 'p.toml', permission: [{ identifier: 'cfg', commands: { allow: ['read_confg'] } }] }],
    })
    assert.match(
      message,
      /p\.toml: permission\[0\]\.commands\.allow\[0\]: command "read_confg" is not registered; did you mean "read_config"/,
    )
  })

  test('a wrongly typed field is reported at its location', () => {
    const message = problemsOf({
      capabilities: [{ source: 'bad.json', identifier: 'bad', windows: 'main', permissions: ['allow-greet', 42] }],
    })
    assert.match(message, /bad\.json: windows: expected array, received string/)
    assert.match(message, /bad\.json: permissions\[1\]: expected a permission identifier string or an object/)
  })

  test('a misspelt field is reported as unknown', () => {
    const message = problemsOf({
      capabilities: [{ source: 'bad.json', identifier: 'bad', windows: ['main'], permission: ['allow-greet'] }],
    })
    assert.match(message, /bad\.json: permissions: expected array, received undefined/)
    assert.match(message, /bad\.json: unknown field "permission"/)
  })

  test('a malformed event scope entry is reported', () => {
    const message = problemsOf({
      capabilities: [
        {
          source: 'ev.json',
          identifier: 'ev',
          windows: ['main'],
          permissions: [{ identifier: 'core:event:allow-listen', allow: [{ path: '$APPDATA' }, { event: 'job **' }] }],
        },
      ],
    })
    assert.match(message, /ev\.json: permissions\[0\]\.allow\[0\]: event scope entries look like \{ "event": "job-\*" \}/)
    assert.match(message, /ev\.json: permissions\[0\]\.allow\[1\]\.event: malformed event glob "job \*\*"/)
  })

  test('a plugin permission naming a command the plugin lacks is reported', () => {
    const message = problemsOf({
      plugins: [
        {
          name: 'clip',
          commands: ['read'],
          permissions: { permissions: [{ identifier: 'allow-write', commands: { allow: ['write'] } }], default: [] },
        },
      ],
    })
    assert.match(message, /plugin "clip": permissions\[0\]\.commands\.allow\[0\]: "write" is not a command of plugin clip/)
  })

  test('every problem is reported at once', () => {
    const message = problemsOf({
      capabilities: [
        { source: 'a.json', identifier: 'a', windows: ['['], permissions: [] },
        { source: 'b.json', identifier: 'b', windows: ['main'], permissions: ['nope'] },
      ],
    })
    assert.match(message, /^2 problems in the capability configuration:/)
  })
})
