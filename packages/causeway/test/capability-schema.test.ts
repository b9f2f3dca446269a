/**
 * The JSON Schema for capability files lists every valid permission identifier with its
 * description, so an editor can complete them.
 */
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { describe, test } from 'node:test'
import { capabilitySchema } from '../src/acl/index.ts'
import { fsPlugin } from '../src/plugins/fs/index.ts'
import { coreManifests, manifestOf } from './support/manifests.ts'

// biome-ignore lint/suspicious/noExplicitAny: walking a generated JSON Schema by hand
type Json = Record<string, any>

const fs = fsPlugin()
const schema = capabilitySchema({
  appCommands: ['greet', 'read_config'],
  plugins: [...coreManifests(), manifestOf(fs)],
  permissionFiles: [{ permission: [{ identifier: 'config-read', description: 'Read the config.', commands: { allow: ['read_config'] } }] }],
}) as Json

/** The string choices offered for a permission entry, as `{ const, description }`. */
function choices(s: Json): Array<{ const: string; description?: string }> {
  const items = s['properties']['permissions']['items']['anyOf'] as Json[]
  const strings = items.find((branch) => Array.isArray(branch['anyOf']))
  assert.ok(strings, 'permissions items offer a list of identifiers')
  return strings['anyOf']
}

/** Checks a capability against the schema's shape: required fields, types, known identifiers. */
function conforms(s: Json, capability: Json): string[] {
  const errors: string[] = []
  const props = s['properties'] as Json
  for (const key of s['required'] as string[]) if (!(key in capability)) errors.push(`missing ${key}`)
  for (const key of Object.keys(capability)) if (!(key in props)) errors.push(`unknown ${key}`)
  const known = new Set(choices(s).map((c) => c.const))
  const identifierBranch = (s['properties']['permissions']['items']['anyOf'] as Json[]).find((b) => b['type'] === 'object')
  const objectIds = new Set((identifierBranch!['properties']['identifier']['anyOf'] as Json[]).map((c) => c['const']))
  for (const entry of capability['permissions'] as unknown[]) {
    const id = typeof entry === 'string' ? entry : (entry as Json)['identifier']
    if (!(typeof entry === 'string' ? known : objectIds).has(id)) errors.push(`unknown permission ${id}`)
  }
  if (!Array.isArray(capability['windows'])) errors.push('windows is not an array')
  return errors
}

describe('capability schema', () => {
  test('is a draft 2020-12 object schema with the capability fields', () => {
    assert.equal(schema['$schema'], 'https://json-schema.org/draft/2020-12/schema')
    assert.deepEqual(schema['required'], ['identifier', 'windows', 'permissions'])
    assert.equal(schema['additionalProperties'], false)
  })

  test('enumerates app, app permission file, plugin and core identifiers with descriptions', () => {
    const byId = new Map(choices(schema).map((c) => [c.const, c.description]))
    assert.equal(byId.get('allow-greet'), 'Allows the greet command.')
    assert.equal(byId.get('deny-read-config'), 'Denies the read_config command.')
    assert.equal(byId.get('allow-read_config'), 'Same as "allow-read-config".')
    assert.equal(byId.get('config-read'), 'Read the config.')
    assert.match(byId.get('fs:allow-read-text-file') ?? '', /^Read a file as UTF-8 text\./)
    assert.ok(byId.has('fs:default'))
    assert.ok(byId.has('fs:scope'))
    assert.ok(byId.has('core:default'))
    assert.ok(byId.has('core:event:allow-listen'))
    assert.ok(byId.has('core:window:default'))
    assert.equal(byId.has('fs:allow-read-txt-file'), false)
  })

  test('the sample capability conforms, and a typo does not', async () => {
    const sample = JSON.parse(await readFile(new URL('./fixtures/acl/capabilities/main.json', import.meta.url), 'utf8')) as Json
    sample['permissions'] = (sample['permissions'] as unknown[]).filter((p) => p !== 'config-access')
    assert.deepEqual(conforms(schema, sample), [])
    assert.deepEqual(conforms(schema, { identifier: 'x', windows: ['main'], permissions: ['fs:alow-stat'] }), [
      'unknown permission fs:alow-stat',
    ])
  })
})
