/**
 * The `causeway` command's configuration and its one-line failures: defaults without a config
 * file, a mistake in causeway.config.ts named by its key, a missing backend entry, an unknown
 * command, `start` before any build.
 */
import assert from 'node:assert/strict'
import { mkdirSync, writeFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { type TestContext, test } from 'node:test'
import { nodeConditions } from '../src/cli/conditions.ts'
import type { CliError } from '../src/cli/errors.ts'
import { loadConfig } from '../src/cli/load-config.ts'
import { runCli } from './support/cli-app.ts'

async function app(t: TestContext, files: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'causeway-config-'))
  t.after(() => rm(root, { recursive: true, force: true }))
  for (const [path, text] of Object.entries({ 'package.json': '{"name":"cfg"}', ...files })) {
    mkdirSync(dirname(join(root, path)), { recursive: true })
    writeFileSync(join(root, path), text)
  }
  return root
}

test('without a config file: backend/main.ts, watched with capabilities/, built into release/', async (t) => {
  const root = await app(t, { 'backend/main.ts': '', 'capabilities/default.json': '{}' })
  const config = await loadConfig(join(root, 'backend'))
  assert.equal(config.root, root, 'found from a folder inside the app')
  assert.deepEqual(config.backend, { entry: join(root, 'backend/main.ts'), watch: [join(root, 'backend'), join(root, 'capabilities')] })
  assert.equal(config.build.outDir, join(root, 'release'))
  assert.equal(config.file, undefined)
})

test('causeway.config.ts is read, and a mistake in it is named by its key', async (t) => {
  const good = await app(t, {
    'server/index.ts': '',
    'causeway.config.ts':
      "const port: number = 4000\nexport default { backend: 'server/index.ts', dev: { port }, build: { outDir: 'out' } }\n",
  })
  const config = await loadConfig(good)
  assert.deepEqual([config.backend.entry, config.dev.port, config.build.outDir], [join(good, 'server/index.ts'), 4000, join(good, 'out')])

  const typo = await app(t, { 'backend/main.ts': '', 'causeway.config.ts': 'export default { dev: { prot: 4000 } }\n' })
  await assert.rejects(loadConfig(typo), (error: CliError) => {
    assert.equal(error.code, 'Config')
    assert.match(error.message, /^causeway\.config\.ts: dev: Unrecognized key: "prot"/)
    return true
  })
})

test('a missing backend entry says where it was looked for and how to name another', async (t) => {
  const root = await app(t, {})
  await assert.rejects(
    loadConfig(root),
    /the backend entry backend\/main\.ts does not exist: create it, or name yours in causeway\.config\.ts/,
  )
})

test('--conditions reach Vite and esbuild as they reach Node', () => {
  assert.deepEqual(nodeConditions(['--conditions=source', '-C', 'dev'], '--conditions=source --max-old-space-size=100'), ['source', 'dev'])
  assert.deepEqual(nodeConditions([], ''), [])
})

test('an unknown command, and start before a build, fail in one line', async (t) => {
  const root = await app(t, { 'backend/main.ts': '' })
  const unknown = runCli(t, ['serve'], root)
  assert.equal(await unknown.exited, 1)
  assert.deepEqual(unknown.lines.filter(Boolean), ['[causeway] no command `serve`: use dev, build or start (causeway --help)'])
  const start = runCli(t, ['start'], root)
  assert.equal(await start.exited, 1)
  assert.deepEqual(start.lines.filter(Boolean), ['[causeway] no build in release: run `causeway build` first'])
})
