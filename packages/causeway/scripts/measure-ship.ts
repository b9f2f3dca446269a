/**
 * The figures of the README's "Develop and ship", measured on an app a user has: one scaffolded
 * by create-causewayjs and installed (`npm install`), passed as the argument.
 *
 *   node packages/create-causewayjs/index.js /tmp/measure-app --yes && (cd /tmp/measure-app && npm install)
 *   node --import tsx packages/causeway/scripts/measure-ship.ts /tmp/measure-app
 *
 * - output size: `causeway build`, then the bytes of release/ (and of its parts)
 * - cold start, process start to first invoke answered (a Node client with the printed launch
 *   URL), median of 5: the built app (`node release/app.mjs`), `npm start` (`vite build` then the
 *   backend with tsx), and its second half alone
 * - dev: an edit of backend/app.ts until the open page is connected to the restarted backend,
 *   median of 5 edits 3 s apart (`causeway dev --no-open`, the page in headless Chromium)
 *
 * - with `--executable` (postject installed in the app: `npm install --save-dev postject`): the
 *   single executable's size and cold start, its first run (which unpacks it) and later ones; a
 *   causeway.config.ts asking for it is written for the run and removed
 *
 * The app's backend/app.ts is edited and restored; release/ and dist/ are rebuilt.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { chromium } from 'playwright-core'
import { connect } from '../src/node-client/index.ts'

const app = resolve(process.argv.slice(2).find((arg) => !arg.startsWith('--')) ?? '')
const measureExecutable = process.argv.includes('--executable')
const bin = (name: string) => join(app, 'node_modules', '.bin', name)
const RUNS = 5

function start(command: string, args: string[], env = process.env): { child: ChildProcess; output: () => string; url: Promise<string> } {
  const child = spawn(command, args, { cwd: app, stdio: ['ignore', 'pipe', 'pipe'], env: { ...env, NODE_OPTIONS: '' } })
  let output = ''
  const url = new Promise<string>((resolve, reject) => {
    const read = (chunk: Buffer) => {
      output += chunk
      const match = /open the main window at (\S+)/.exec(output)
      if (match) resolve(match[1] as string)
    }
    child.stdout?.on('data', read)
    child.stderr?.on('data', read)
    child.once('exit', (code) => reject(new Error(`${command} ${args.join(' ')} exited (${code}):\n${output}`)))
  })
  url.catch(() => {})
  return { child, output: () => output, url }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGINT')
  await exited
}

/** Process start to the first call answered, in ms. */
async function coldStart(command: string, args: string[], env = process.env): Promise<number> {
  const began = performance.now()
  const run = start(command, args, env)
  const connection = await connect(await run.url)
  await connection.invoke('greet', { name: 'measure' })
  const ms = performance.now() - began
  connection.close()
  await stop(run.child)
  return ms
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number
const ms = (value: number) => `${Math.round(value)} ms`

function bytesOf(path: string): number {
  const info = statSync(path)
  if (!info.isDirectory()) return info.size
  return readdirSync(path).reduce((sum, name) => sum + bytesOf(join(path, name)), 0)
}

async function repeat(what: string, measure: () => Promise<number>): Promise<void> {
  const values: number[] = []
  for (let i = 0; i < RUNS; i++) values.push(await measure())
  console.log(`${what}: median ${ms(median(values))} (${values.map(ms).join(', ')})`)
}

console.log(
  `node ${process.version}, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}, app ${app}`,
)

const built = start(bin('causeway'), ['build'])
await new Promise((resolve) => built.child.once('exit', resolve))
console.log(built.output().trim())
const release = join(app, 'release')
const parts = ['backend', 'dist', 'node_modules'].map((part) => {
  try {
    return `${part}/ ${(bytesOf(join(release, part)) / 1024).toFixed(0)} kB`
  } catch {
    return `${part}/ none`
  }
})
console.log(`output: ${(bytesOf(release) / 1024).toFixed(0)} kB (${parts.join(', ')})`)

await repeat('cold start, built app (node release/app.mjs)', () => coldStart(process.execPath, [join(release, 'app.mjs'), '--no-open']))
await repeat('cold start, npm start (vite build, then tsx backend/main.ts)', async () => {
  const began = performance.now()
  await new Promise((resolve) => spawn(bin('vite'), ['build', '--logLevel', 'warn'], { cwd: app, stdio: 'ignore' }).once('exit', resolve))
  return performance.now() - began + (await coldStart(bin('tsx'), ['backend/main.ts', '--no-open']))
})
await repeat('cold start, tsx backend/main.ts alone', () => coldStart(bin('tsx'), ['backend/main.ts', '--no-open']))

if (measureExecutable) {
  const config = join(app, 'causeway.config.ts')
  if (existsSync(config)) throw new Error(`${config} exists: --executable writes its own for the run`)
  writeFileSync(config, 'export default { build: { executable: true } }\n')
  try {
    const build = start(bin('causeway'), ['build'])
    await new Promise((resolve) => build.child.once('exit', resolve))
    const name = (JSON.parse(readFileSync(join(app, 'release', 'package.json'), 'utf8')) as { name: string }).name
    const executable = join(release, name)
    console.log(`single executable: ${(statSync(executable).size / 1024 / 1024).toFixed(1)} MB`)
    const cache = join(app, 'node_modules', '.measure-cache')
    const env = { ...process.env, XDG_CACHE_HOME: cache }
    const first: number[] = []
    for (let i = 0; i < RUNS; i++) {
      rmSync(cache, { recursive: true, force: true })
      first.push(await coldStart(executable, ['--no-open'], env))
    }
    console.log(`cold start, single executable, first run (unpacks): median ${ms(median(first))} (${first.map(ms).join(', ')})`)
    await repeat('cold start, single executable, later runs', () => coldStart(executable, ['--no-open'], env))
    rmSync(cache, { recursive: true, force: true })
  } finally {
    rmSync(config)
  }
}

const file = join(app, 'backend', 'app.ts')
const original = readFileSync(file, 'utf8')
const dev = start(bin('causeway'), ['dev', '--no-open'])
const browser = await chromium.launch({
  executablePath: process.env['CHROME_PATH'] ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox'],
})
try {
  const page = await browser.newPage()
  await page.goto(await dev.url)
  const connected = () =>
    page.waitForFunction(
      () => (globalThis as unknown as Record<symbol, { state: string }>)[Symbol.for('causeway.page-connection')]?.state === 'open',
    )
  await connected()
  await repeat('dev: edit of backend/app.ts to the page reconnected (edits 3 s apart)', async () => {
    // As a person edits: the next backend's process has warmed up meanwhile (see backend-entry.ts).
    await new Promise((resolve) => setTimeout(resolve, 3000))
    const dropped = page.waitForFunction(
      () => (globalThis as unknown as Record<symbol, { state: string }>)[Symbol.for('causeway.page-connection')]?.state !== 'open',
      null,
      { polling: 5 },
    )
    const began = performance.now()
    writeFileSync(file, `${readFileSync(file, 'utf8')}\n// measured ${began}\n`)
    await dropped
    await page.waitForFunction(
      () => (globalThis as unknown as Record<symbol, { state: string }>)[Symbol.for('causeway.page-connection')]?.state === 'open',
      null,
      { polling: 5 },
    )
    return performance.now() - began
  })
  console.log(
    dev
      .output()
      .split('\n')
      .filter((line) => /restarted in/.test(line))
      .join('\n'),
  )
} finally {
  writeFileSync(file, original)
  await browser.close()
  await stop(dev.child)
}
