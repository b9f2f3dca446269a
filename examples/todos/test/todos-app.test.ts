/**
 * The todos app in real Chromium against its real backend: add, refuse a duplicate with its typed
 * error, toggle, filter, clear; the theme and filter kept in the store across a reload; the
 * inspector page reading the same database through @tauri-apps/plugin-sql, and refused a write.
 */
import assert from 'node:assert/strict'
import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { launchBrowser, openPage } from 'causeway-test-support/browser'
import { eventually } from 'causeway-test-support/eventually'
import { createTodosApp } from '../backend/app.ts'
import { buildFrontend } from '../build.ts'

const home = await mkdtemp(join(tmpdir(), 'todos-'))
process.env['XDG_CONFIG_HOME'] = join(home, 'config')
process.env['XDG_DATA_HOME'] = join(home, 'data')
const dist = buildFrontend(join(home, 'dist'))

test('todos: add, a duplicate refused, toggle, filter, clear; settings survive a reload; the inspector reads but cannot write', async (t) => {
  const app = createTodosApp({ frontendDist: await dist, exitOnLastWindowClose: false, logger: { info() {}, warn() {}, error() {} } })
  const { launchUrl } = await app.run({ open: false, quiet: true })
  t.after(() => app.close())
  const browser = await launchBrowser(t)
  const page = await openPage(browser, launchUrl)
  await page.waitForSelector('body[data-ready="true"]')

  for (const title of ['milk', 'eggs', 'bread']) {
    await page.fill('#title', title)
    await page.click('#add-form button')
    await page.waitForSelector(`#list li:has-text("${title}")`)
  }
  await page.fill('#title', 'milk')
  await page.click('#add-form button')
  await page.waitForSelector('#error:has-text("You have that one already.")')

  await page.check('input[aria-label="done: eggs"]')
  await page.waitForSelector('#list li.done:has-text("eggs")')
  await page.click('[data-filter="done"]')
  await eventually(async () => (await page.locator('#list li span').allTextContents()).join() === 'eggs', 'only the done todo listed')
  await page.click('#theme')
  await eventually(async () => (await page.getAttribute('body', 'class')) === 'dark')

  await page.reload()
  await page.waitForSelector('body[data-ready="true"]')
  assert.equal(await page.getAttribute('body', 'class'), 'dark', 'the theme came back from the store')
  assert.equal(await page.getAttribute('[data-filter="done"]', 'aria-pressed'), 'true', 'so did the filter')
  await eventually(
    async () => JSON.parse(await readFile(join(app.paths.appData, 'settings.json'), 'utf8').catch(() => '{}')).theme === 'dark',
  )

  const inspector = await openPage(browser, app.window('inspector')?.launchUrl ?? '')
  await inspector.waitForSelector('body[data-ready="true"]')
  assert.deepEqual(await inspector.locator('#rows td:nth-child(2)').allTextContents(), ['milk', 'eggs', 'bread'])
  await inspector.fill('#query', "UPDATE todos SET title = 'hacked'")
  await inspector.click('#query-form button')
  await inspector.waitForSelector('#error:not([hidden])')
  assert.match((await inspector.textContent('#error')) ?? '', /not allowed|sql:allow-execute/)

  await page.click('#clear')
  await page.click('[data-filter="all"]')
  await eventually(async () => (await page.locator('#list li span').allTextContents()).join() === 'milk,bread', 'the done todo cleared')
  await inspector.fill('#query', 'SELECT todo, action FROM history ORDER BY id')
  await inspector.click('#query-form button')
  await eventually(
    async () => (await inspector.locator('#rows td:nth-child(2)').allTextContents()).join() === 'added,added,added,toggled,cleared',
  )
  assert.deepEqual(page.errors, [])
  assert.deepEqual(inspector.errors, [])
})
