import assert from 'node:assert/strict'
import { test } from 'node:test'
import { launchBrowser } from 'causeway-test-support/browser'
import { isCausewayError } from '../src/core/errors.ts'
import { startApp } from './support/app.ts'
import { bundlePage } from './support/bundle-page.ts'
import { connect } from './support/node-client.ts'

const windows = [{ label: 'main', title: 'Main' }, { label: 'settings' }]

test('window basics over the wire: list, read and set titles, create', async (t) => {
  const { app, launchUrl } = await startApp(t, { commands: {}, windows })
  const client = await connect(launchUrl)
  assert.deepEqual(await client.invoke('plugin:window|get_all_windows'), ['main', 'settings'])
  assert.equal(await client.invoke('plugin:window|title', { label: 'main' }), 'Main')
  await client.invoke('plugin:window|set_title', { label: 'settings', value: 'Preferences' })
  assert.equal(await client.invoke('plugin:window|title', { label: 'settings' }), 'Preferences')
  await client.invoke('plugin:window|create', { options: { label: 'about', url: '/about' } })
  const about = app.windows().find((w) => w.label === 'about')
  assert.ok(about, 'the new window is registered')
  assert.equal(new URL(about.launchUrl).pathname, '/about')
  assert.equal(await (await connect(about.launchUrl)).invoke('plugin:window|title', { label: 'about' }), '')
  const unknown = await client.invoke('plugin:window|title', { label: 'nope' }).catch((e: unknown) => e)
  assert.ok(isCausewayError(unknown, 'InvalidArgs'))
})

test('core:window:default may look but not act', async (t) => {
  const { launchUrl } = await startApp(t, {
    commands: {},
    windows,
    capabilities: [{ identifier: 'main', windows: ['main'], permissions: ['core:default'] }],
  })
  const client = await connect(launchUrl)
  assert.deepEqual(await client.invoke('plugin:window|get_all_windows'), ['main', 'settings'])
  const refused = await client.invoke('plugin:window|set_title', { label: 'main', value: 'x' }).catch((e: unknown) => e)
  assert.ok(isCausewayError(refused, 'Forbidden'))
  assert.match(refused.message, /core:window:allow-set-title/)
})

test('a Tauri frontend’s setTitle changes the page title of that window', async (t) => {
  const dist = await bundlePage(t, `import { invoke } from 'causewayjs/api'; window.ready = invoke('plugin:window|get_all_windows')`)
  const { launchUrl } = await startApp(t, { commands: {}, windows, frontendDist: dist })
  const page = await (await launchBrowser(t)).newPage()
  await page.goto(launchUrl)
  await page.evaluate('window.ready')
  // What @tauri-apps/api's getCurrentWindow().setTitle() sends, through the injected contract.
  await page.evaluate(`window.__TAURI_INTERNALS__.invoke('plugin:window|set_title', { label: 'main', value: 'Renamed by the backend' })`)
  await page.waitForFunction(() => document.title === 'Renamed by the backend')
  assert.equal(await page.evaluate(`window.__TAURI_INTERNALS__.invoke('plugin:window|title', { label: 'main' })`), 'Renamed by the backend')
})

test('a window created before run() under an initial label is that window', async (t) => {
  const { createApp } = await import('../src/index.ts')
  const { allowAll } = await import('./support/app.ts')
  const app = createApp({ commands: {}, policy: allowAll, exitOnLastWindowClose: false })
  await app.createWindow({ label: 'main', url: '/home' })
  const { launchUrl } = await app.run({ open: false, quiet: true })
  t.after(() => app.close())
  assert.deepEqual(
    app.windows().map((w) => w.label),
    ['main'],
  )
  assert.equal(new URL(launchUrl).pathname, '/home')
})
