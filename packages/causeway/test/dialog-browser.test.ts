/**
 * The dialog drawn by the page runtime in real headless Chromium: pick a file by clicking it,
 * then read it through fs with a capability that grants `fs:allow-read-file` and no scope, so
 * only the dialog's grant makes it readable. Also a Yes/No message.
 */
import assert from 'node:assert/strict'
import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { launchBrowser } from 'causeway-test-support/browser'
import { dialogPlugin } from '../src/plugins/dialog/index.ts'
import { fsPlugin } from '../src/plugins/fs/index.ts'
import { startApp } from './support/app.ts'
import { bundlePage } from './support/bundle-page.ts'

declare global {
  interface Window {
    pick(): Promise<unknown>
    ask(): Promise<unknown>
    readIt(path: string): Promise<unknown>
  }
}

test('open draws a dialog in the page; the clicked file is returned and becomes readable', async (t) => {
  const root = await realpath(await mkdtemp(join(tmpdir(), 'causeway-dialog-browser-')))
  t.after(() => rm(root, { recursive: true, force: true }))
  const files = join(root, 'files')
  await mkdir(files)
  await writeFile(join(files, 'hello.txt'), 'hello from a dialog')
  const dist = await bundlePage(
    t,
    `import { invoke } from 'causewayjs/api'
    window.pick = () => invoke('plugin:dialog|open', { options: { defaultPath: ${JSON.stringify(files)} } })
    window.ask = () => invoke('plugin:dialog|message', { message: 'Proceed?', title: 'Question', buttons: 'YesNo' })
    window.readIt = (p) => invoke('plugin:fs|read_file', { path: p }).then((bytes) => new TextDecoder().decode(bytes))
    window.ready = true`,
  )
  // fs:allow-read-file with no scope: only what the dialog grants becomes readable.
  const { launchUrl } = await startApp(t, {
    commands: {},
    plugins: [dialogPlugin(), fsPlugin()],
    frontendDist: dist,
    capabilities: [{ identifier: 'main', windows: ['main'], permissions: ['core:default', 'dialog:default', 'fs:allow-read-file'] }],
  })
  const browser = await launchBrowser(t)
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
