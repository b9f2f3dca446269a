/**
 * The seed's app in real Chromium against its real backend: greet, read a file, both error
 * kinds, progress to 100 then done, and no listener left behind.
 */
import assert from 'node:assert/strict'
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type TestContext, test } from 'node:test'
import { launchBrowser, openPage } from 'causeway-test-support/browser'
import { eventually } from 'causeway-test-support/eventually'
import { createHelloApp } from '../backend/app.ts'
import { buildFrontend } from '../build.ts'

const dist = buildFrontend(await mkdtemp(join(tmpdir(), 'hello-dist-')))

/** A resources folder for the run: `allow-read-file` grants `$RESOURCE/**` but denies `private/`. */
async function resources(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'hello-resources-'))
  await writeFile(join(dir, 'note.txt'), 'a note from disk')
  await mkdir(join(dir, 'folder'))
  await mkdir(join(dir, 'private'))
  await writeFile(join(dir, 'private', 'key.txt'), 'secret')
  return dir
}

async function start(t: TestContext) {
  const resourceDir = await resources()
  const app = createHelloApp({
    frontendDist: await dist,
    resourceDir,
    jobStepMs: 2,
    exitOnLastWindowClose: false,
    logger: { info() {}, warn() {}, error() {} },
  })
  const { launchUrl } = await app.run({ open: false, quiet: true })
  t.after(() => app.close())
  const browser = await launchBrowser(t)
  const page = await openPage(browser, launchUrl)
  return { app, page, resourceDir }
}

test('greet shows the backend’s answer', async (t) => {
  const { page } = await start(t)
  await page.fill('#name', 'Causeway')
  await page.click('#greet')
  await page.waitForSelector('#greeting:has-text("Hello, Causeway!")')
})

test('reading a file inside the scope shows its content, by absolute or relative path', async (t) => {
  const { page, resourceDir } = await start(t)
  await page.fill('#path', 'note.txt')
  await page.click('#read')
  await page.waitForSelector('#content:has-text("a note from disk")')
  assert.equal(await page.isHidden('#file-error'), true)
  await page.fill('#path', join(resourceDir, 'missing.txt'))
  await page.click('#read')
  await page.waitForSelector('#file-error:not([hidden])')
  assert.equal(await page.textContent('#content'), '')
  await page.fill('#path', join(resourceDir, 'note.txt'))
  await page.click('#read')
  await page.waitForSelector('#content:has-text("a note from disk")')
})

test('the UI narrows a missing file to NotFound and an unreadable one to Io', async (t) => {
  const { page, resourceDir } = await start(t)
  await page.fill('#path', join(resourceDir, 'missing.txt'))
  await page.click('#read')
  await page.waitForSelector('#file-error[data-kind="NotFound"]:has-text("No such file.")')
  await page.fill('#path', join(resourceDir, 'folder'))
  await page.click('#read')
  await page.waitForSelector('#file-error[data-kind="Io"]:has-text("EISDIR")')
})

test('outside the declared scope, read_file fails with the scope error and reads nothing', async (t) => {
  const { page, resourceDir } = await start(t)
  for (const path of ['/etc/hosts', join(resourceDir, 'private', 'key.txt'), join(resourceDir, '..', 'elsewhere.txt')]) {
    await page.fill('#path', path)
    await page.click('#read')
    await page.waitForSelector('#file-error[data-kind="Forbidden"]')
    assert.equal(await page.textContent('#content'), '')
    assert.doesNotMatch((await page.textContent('#file-error')) ?? '', /secret/)
    await page.fill('#path', 'note.txt')
    await page.click('#read')
    await page.waitForSelector('#content:has-text("a note from disk")')
  }
})

test('start job drives the progress bar to 100, then shows done and leaves no listener', async (t) => {
  const { app, page } = await start(t)
  const values: number[] = []
  await page.exposeFunction('recordProgress', (v: number) => void values.push(v))
  // Report every value the page writes to the bar (a string: the test runner renames functions).
  await page.evaluate(`{
    const bar = document.getElementById('progress')
    const property = Object.getOwnPropertyDescriptor(HTMLProgressElement.prototype, 'value')
    Object.defineProperty(bar, 'value', {
      get() { return property.get.call(bar) },
      set(v) { property.set.call(bar, v); window.recordProgress(v) },
    })
  }`)
  await page.click('#start')
  await page.waitForSelector('#job-status:has-text("done")')
  assert.equal(await page.evaluate(() => (document.getElementById('progress') as HTMLProgressElement).value), 100)
  assert.equal(values.length, 100, 'one update per progress event')
  assert.deepEqual(
    values,
    Array.from({ length: 100 }, (_, i) => i + 1),
    'in order, 1..100',
  )
  await page.waitForFunction(() => !(document.getElementById('start') as HTMLButtonElement).disabled)
  // The page's unlisten calls are not awaited before the button comes back: wait for the backend.
  await eventually(() => app.listenerCount() === 0, 'the page to unlisten after the job')
})

test('a reload drops the page’s listeners on the backend', async (t) => {
  const { app, page } = await start(t)
  // Start the job and reload mid-way: the old page's listeners must not survive.
  await page.click('#start')
  await page.waitForFunction(() => (document.getElementById('progress') as HTMLProgressElement).value > 5)
  assert.ok(app.listenerCount('job-progress') >= 1)
  await page.reload()
  await page.waitForSelector('#job-status:has-text("idle")')
  await eventually(() => app.listenerCount() === 0, 'the old page’s listeners to be dropped')
  // The reloaded page is still the main window and works.
  await page.click('#greet')
  await page.waitForSelector('#greeting:has-text("Hello, World!")')
})

test('a second window that no capability names is refused', async (t) => {
  const { app, page } = await start(t)
  const settings = await app.createWindow({ label: 'settings' })
  const other = await openPage(page.context().browser()!, settings.launchUrl)
  // The page asks through the Tauri contract the host injects, as a Tauri frontend would.
  const outcome = await other.evaluate(`window.__TAURI_INTERNALS__.invoke('greet', { name: 'intruder' }).then(
    (value) => ({ value }),
    (error) => ({ error: String(error) }),
  )`)
  assert.deepEqual(Object.keys(outcome as object), ['error'])
  assert.match((outcome as { error: string }).error, /command `greet` is not allowed for window `settings`/)
  // The main window, which the capability names, still may.
  await page.click('#greet')
  await page.waitForSelector('#greeting:has-text("Hello, World!")')
})
