/**
 * `causeway dev` on a new app from the scaffolder, in the Chromium `dev` itself launches (headless,
 * with a DevTools port the test attaches to): a frontend edit arrives by hot module replacement in
 * the same page; a backend edit restarts the backend under the same window, whose listener from
 * before still fires and whose call in flight rejects saying the backend restarted; the browser
 * holds one window throughout; a backend that does not start shows an overlay until the next save.
 */
import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { test } from 'node:test'
import { CHROMIUM_FLAGS, requireChromium } from 'causeway-test-support/browser'
import { eventually } from 'causeway-test-support/eventually'
import { chromium, type Page } from 'playwright-core'
import { edit, runCli, scaffoldApp } from './support/cli-app.ts'

const CONNECTION = 'causeway.page-connection'

/** The page's shared connection state, read in the page. */
const connectionState = (page: Page) =>
  page.evaluate((key) => (globalThis as unknown as Record<symbol, { state: string }>)[Symbol.for(key)]?.state, CONNECTION)

test('causeway dev: hot module replacement, a backend restart under the same window, and an error overlay until the fix', async (t) => {
  requireChromium()
  const app = await scaffoldApp(t, 'dev-app')
  const cache = await mkdtemp(join(tmpdir(), 'causeway-dev-cache-'))
  t.after(() => rm(cache, { recursive: true, force: true }))
  const flags = CHROMIUM_FLAGS.filter((flag) => flag !== '--no-first-run')
  await writeFile(
    join(app, 'causeway.config.ts'),
    `import { defineConfig } from 'causewayjs/config'\nexport default defineConfig({ dev: { port: 0, browserArgs: ${JSON.stringify([...flags, '--remote-debugging-port=0'])} } })\n`,
  )

  const dev = runCli(t, ['dev'], app, { XDG_CACHE_HOME: cache, CHROME_PATH: requireChromium() })
  const [, origin] = await dev.line(/dev: dev-app 0\.1\.0 at (http:\/\/127\.0\.0\.1:\d+)/)
  await dev.line(/backend started in \d+ ms/)
  // dev's own browser, on the dev profile; Chromium writes the DevTools port it picked into it.
  const portFile = join(cache, 'dev.causeway.dev-app', 'dev-window-profile', 'DevToolsActivePort')
  const port = await eventually(() => existsSync(portFile) && readFileSync(portFile, 'utf8').split('\n')[0])
  const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`)
  t.after(() => browser.close().catch(() => {}))
  const windows = () => browser.contexts().flatMap((context) => context.pages())
  const page = await eventually(() => windows().find((p) => p.url().startsWith(`${origin}/`)), 'the app window on the dev server')
  await eventually(async () => (await connectionState(page)) === 'open', 'the page connected')

  // The page scripts reach the Vite page, and the backend answers through the dev server.
  assert.equal(await page.evaluate(() => 'isTauri' in window), true)
  await page.fill('#name', 'Chromium')
  await page.click('#greet')
  await page.waitForSelector('#greeting:has-text("Hello, Chromium!")')
  await page.evaluate((key) => {
    const scope = globalThis as unknown as Record<string | symbol, unknown>
    scope['testMarker'] = 'same page'
    scope['heard'] = 0
    const connection = scope[Symbol.for(key)] as { listen(event: string, handler: () => void): Promise<unknown> }
    return connection.listen('count-progress', () => {
      scope['heard'] = (scope['heard'] as number) + 1
    })
  }, CONNECTION)

  await t.test('a frontend edit arrives by hot module replacement, without a reload', async () => {
    await edit(join(app, 'frontend', 'style.css'), 'progress {', 'h1 { color: rgb(1, 2, 3); }\n\nprogress {')
    await page.waitForFunction(() => getComputedStyle(document.querySelector('h1') as Element).color === 'rgb(1, 2, 3)')
    assert.equal(await page.evaluate(() => (globalThis as unknown as Record<string, unknown>)['testMarker']), 'same page')
  })

  await t.test('a backend edit restarts the backend under the same window', async () => {
    // A long call in flight when the backend restarts.
    const inFlight = page.evaluate(async () => {
      const internals = (window as unknown as { __TAURI_INTERNALS__: { invoke(cmd: string, args: unknown): Promise<unknown> } })
        .__TAURI_INTERNALS__
      try {
        await internals.invoke('count', { to: 1000 })
        return 'finished'
      } catch (error) {
        return String((error as Error).message ?? error)
      }
    })
    const heard = () => page.evaluate(() => Number((globalThis as unknown as Record<string, unknown>)['heard']))
    await eventually(async () => (await heard()) > 0, 'the long call under way')
    const edited = performance.now()
    await edit(join(app, 'backend', 'app.ts'), 'return `Hello, ', 'return `Howdy, ')
    await dev.line(/backend\/app\.ts changed: backend restarted in \d+ ms/)
    await eventually(async () => (await connectionState(page)) === 'open', 'the page reconnected')
    t.diagnostic(`edit to page reconnected: ${Math.round(performance.now() - edited)} ms`)
    assert.match(await inFlight, /in flight when the connection to the backend dropped .*code 1012: the backend is restarting/)

    await page.click('#greet')
    await page.waitForSelector('#greeting:has-text("Howdy, Chromium!")')
    const before = await heard()
    await page.click('#count')
    await page.waitForSelector('#count-status:has-text("counted to 10")')
    assert.ok((await heard()) >= before + 10, 'the listener from before the restart fired')
    assert.equal(await page.evaluate(() => (globalThis as unknown as Record<string, unknown>)['testMarker']), 'same page')
    assert.equal(windows().length, 1, 'one window')
    assert.equal(dev.count(/window `main` opened/), 1, 'the restarted backend took the window over without announcing it as new')
  })

  await t.test('a backend that does not start shows an overlay; the next save recovers', async () => {
    const file = join(app, 'backend', 'app.ts')
    const good = readFileSync(file, 'utf8')
    await writeFile(file, good.replace('function greet(', 'function greet(('))
    await dev.line(/the backend did not start: fix it and save/)
    const overlay = await page.waitForSelector('#causeway-dev-overlay')
    assert.match((await overlay.textContent()) ?? '', /backend\/app\.ts:\d+:\d+/)
    await writeFile(file, good)
    await page.waitForSelector('#causeway-dev-overlay', { state: 'detached' })
    await eventually(async () => (await connectionState(page)) === 'open', 'the page reconnected after the fix')
    await page.fill('#name', 'again')
    await page.click('#greet')
    await page.waitForSelector('#greeting:has-text("Howdy, again!")')
    assert.equal(windows().length, 1, 'still one window')
    assert.equal(await page.evaluate(() => (globalThis as unknown as Record<string, unknown>)['testMarker']), 'same page')
  })

  await browser.close().catch(() => {})
  dev.child.kill('SIGINT')
  assert.equal(await dev.exited, 130)
})
