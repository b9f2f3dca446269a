/**
 * `@tauri-apps/plugin-store`, bundled unmodified into pages, against the store plugin in
 * Chromium: LazyStore defaults, set, get and save; a change seen by a second window through
 * onChange/onKeyChange; a reload of the page that finds the data kept; the file on disk.
 */
import assert from 'node:assert/strict'
import { copyFile, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { launchBrowser, openPage } from 'causeway-test-support/browser'
import { eventually } from 'causeway-test-support/eventually'
import { createApp } from 'causewayjs'
import { build } from 'esbuild'
import { storePlugin } from '../src/index.ts'
import type { Fixture } from './fixtures/tauri-store/main.ts'
import { tempDir } from './support.ts'

declare global {
  interface Window {
    fixture: Fixture
  }
}

const fixtureDir = fileURLToPath(new URL('./fixtures/tauri-store/', import.meta.url))

test('pages built from @tauri-apps/plugin-store: LazyStore set/get/save, a change seen by a second window, a reload', async (t) => {
  const home = await tempDir(t)
  process.env['XDG_DATA_HOME'] = join(home, 'data')
  const dist = join(home, 'dist')
  await build({
    entryPoints: [join(fixtureDir, 'main.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    outfile: join(dist, 'main.js'),
    logLevel: 'silent',
  })
  await copyFile(join(fixtureDir, 'index.html'), join(dist, 'index.html'))
  const app = createApp({
    commands: {},
    plugins: [storePlugin()],
    capabilities: [{ identifier: 'all', windows: ['main', 'second'], permissions: ['core:default', 'store:default'] }],
    frontendDist: dist,
    identifier: 'dev.causeway.store-browser',
    windows: [{ label: 'main' }, { label: 'second' }],
    exitOnLastWindowClose: false,
    logger: { info: () => {}, warn: () => {}, error: () => {} },
  })
  t.after(() => app.close())
  const { launchUrl } = await app.run({ open: false, quiet: true })
  const browser = await launchBrowser(t)
  const main = await openPage(browser, launchUrl)
  const second = await openPage(browser, app.window('second')?.launchUrl ?? '')
  await main.waitForFunction(() => 'fixture' in window)
  await second.waitForFunction(() => 'fixture' in window)

  assert.equal(await main.evaluate(() => window.fixture.lazyGet('theme')), 'light', 'the default')
  await second.evaluate(() => window.fixture.watch())
  await main.evaluate(() => window.fixture.lazySet('theme', 'dark'))
  await main.evaluate(() => window.fixture.lazySet('recent', ['a.md', 'b.md']))
  await main.evaluate(() => window.fixture.lazySave())
  await eventually(
    async () => (await second.evaluate(() => window.fixture.changes())).length === 2,
    'the second window to see both changes',
  )
  assert.deepEqual(await second.evaluate(() => window.fixture.changes()), [
    { key: 'theme', value: 'dark' },
    { key: 'recent', value: ['a.md', 'b.md'] },
  ])
  assert.deepEqual(await second.evaluate(() => window.fixture.themes()), ['dark'])
  const file = JSON.parse(await readFile(join(app.paths.appData, 'settings.json'), 'utf8'))
  assert.deepEqual(file, { theme: 'dark', fontSize: 14, recent: ['a.md', 'b.md'] })

  await main.reload()
  await main.waitForFunction(() => 'fixture' in window)
  assert.equal(await main.evaluate(() => window.fixture.lazyGet('theme')), 'dark', 'the reloaded page finds the data kept')
  assert.deepEqual(main.errors, [])
  assert.deepEqual(second.errors, [])
})
