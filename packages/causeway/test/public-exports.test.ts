/**
 * The public surface, written down: the runtime exports of every entry and the package's
 * `exports` map. Adding, removing or renaming a public name fails here, so a change of the
 * surface is a decision made in this file, not a side effect of an edit elsewhere.
 */
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { test } from 'node:test'

const packageDir = new URL('..', import.meta.url)

/** Each entry's runtime exports (types leave no trace at run time), sorted. */
const entries: Record<string, { file: string; exports: string[] }> = {
  '.': {
    file: './src/index.ts',
    exports: [
      'BrowserError',
      'CapabilityError',
      'CausewayError',
      'Channel',
      'StartupError',
      'capabilitySchema',
      'createAccessPolicy',
      'createApp',
      'defineCommand',
      'defineErrors',
      'defineEvents',
      'err',
      'errorCodes',
      'isCausewayError',
      'isErr',
      'loadCapabilityDir',
      'loadPermissionDir',
      'tauriCompat',
    ],
  },
  './plugin': {
    file: './src/plugin-kit.ts',
    exports: [
      'BrowserError',
      'CausewayError',
      'Channel',
      'ResourceTable',
      'bundledPageScript',
      'defineCommand',
      'defineErrors',
      'definePlugin',
      'err',
      'isCausewayError',
      'isErr',
      'normalizeTarget',
    ],
  },
  './api': {
    file: './src/api/index.ts',
    exports: [
      'CausewayError',
      'Channel',
      'Connection',
      'connection',
      'createClient',
      'emit',
      'emitTo',
      'errorCodes',
      'invoke',
      'isCausewayError',
      'listen',
      'once',
    ],
  },
  './node-client': {
    file: './src/node-client/index.ts',
    exports: ['Connection', 'connect', 'createClient', 'nodeTransport'],
  },
  './plugins/fs': {
    file: './src/plugins/fs/index.ts',
    exports: [
      'BaseDirectory',
      'PathGuard',
      'allowPathForWindow',
      'baseDirectoryPath',
      'checkPath',
      'forgetWindowGrants',
      'fsCommands',
      'fsPermissions',
      'fsPlugin',
      'runtimeGrantsFor',
    ],
  },
  './plugins/dialog': {
    file: './src/plugins/dialog/index.ts',
    exports: ['dialogPermissions', 'dialogPlugin'],
  },
  './testing': {
    file: './src/testing/index.ts',
    exports: ['clearMocks', 'connectInMemory', 'mockBackend'],
  },
  './config': {
    file: './src/cli/define-config.ts',
    exports: ['defineConfig'],
  },
}

for (const [subpath, entry] of Object.entries(entries)) {
  test(`'${subpath}' (${entry.file}) exports exactly its list`, async () => {
    const module = await import(new URL(entry.file, packageDir).href)
    assert.deepEqual(Object.keys(module).sort(), entry.exports)
  })
}

interface Conditions {
  source: string
  types: string
  default: string
}

test('the exports map has exactly the entries above: the workspace reads the source, everyone else dist/', async () => {
  const manifest = JSON.parse(await readFile(new URL('package.json', packageDir), 'utf8')) as {
    exports: Record<string, Conditions>
  }
  assert.deepEqual(Object.keys(manifest.exports).sort(), Object.keys(entries).sort())
  for (const [subpath, conditions] of Object.entries(manifest.exports)) {
    const file = entries[subpath]?.file
    // `source` first: the workspace's tools pass that condition and must not need a build.
    assert.deepEqual(Object.keys(conditions), ['source', 'types', 'default'], `${subpath}: condition order`)
    assert.equal(conditions.source, file, `${subpath}: source`)
    assert.ok(existsSync(new URL(conditions.source, packageDir)), `${subpath}: ${conditions.source} exists`)
    const built = conditions.source.replace(/^\.\/src\//, './dist/').replace(/\.ts$/, '')
    assert.equal(conditions.types, `${built}.d.ts`, `${subpath}: types are the built declarations`)
    assert.equal(conditions.default, `${built}.js`, `${subpath}: default is the built source`)
  }
})
