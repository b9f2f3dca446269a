/**
 * Transactions under SIGKILL: a backend committing 50-row transactions in a loop is killed 20
 * times, mostly with a transaction open, and restarted; each time the database passes
 * `PRAGMA integrity_check`, every batch has all its rows or none, the counter matches, and every
 * commit that resolved is there.
 */
import assert from 'node:assert/strict'
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { type BuildOptions, build } from 'esbuild'
import { ROWS_PER_BATCH } from './fixtures/crash-writer.ts'
import { tempDir } from './support.ts'

const packageDir = fileURLToPath(new URL('..', import.meta.url))

/**
 * The writer and the sql worker bundled into plain JavaScript (the plugin's own code inside), so
 * a restart is a bare `node`. They sit under node_modules so the native better-sqlite3 resolves.
 */
async function bundleWriter(t: { after(fn: () => Promise<void>): void }): Promise<string> {
  const cache = join(packageDir, 'node_modules', '.cache')
  await mkdir(cache, { recursive: true })
  const dir = await mkdtemp(join(cache, 'sql-crash-'))
  t.after(() => rm(dir, { recursive: true, force: true }))
  const common: BuildOptions = {
    bundle: true,
    platform: 'node',
    format: 'esm',
    external: ['better-sqlite3'],
    logLevel: 'silent',
    conditions: ['source'],
    // CommonJS dependencies (ws) require Node's modules: give the ESM bundle a require.
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  }
  await build({
    ...common,
    entryPoints: [fileURLToPath(new URL('./fixtures/crash-writer.ts', import.meta.url))],
    outfile: join(dir, 'writer.js'),
  })
  await build({ ...common, entryPoints: [fileURLToPath(new URL('../src/worker.ts', import.meta.url))], outfile: join(dir, 'worker.js') })
  return join(dir, 'writer.js')
}

function startWriter(
  script: string,
  env: NodeJS.ProcessEnv,
  commits: number,
): Promise<{ child: ChildProcess; committed: () => number; open: () => boolean }> {
  const child = spawn(process.execPath, [script, 'run'], { env, stdio: ['ignore', 'pipe', 'inherit'] })
  let last = 0
  let count = 0
  let buffer = ''
  let inTransaction = false
  return new Promise((resolve, reject) => {
    child.on('exit', (code, signal) => reject(new Error(`the writer exited early (${code ?? signal})`)))
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString()
      const lines = buffer.split('\n')
      buffer = lines.pop() ?? ''
      for (const line of lines) {
        inTransaction = line.startsWith('begun ')
        if (inTransaction) continue
        last = Number(line.slice('committed '.length))
        if (++count === commits) resolve({ child, committed: () => last, open: () => inTransaction })
      }
    })
  })
}

test('20 SIGKILLs during write transactions leave a sound database with no half-applied transaction', async (t) => {
  const home = await tempDir(t)
  const script = await bundleWriter(t)
  const env = { ...process.env, XDG_CONFIG_HOME: join(home, 'config') }
  const file = join(home, 'config', 'dev.causeway.sql-crash', 'crash.db')
  let previous = 0
  let killedInTransaction = 0
  for (let round = 1; round <= 20; round++) {
    const { child, committed, open } = await startWriter(script, env, 1 + (round % 2))
    await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 30)))
    child.removeAllListeners('exit')
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGKILL')
    await exited
    const lastResolved = committed()
    if (open()) killedInTransaction++
    const db = new Database(file)
    try {
      assert.equal(db.pragma('integrity_check', { simple: true }), 'ok', `round ${round}: integrity_check`)
      const partial = db.prepare('SELECT batch, count(*) AS n FROM rows GROUP BY batch HAVING n != ?').all(ROWS_PER_BATCH)
      assert.deepEqual(partial, [], `round ${round}: no batch is half applied`)
      const { batches } = db.prepare('SELECT batches FROM counter').get() as { batches: number }
      const { groups } = db.prepare('SELECT count(DISTINCT batch) AS groups FROM rows').get() as { groups: number }
      assert.equal(batches, groups, `round ${round}: the counter moved with the rows, in the same transactions`)
      assert.ok(batches >= lastResolved, `round ${round}: commit ${lastResolved} resolved, but only ${batches} batches are there`)
      assert.ok(batches >= previous, `round ${round}: went back from ${previous} to ${batches}`)
      previous = batches
    } finally {
      db.close()
    }
  }
  t.diagnostic(`${killedInTransaction} of 20 kills landed inside an open transaction`)
})
