/**
 * What `causeway build` does with what a bundle cannot hold by itself, on an app of this test's
 * own: a published package's page script (its literal names `page.ts`, the package ships
 * `page.js` and the prebuilt `page.iife.js`), a worker started by `new URL('./worker.js',
 * import.meta.url)` with only `worker.ts` on disk, and a native module (better-sqlite3), which is
 * copied into the output's node_modules without its C sources. The output runs from a folder with
 * nothing else around it.
 */
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { cp, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { runCli } from './support/cli-app.ts'

const appsDir = fileURLToPath(new URL('../.tmp-apps/', import.meta.url))

function write(root: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true })
    writeFileSync(join(root, path), text)
  }
}

test('causeway build: prebuilt page scripts of a published package, a worker, and a native module travel with the bundle', async (t) => {
  mkdirSync(appsDir, { recursive: true })
  writeFileSync(join(appsDir, '.gitignore'), '*\n')
  const app = await mkdtemp(join(appsDir, 'bundle-'))
  t.after(() => rm(app, { recursive: true, force: true }))
  write(app, {
    'package.json': JSON.stringify({ name: 'bundle-app', version: '1.2.3', type: 'module' }),
    'index.html': '<!doctype html><title>bundle</title><p>bundle</p>',
    'causeway.config.ts': "export default { frontend: { viteConfig: false, outDir: 'dist' } }\n",
    // As tsc leaves a plugin's sources in a published package: the literal still says page.ts.
    'node_modules/published-plugin/package.json': JSON.stringify({ name: 'published-plugin', type: 'module', exports: './index.js' }),
    'node_modules/published-plugin/index.js':
      "import { bundledPageScript } from 'causewayjs/plugin'\nexport const script = bundledPageScript(new URL('./page.ts', import.meta.url))\n",
    'node_modules/published-plugin/page.js': 'export {}\n',
    'node_modules/published-plugin/page.iife.js': '(()=>{globalThis.publishedPageScript=1})();\n',
    'backend/worker.ts':
      "import { parentPort } from 'node:worker_threads'\nconst twice = (n: number): number => n * 2\nparentPort?.postMessage(twice(21))\n",
    'backend/main.ts': `import { once } from 'node:events'
import { Worker } from 'node:worker_threads'
import Database from 'better-sqlite3'
import { script } from 'published-plugin'

const worker = new Worker(new URL('./worker.js', import.meta.url))
const [fromWorker] = await once(worker, 'message')
const db = new Database(':memory:')
const fromSqlite = (db.prepare('select 40 + 2 as n').get() as { n: number }).n
console.log(JSON.stringify({ page: await script.source(), fromWorker, fromSqlite }))
`,
  })

  const build = runCli(t, ['build'], app)
  await build.line(/built release\/ in/, 120_000)
  assert.equal(await build.exited, 0)

  const shipped = await mkdtemp(join(tmpdir(), 'causeway-bundle-'))
  t.after(() => rm(shipped, { recursive: true, force: true }))
  await cp(join(app, 'release'), shipped, { recursive: true })
  const sqlite = join(shipped, 'node_modules', 'better-sqlite3')
  assert.ok(existsSync(join(sqlite, 'build', 'Release', 'better_sqlite3.node')), 'the addon is copied')
  assert.equal(existsSync(join(sqlite, 'src')), false, 'its C++ sources are not')
  assert.equal(existsSync(join(sqlite, 'deps')), false, 'nor SQLite sources')
  assert.ok(existsSync(join(shipped, 'node_modules', 'bindings')), 'its dependencies are copied')
  const backend = readdirSync(join(shipped, 'backend'))
  assert.ok(
    backend.some((file) => /^published-plugin-page-[0-9a-f]{8}\.iife\.js$/.test(file)),
    backend.join(', '),
  )
  assert.ok(
    backend.some((file) => /^backend-worker-[0-9a-f]{8}\.mjs$/.test(file)),
    backend.join(', '),
  )

  const { stdout } = await promisify(execFile)(process.execPath, ['app.mjs'], { cwd: shipped, env: { ...process.env, NODE_OPTIONS: '' } })
  assert.deepEqual(JSON.parse(stdout.trim().split('\n').at(-1) as string), {
    page: '(()=>{globalThis.publishedPageScript=1})();\n',
    fromWorker: 42,
    fromSqlite: 42,
  })
})
