/**
 * `causeway build` on a new app from the scaffolder: the output folder is all a user needs. Run
 * in place by `causeway start`, then copied away from the app, which is deleted (sources and
 * all, with no node_modules anywhere above the copy), it starts with plain Node, serves its page
 * to Chromium with the page scripts, answers commands, events and a denied call, and keeps its
 * data in the folder the source app (`npm start`'s way: its backend with tsx) keeps it in.
 */
import assert from 'node:assert/strict'
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { cp, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { type TestContext, test } from 'node:test'
import { launchBrowser, openPage, requireChromium } from 'causeway-test-support/browser'
import { connect } from '../src/node-client/index.ts'
import { edit, runCli, scaffoldApp } from './support/cli-app.ts'

/** Starts `node <args>` in `cwd`; resolves with the launch URL it prints and how long that took to answer a call. */
async function startAndAsk(t: TestContext, args: string[], cwd: string, env: NodeJS.ProcessEnv) {
  const began = performance.now()
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd,
    env: { ...process.env, NODE_OPTIONS: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const exited = new Promise((resolve) => child.once('exit', resolve))
  t.after(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill()
    await exited
  })
  let output = ''
  const launchUrl = await new Promise<string>((resolve, reject) => {
    const read = (chunk: Buffer) => {
      output += chunk.toString('utf8')
      const match = /open the main window at (\S+)/.exec(output)
      if (match) resolve(match[1] as string)
    }
    child.stdout?.on('data', read)
    child.stderr?.on('data', read)
    child.once('exit', (code) => reject(new Error(`node ${args.join(' ')} exited (${code}) before printing its URL:\n${output}`)))
  })
  const connection = await connect(launchUrl)
  const dataDir = await connection.invoke<string>('data_dir')
  const answeredMs = Math.round(performance.now() - began)
  connection.close()
  return { child, launchUrl, dataDir, answeredMs, exited }
}

test('causeway build: the output runs with Node alone, drives in Chromium, and keeps the data directory npm start uses', async (t) => {
  requireChromium()
  const app = await scaffoldApp(t, 'ship-app')
  // A command that says where the app keeps its data, granted to the main window.
  await edit(
    join(app, 'backend', 'app.ts'),
    'commands: { greet, count, system_info },',
    'commands: { greet, count, system_info, data_dir },',
  )
  await edit(
    join(app, 'backend', 'app.ts'),
    'export const app = createApp({',
    'function data_dir(_: undefined, ctx: CommandContext) {\n  return ctx.app.paths.appData\n}\n\nexport const app = createApp({',
  )
  await edit(join(app, 'capabilities', 'default.json'), '"allow-count"]', '"allow-count", "allow-data-dir"]')
  const home = await mkdtemp(join(tmpdir(), 'causeway-ship-home-'))
  t.after(() => rm(home, { recursive: true, force: true }))
  const env = { XDG_DATA_HOME: join(home, 'data'), XDG_CONFIG_HOME: join(home, 'config'), XDG_CACHE_HOME: join(home, 'cache') }
  const expectedDataDir = join(home, 'data', 'dev.causeway.ship-app')

  const build = runCli(t, ['build'], app)
  const [summary] = await build.line(/built release\/ in [\d.]+ s: [\d.]+ MB/, 120_000)
  t.diagnostic(summary)
  assert.equal(await build.exited, 0)
  const manifest = JSON.parse(readFileSync(join(app, 'release', 'package.json'), 'utf8'))
  assert.deepEqual([manifest.name, manifest.version, manifest.causeway], ['ship-app', '0.1.0', { identifier: 'dev.causeway.ship-app' }])

  await t.test('causeway start runs the output in place', async () => {
    const start = runCli(t, ['start', '--', '--no-open'], app, env)
    const [, url] = await start.line(/open the main window at (\S+)/)
    const connection = await connect(url as string)
    assert.equal(await connection.invoke('data_dir'), expectedDataDir)
    connection.close()
    start.child.kill()
    await start.exited
  })

  await t.test('the source app, run as npm start runs it, uses the same data directory', async () => {
    // npm start is `vite build && tsx backend/main.ts`; causeway build did the first half (dist/) already.
    assert.ok(existsSync(join(app, 'dist', 'index.html')))
    const source = await startAndAsk(t, ['--conditions=source', '--import', 'tsx', join('backend', 'main.ts'), '--no-open'], app, env)
    assert.equal(source.dataDir, expectedDataDir)
    t.diagnostic(`source (tsx) start to first answer: ${source.answeredMs} ms`)
    source.child.kill()
    await source.exited
  })

  await t.test('the output alone, with the app and every node_modules out of reach', async () => {
    const shipped = await mkdtemp(join(tmpdir(), 'causeway-shipped-'))
    t.after(() => rm(shipped, { recursive: true, force: true }))
    await cp(join(app, 'release'), shipped, { recursive: true })
    await rm(app, { recursive: true, force: true })
    const files = readdirSync(shipped, { recursive: true }).map(String)
    assert.deepEqual(
      files.filter((file) => /\.[cm]?tsx?$/.test(file)),
      [],
      'no TypeScript in the output',
    )
    assert.equal(existsSync(join(shipped, 'node_modules')), false, 'nothing to install: the template has no native modules')

    const first = await startAndAsk(t, ['app.mjs', '--no-open'], shipped, env)
    assert.equal(first.dataDir, expectedDataDir)
    t.diagnostic(`built app start to first answer: ${first.answeredMs} ms`)
    first.child.kill()
    await first.exited

    // A launch URL opens one window once: the browser gets a run of its own.
    const second = spawn(process.execPath, ['app.mjs', '--no-open'], {
      cwd: shipped,
      env: { ...process.env, NODE_OPTIONS: '', ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    t.after(() => second.kill())
    const launchUrl = await new Promise<string>((resolve) => {
      let output = ''
      second.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString('utf8')
        const match = /open the main window at (\S+)/.exec(output)
        if (match) resolve(match[1] as string)
      })
    })
    const browser = await launchBrowser(t)
    const page = await openPage(browser, launchUrl)
    assert.equal(await page.evaluate(() => 'isTauri' in window), true, 'the prebuilt page scripts are served')
    await page.fill('#name', 'Chromium')
    await page.click('#greet')
    await page.waitForSelector('#greeting:has-text("Hello, Chromium!")')
    await page.click('#count')
    await page.waitForSelector('#count-status:has-text("counted to 10")')
    await page.click('#system-info')
    await page.waitForSelector('#system-info-result:has-text("not allowed")')
    assert.deepEqual(page.errors, [])
  })
})
