/**
 * The SQL benchmark (`npm run bench -w causewayjs-plugin-sql`): `@tauri-apps/plugin-sql` from a
 * real Chromium page through Causeway's IPC to the plugin's worker thread, against better-sqlite3
 * called in-process (the floor); and the backend's event-loop delay while one window runs a
 * one-second query and another keeps making calls. Writes bench/RESULTS.md.
 */
import { spawnSync } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { CHROMIUM_FLAGS, requireChromium } from 'causeway-test-support/browser'
import { createApp } from 'causewayjs'
import { build } from 'esbuild'
import { chromium, type Page } from 'playwright-core'
import { sqlPlugin } from '../src/index.ts'
import type { Bench } from './page.ts'

declare global {
  interface Window {
    bench: Bench
  }
}

const ROUNDS = Number(process.env['ROUNDS'] ?? 5)
const ROWS = 10_000
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url))
const SCHEMA = 'CREATE TABLE items (id INTEGER PRIMARY KEY, title TEXT NOT NULL, done INTEGER NOT NULL, note TEXT)'
const FILL = `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${ROWS})
  INSERT INTO items (title, done, note) SELECT 'item ' || i, i % 2, 'a note of some length for row ' || i FROM n`

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number
const max = (xs: number[]) => Math.max(...xs)
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))] as number

/** In-process floor: the same statements on the same kind of connection, no IPC. */
function floor() {
  const open = () => {
    const db = new Database(':memory:')
    db.pragma('foreign_keys = ON')
    db.exec(SCHEMA)
    return db
  }
  const select: number[] = []
  const insert: number[] = []
  for (let r = 0; r < ROUNDS; r++) {
    const db = open()
    db.exec(FILL)
    let start = performance.now()
    const statement = db.prepare('SELECT * FROM items')
    if (statement.all().length !== ROWS) throw new Error('floor select')
    select.push(performance.now() - start)
    db.exec('DELETE FROM items')
    start = performance.now()
    const ins = db.prepare('INSERT INTO items (title, done) VALUES (?, ?)')
    for (let i = 0; i < ROWS; i++) ins.run(`item ${i}`, i % 2)
    insert.push(performance.now() - start)
    db.close()
  }
  return { select, insert }
}

/** A query that keeps SQLite busy about `ms` milliseconds on this machine. */
function calibrateLongQuery(ms: number): string {
  const sql = (n: number) => `WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ${n}) SELECT sum(x) AS s FROM c`
  const db = new Database(':memory:')
  const n = 1_000_000
  const start = performance.now()
  db.prepare(sql(n)).get()
  const took = performance.now() - start
  db.close()
  return sql(Math.round((n * ms) / took))
}

async function main() {
  const started = Date.now()
  const home = await mkdtemp(join(tmpdir(), 'causeway-sql-bench-'))
  process.env['XDG_CONFIG_HOME'] = join(home, 'config')
  const dist = join(home, 'dist')
  await build({
    entryPoints: [here('./page.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    outfile: join(dist, 'main.js'),
    logLevel: 'silent',
  })
  await writeFile(
    join(dist, 'index.html'),
    '<!doctype html><html><head><script type="module" src="./main.js"></script></head><body></body></html>',
  )
  const app = createApp({
    // The IPC floor: a command that answers at once, with no worker hop.
    commands: { echo: ({ value }: { value: unknown }) => value },
    plugins: [sqlPlugin()],
    capabilities: [
      { identifier: 'bench', windows: ['main', 'other'], permissions: ['core:default', 'sql:default', 'sql:allow-execute', 'allow-echo'] },
    ],
    frontendDist: dist,
    identifier: 'dev.causeway.sql-bench',
    windows: [{ label: 'main' }, { label: 'other' }],
    exitOnLastWindowClose: false,
    dev: false,
    logger: { info: () => {}, warn: () => {}, error: (...args) => console.error(...args) },
  })
  const { launchUrl } = await app.run({ open: false, quiet: true })
  const browser = await chromium.launch({ executablePath: requireChromium(), args: CHROMIUM_FLAGS })
  const openPage = async (url: string): Promise<Page> => {
    const page = await browser.newPage()
    await page.goto(url)
    await page.waitForFunction(() => 'bench' in window)
    return page
  }
  const main = await openPage(launchUrl)
  const other = await openPage(app.window('other')?.launchUrl ?? '')
  const version = browser.version()

  const ipc = { select: [] as number[], inFlight: [] as number[], sequential: [] as number[] }
  for (let r = 0; r < ROUNDS; r++) {
    const path = `sqlite:round-${r}.db?mode=memory`
    await main.evaluate(([p, s]) => window.bench.prepare(p as string, s as string), [path, SCHEMA])
    await main.evaluate(([p, s]) => window.bench.prepare(p as string, s as string), [path, FILL])
    const selected = await main.evaluate((p) => window.bench.selectAll(p, 'items'), path)
    if (selected.rows !== ROWS) throw new Error(`selected ${selected.rows} rows`)
    ipc.select.push(selected.ms)
    await main.evaluate((p) => window.bench.prepare(p, 'DELETE FROM items'), path)
    ipc.inFlight.push(await main.evaluate(([p, n]) => window.bench.inserts(p as string, n as number, true), [path, ROWS]))
    await main.evaluate((p) => window.bench.prepare(p, 'DELETE FROM items'), path)
    ipc.sequential.push(await main.evaluate(([p, n]) => window.bench.inserts(p as string, n as number, false), [path, ROWS]))
  }
  const base = floor()
  const trips = { select: [] as number[], command: [] as number[], selectBurst: [] as number[], commandBurst: [] as number[] }
  for (let r = 0; r < ROUNDS; r++) {
    const measured = await main.evaluate(() => window.bench.roundTrips('sqlite:trips.db?mode=memory', 1000))
    for (const key of Object.keys(trips) as Array<keyof typeof trips>) trips[key].push(measured[key])
  }

  // One window runs a one-second query; the other keeps calling another database meanwhile.
  const longSql = calibrateLongQuery(1000)
  await other.evaluate(() => window.bench.prepare('sqlite:ping.db?mode=memory', 'SELECT 1'))
  await main.evaluate(() => window.bench.prepare('sqlite:long.db?mode=memory', 'SELECT 1'))
  const idle = monitorEventLoopDelay({ resolution: 1 })
  idle.enable()
  await new Promise((resolve) => setTimeout(resolve, 1000))
  idle.disable()
  const busy = monitorEventLoopDelay({ resolution: 1 })
  const pings = other.evaluate(() => window.bench.ping('sqlite:ping.db?mode=memory'))
  await new Promise((resolve) => setTimeout(resolve, 100))
  busy.enable()
  const longMs = await main.evaluate((sql) => window.bench.long('sqlite:long.db?mode=memory', sql), longSql)
  busy.disable()
  await other.evaluate(() => window.bench.stop())
  const pingLatencies = await pings

  await browser.close()
  await app.close()
  await rm(home, { recursive: true, force: true })

  const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1))
  const rows = [
    ['select 10,000 rows (ms)', base.select, ipc.select],
    ['execute 10,000 single-row inserts, 1,000 in flight (ms)', base.insert, ipc.inFlight],
    ['execute 10,000 single-row inserts, each awaited (ms)', base.insert, ipc.sequential],
  ] as const
  const lines = [
    '# SQL benchmark',
    '',
    `Generated by \`npm run bench -w causewayjs-plugin-sql\` on ${new Date().toISOString().slice(0, 10)} (${((Date.now() - started) / 1000).toFixed(0)} s).`,
    '',
    `- Node: \`${process.version}\`, ${cpus().length} cores; Chromium ${version}; ${ROUNDS} rounds`,
    '- The page uses `@tauri-apps/plugin-sql` unmodified; every call crosses Causeway’s WebSocket',
    '  and the database’s worker thread. The floor is better-sqlite3 called in-process on the same',
    '  schema, with no IPC. Both use in-memory databases, so the numbers compare the cost of the',
    '  path, not of the disk.',
    '- median over rounds, and the slowest round; × floor is the page’s median over the floor’s.',
    '',
    '| workload | floor (in-process) | page via IPC, median | slowest round | × floor |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...rows.map(
      ([name, f, p]) =>
        `| ${name} | ${ms(median([...f]))} | ${ms(median([...p]))} | ${ms(max([...p]))} | ${(median([...p]) / median([...f])).toFixed(1)}× |`,
    ),
    '',
    'Where a call’s time goes: an app command that answers at once (the IPC alone) against `SELECT 1`',
    'through the plugin (IPC, argument validation, the worker hop), from the same page. The page’s',
    'clock resolves 100 µs, so sequential medians come in steps of 100.',
    '',
    '| call | sequential, µs per call | 1,000 in flight, µs per call |',
    '| --- | ---: | ---: |',
    `| app command | ${ms(median(trips.command))} | ${ms(median(trips.commandBurst))} |`,
    `| \`SELECT 1\` via the plugin | ${ms(median(trips.select))} | ${ms(median(trips.selectBurst))} |`,
    '',
    '### The backend while one window runs a one-second query',
    '',
    'Window `main` runs one query of about a second on its database; window `other` makes',
    '`SELECT 1` calls on another database one after another meanwhile. The event-loop delay is',
    'measured in the backend process (`monitorEventLoopDelay`, 1 ms resolution).',
    '',
    '| measure | value |',
    '| --- | ---: |',
    `| the long query, as the page saw it (ms) | ${ms(longMs)} |`,
    `| event-loop delay p99 / max during it (ms) | ${ms(busy.percentile(99) / 1e6)} / ${ms(busy.max / 1e6)} |`,
    `| event-loop delay p99 / max, idle (ms) | ${ms(idle.percentile(99) / 1e6)} / ${ms(idle.max / 1e6)} |`,
    `| other window's calls during it | ${pingLatencies.length} |`,
    `| their latency median / p99 (ms) | ${ms(median(pingLatencies))} / ${ms(pct(pingLatencies, 99))} |`,
    '',
  ]
  const out = here('./RESULTS.md')
  await writeFile(out, lines.join('\n'))
  // Tables aligned the way the repository's formatter (biome check) wants them.
  spawnSync(process.execPath, [createRequire(import.meta.url).resolve('@biomejs/biome/bin/biome'), 'format', '--write', out])
  console.log(lines.join('\n'))
  console.log(`written to ${out}`)
}

await main()
