/**
 * The app owns its browser: `run({ open: true })` launches headless Chromium once through the
 * browser driver, opens the main window and a second one, and no process's command line ever
 * holds a window token (they cross only the DevTools pipe). Closing a window through the driver
 * reaches the plugins' onWindowClose; closing the app quits the browser.
 */
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { CHROMIUM } from 'causeway-test-support/browser'
import { eventually } from 'causeway-test-support/eventually'
import { createApp } from '../src/index.ts'
import { definePlugin } from '../src/plugin-kit.ts'
import { recordingLogger } from './support/app.ts'

/** Every process's command line, as `ps` would show it. */
async function commandLines(): Promise<string[]> {
  const lines: string[] = []
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue
    const raw = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')
    if (raw) lines.push(raw.replaceAll('\0', ' '))
  }
  return lines
}

test('the app opens its main and a second window headless, and no command line holds a token', { timeout: 60_000 }, async (t) => {
  assert.ok(existsSync(CHROMIUM), `this test needs Chromium at ${CHROMIUM}: apt-get install -y chromium`)
  const root = await mkdtemp(join(tmpdir(), 'causeway-app-browser-'))
  t.after(() => rm(root, { recursive: true, force: true }))
  // The window profile lives under the app's cache directory.
  process.env['XDG_CACHE_HOME'] = join(root, 'cache')
  const dist = join(root, 'dist')
  await writeFile(join(root, 'placeholder'), '')
  await import('node:fs/promises').then((fs) => fs.mkdir(dist))
  await writeFile(join(dist, 'index.html'), '<!doctype html><html><head><title>window</title></head><body>hello</body></html>')

  const opened: string[] = []
  const closed: string[] = []
  const watcher = definePlugin({
    name: 'watcher',
    onWindowOpen: (window) => void opened.push(window.label),
    onWindowClose: (window) => void closed.push(window.label),
  })
  const identifier = `dev.causeway.app-browser-test.${process.pid}`
  const app = createApp({
    commands: {},
    plugins: [watcher],
    frontendDist: dist,
    identifier,
    browserArgs: ['--headless'],
    exitOnLastWindowClose: false,
    windowCloseGraceMs: 100,
    logger: recordingLogger(),
  })
  t.after(() => app.close())
  await app.run({ open: true, quiet: true })
  // A plain page connects by itself: the Tauri layer's page script opens the connection.
  await eventually(() => opened.includes('main'), 20_000, 'the main window connects')
  await app.createWindow({ label: 'second' })
  await eventually(() => opened.includes('second'), 20_000, 'the second window connects')
  assert.ok(app.browser, 'the app owns a browser driver')
  assert.deepEqual(
    app.browser
      .windows()
      .map((w) => w.label)
      .sort(),
    ['main', 'second'],
  )

  const tokens = app.windows().map((w) => new URL(w.launchUrl).searchParams.get('__causeway') ?? '')
  assert.equal(tokens.filter((token) => token.length >= 20).length, 2)
  const lines = await commandLines()
  assert.ok(
    lines.some((line) => line.includes(identifier) && line.includes('--remote-debugging-pipe')),
    "the scan sees the app's browser process",
  )
  for (const token of tokens) {
    const holder = lines.find((line) => line.includes(token))
    assert.equal(holder, undefined, `a command line holds a window token: ${holder}`)
  }

  await app.browser.window('second')?.close()
  await eventually(() => closed.includes('second'), 10_000, 'closing the window reaches onWindowClose')
  assert.deepEqual(closed, ['second'])

  await app.close()
  await eventually(
    async () => !(await commandLines()).some((line) => line.includes(identifier)),
    10_000,
    'closing the app quits the browser it launched',
  )
})
