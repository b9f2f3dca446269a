/**
 * Startup explains itself: each problem is one line on stderr with no stack, paths resolve from
 * the app's root whatever the current directory, only the launch URL is printed, the identifier
 * comes from the app's package.json, and a denied call says which permission to add.
 */
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type TestContext, test } from 'node:test'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { resolveAppConfig } from '../src/backend/app-config.ts'
import type { CausewayError } from '../src/core/errors.ts'
import { connectInMemory } from '../src/testing/index.ts'
import { startApp } from './support/app.ts'

const ENTRY = pathToFileURL(fileURLToPath(new URL('../src/index.ts', import.meta.url))).href
/** tsx, resolved from here: the app runs from another directory. */
const TSX = import.meta.resolve('tsx')

/** A small app in a temp folder: package.json, a backend, a capability, maybe a built frontend. */
async function scaffold(t: TestContext, options: { built?: boolean; capability?: string; port?: number } = {}): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'causeway-startup-'))
  t.after(() => rm(root, { recursive: true, force: true }))
  await writeFile(join(root, 'package.json'), JSON.stringify({ name: '@acme/notes-test', version: '1.2.3', type: 'module' }))
  await mkdir(join(root, 'backend'))
  await mkdir(join(root, 'capabilities'))
  await writeFile(
    join(root, 'capabilities', 'default.json'),
    JSON.stringify({ identifier: 'default', windows: ['main'], permissions: [options.capability ?? 'allow-greet'] }),
  )
  if (options.built) {
    await mkdir(join(root, 'dist'))
    await writeFile(join(root, 'dist', 'index.html'), '<!doctype html><title>notes</title>')
  }
  await writeFile(
    join(root, 'backend', 'main.ts'),
    `import { createApp } from ${JSON.stringify(ENTRY)}
const app = createApp({ commands: { greet: () => 'hi' }, capabilities: 'capabilities', frontendDist: 'dist' })
await app.run({ open: false, port: ${options.port ?? 0} })
console.log('identifier ' + app.config.identifier)
await app.close()
`,
  )
  return root
}

/** Runs the app's backend from another directory; resolves with its exit code and output. */
function runFromElsewhere(root: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--conditions=source', '--import', TSX, join(root, 'backend', 'main.ts')], {
      cwd: tmpdir(),
      env: { ...process.env, CAUSEWAY_DEBUG: '', NODE_ENV: 'development' },
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

const noStack = (text: string) => assert.doesNotMatch(text, /^\s+at /m, `no stack trace expected:\n${text}`)

test('a frontend that is not built: one line saying how to build it', async (t) => {
  const { code, stderr } = await runFromElsewhere(await scaffold(t))
  assert.equal(code, 1)
  assert.match(
    stderr,
    /cannot start @acme\/notes-test: the frontend is not built: .*dist has no index\.html\. Build it first \(npm run build\)/,
  )
  noStack(stderr)
})

test('a capability typo: the file, the place and the closest identifier, no stack', async (t) => {
  const { code, stderr } = await runFromElsewhere(await scaffold(t, { built: true, capability: 'allow-gret' }))
  assert.equal(code, 1)
  assert.match(stderr, /default\.json/)
  assert.match(stderr, /unknown permission "allow-gret".*allow-greet/s)
  noStack(stderr)
})

test('a port in use: one line', async (t) => {
  const blocker = createServer()
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
  t.after(() => blocker.close())
  const port = (blocker.address() as { port: number }).port
  const { code, stderr } = await runFromElsewhere(await scaffold(t, { built: true, port }))
  assert.equal(code, 1)
  assert.match(stderr, new RegExp(`port ${port} on 127\\.0\\.0\\.1 is in use`))
  noStack(stderr)
})

test('started from another directory, paths resolve from the app root; only the launch URL is printed', async (t) => {
  const { code, stdout, stderr } = await runFromElsewhere(await scaffold(t, { built: true }))
  assert.equal(code, 0, stderr)
  const printed = stdout.split('\n').filter((line) => line.includes('http://'))
  assert.equal(printed.length, 1)
  assert.match(printed[0] ?? '', /open the main window at http:\/\/127\.0\.0\.1:\d+\/\?__causeway=[\w-]{20,}/)
  assert.match(stdout, /identifier dev\.causeway\.acme-notes-test/)
})

test('the config comes from package.json unless createApp says otherwise', async (t) => {
  const root = await scaffold(t)
  assert.deepEqual(resolveAppConfig({ root }), {
    name: '@acme/notes-test',
    version: '1.2.3',
    identifier: 'dev.causeway.acme-notes-test',
    root,
  })
  assert.equal(resolveAppConfig({ root: pathToFileURL(join(root, 'backend', 'main.ts')) }).root, root)
  assert.equal(resolveAppConfig({ root, identifier: 'com.acme.notes' }).identifier, 'com.acme.notes')
})

test('in development a denied call prints one line naming the permission to add', async (t) => {
  const { app, logger } = await startApp(t, {
    commands: { greet: () => 'hi', secret: () => 's' },
    capabilities: [{ identifier: 'main', windows: ['main'], permissions: ['allow-greet'] }],
    dev: true,
  })
  const page = await connectInMemory(app)
  const denied = (await page.invoke('secret').catch((e: unknown) => e)) as CausewayError
  await page.invoke('secret').catch(() => {})
  assert.equal(denied.code, 'Forbidden')
  const lines = logger.warnings.filter((w) => w.includes('denied'))
  assert.equal(lines.length, 1, 'once per command, not per call')
  assert.match(lines[0] ?? '', /command `secret` is not allowed for window `main`.*add "allow-secret"/)
})
