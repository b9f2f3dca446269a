/**
 * The dialog drawn by the page runtime in real headless Chromium: pick a file by clicking it,
 * then read it through fs with a capability that grants `fs:allow-read-file` and no scope, so
 * only the dialog's grant makes it readable. Also a Yes/No message.
 */
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { build } from 'esbuild'
import { chromium } from 'playwright-core'
import { type AccessPolicy, createAccessPolicy } from '../src/acl/index.ts'
import type { Plugin } from '../src/backend/context.ts'
import { dialogPlugin } from '../src/plugins/dialog/index.ts'
import { fsPlugin } from '../src/plugins/fs/index.ts'
import { startApp } from './support/app.ts'

const CHROMIUM = '/usr/bin/chromium'

declare global {
  interface Window {
    pick(): Promise<unknown>
    ask(): Promise<unknown>
    readIt(path: string): Promise<unknown>
  }
}

test('open draws a dialog in the page; the clicked file is returned and becomes readable', async (t) => {
  if (!existsSync(CHROMIUM)) throw new Error(`the browser tests need Chromium at ${CHROMIUM}: install it with \`apt-get install -y chromium\``)
  const root = await realpath(await mkdtemp(join(tmpdir(), 'causeway-dialog-browser-')))
  t.after(() => rm(root, { recursive: true, force: true }))
  const files = join(root, 'files')
  const dist = join(root, 'dist')
  await mkdir(files)
  await mkdir(dist)
  await writeFile(join(files, 'hello.txt'), 'hello from a dialog')
  await writeFile(join(dist, 'index.html'), '<!doctype html><title>dialog</title><script type="module" src="/main.js"></script>')
  await build({
    stdin: {
      contents: `import { invoke } from 'causeway/api'
        window.pick = () => invoke('plugin:dialog|open', { options: { defaultPath: ${JSON.stringify(files)} } })
        window.ask = () => invoke('plugin:dialog|message', { message: 'Proceed?', title: 'Question', buttons: 'YesNo' })
        window.readIt = (p) => invoke('plugin:fs|read_file', { path: p }).then((bytes) => new TextDecoder().decode(bytes))
        window.ready = true`,
      resolveDir: import.meta.dirname,
    },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['source'],
    outfile: join(dist, 'main.js'),
    logLevel: 'error',
  })

  const plugins: Plugin[] = [dialogPlugin(), fsPlugin()]
  // The policy needs the app's origin, known once it runs; the page makes no call before that.
  let real: AccessPolicy | undefined
  const policy: AccessPolicy = {
    checkCommand: (caller, command) => real?.checkCommand(caller, command) ?? { allowed: false, reason: 'not ready' },
    checkEvent: (caller, action, event) => real?.checkEvent(caller, action, event) ?? { allowed: false, reason: 'not ready' },
  }
  const { launchUrl } = await startApp(t, { commands: {}, plugins, policy, frontendDist: dist })
  real = createAccessPolicy({
    capabilities: [{ identifier: 'main', windows: ['main'], permissions: ['core:default', 'dialog:default', 'fs:allow-read-file'] }],
    appCommands: [],
    plugins: plugins.map((p) => ({ name: p.name, commands: Object.keys(p.commands), ...(p.permissions ? { permissions: p.permissions } : {}) })),
    appOrigins: [new URL(launchUrl).origin],
    dev: true,
  })

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  })
  t.after(() => browser.close())
  const page = await browser.newPage()
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  await page.goto(launchUrl)
  await page.waitForFunction(() => 'ready' in window)

  const target = join(files, 'hello.txt')
  const refused = await page.evaluate((p) => window.readIt(p).then(String, (e: Error) => `refused: ${e.message}`), target)
  assert.match(refused, /^refused/, 'no scope grants the file before the dialog')

  const picked = page.evaluate(() => window.pick())
  await page.waitForSelector('#causeway-dialog[open]')
  assert.equal(await page.textContent('#causeway-dialog-path'), files)
  await page.click('[data-entry="hello.txt"]')
  await page.click('#causeway-dialog-ok')
  assert.equal(await picked, target)
  await page.waitForSelector('#causeway-dialog', { state: 'detached' })
  assert.equal(await page.evaluate((p) => window.readIt(p), target), 'hello from a dialog')

  const answer = page.evaluate(() => window.ask())
  await page.waitForSelector('#causeway-dialog[open][data-kind="message"]')
  assert.equal(await page.textContent('#causeway-dialog-message'), 'Proceed?')
  await page.click('[data-button="Yes"]')
  assert.equal(await answer, 'Yes')

  const cancelled = page.evaluate(() => window.pick())
  await page.waitForSelector('#causeway-dialog[open]')
  await page.click('#causeway-dialog-cancel')
  assert.equal(await cancelled, null)
  assert.deepEqual(errors, [])
})
