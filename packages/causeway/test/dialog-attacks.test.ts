/**
 * The attack run's dialog findings, replayed by a hostile page (the fixture app, scripted by the
 * test) against the trusted dialog window. The window's capability grants `fs:default` (every read
 * command, no path scope), `fs:allow-write-text-file` and `dialog:default`. The page cannot list
 * directories, cannot answer or cancel its own dialog, cannot reach the dialog window by script,
 * and a grant dies with its window. Each of the four findings is refused:
 *
 * 1. answering its own `open({ directory, recursive, defaultPath: '/' })` with `/`;
 * 2. walking the dialog's listing up to `/` and down to a file outside every scope;
 * 3. `save({ defaultPath: <an existing file outside every scope> })` and overwriting it;
 * 4. receiving the listing of a directory named as `defaultPath`, with no user involved.
 */
import assert from 'node:assert/strict'
import { mkdir, mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, type TestContext, test } from 'node:test'
import { eventually } from 'causeway-test-support/eventually'
import type { Page } from 'playwright-core'
import type { DialogState } from '../src/plugins/dialog/index.ts'
import { dialogPlugin } from '../src/plugins/dialog/index.ts'
import { fsPlugin, runtimeGrantsFor } from '../src/plugins/fs/index.ts'
import { type DialogBrowser, openDialogBrowser } from './fixtures/dialog-app/harness.ts'

let browser: DialogBrowser
let root: string
/** A file name only the secret folder holds: it must never reach the page. */
const SECRET_NAME = 'only-the-user-sees-this-7c1e.txt'
/** Every command name a page might try for the dialog's internals. */
const INTERNAL = ['list_dir', 'resolve', 'answer', 'cancel', 'dismiss', 'list', 'read_dir', 'pick']

before(async () => {
  browser = await openDialogBrowser()
  root = await realpath(await mkdtemp(join(tmpdir(), 'causeway-dialog-attacks-')))
  process.env['HOME'] = root
  await mkdir(join(root, 'secret'))
  await writeFile(join(root, 'secret', SECRET_NAME), 'secret')
  await mkdir(join(root, 'outside'))
  await writeFile(join(root, 'outside', 'existing.txt'), 'original')
  await mkdir(join(root, 'picked'))
  await writeFile(join(root, 'picked', 'file.txt'), 'picked')
})

after(async () => {
  await browser?.close()
  await rm(root, { recursive: true, force: true })
})

function start(t: TestContext) {
  return browser.start(t, {
    plugins: [dialogPlugin(), fsPlugin()],
    capabilities: [
      { identifier: 'main', windows: ['main'], permissions: ['core:default', 'dialog:default', 'fs:default', 'fs:allow-write-text-file'] },
    ],
  })
}

const refused = (outcome: unknown) => typeof outcome === 'object' && outcome !== null && 'rejected' in outcome

/** A page call still in flight, and whether it has settled yet. */
function pending<T>(call: Promise<T>): { done: () => boolean; result: Promise<T> } {
  let settled = false
  void call.then(
    () => (settled = true),
    () => (settled = true),
  )
  return { done: () => settled, result: call }
}

/** The page tries every internal command name with `args`: each must be unknown to the app. */
async function tryInternals(page: Page, args: Record<string, unknown>): Promise<void> {
  const outcomes = await page.evaluate(
    ([commands, a]) => Promise.all(commands.map((cmd) => window.dialogFixture.invoke(`plugin:dialog|${cmd}`, a))),
    [INTERNAL, args] as const,
  )
  outcomes.forEach((outcome, i) => {
    assert.ok(refused(outcome), `plugin:dialog|${INTERNAL[i]} must not exist`)
    assert.match((outcome as { rejected: string }).rejected, /not found/i, `plugin:dialog|${INTERNAL[i]}`)
  })
}

test('finding 1: the page cannot answer its own open({ directory, recursive, defaultPath: "/" }) with "/"', async (t) => {
  const { page, dialog } = await start(t)
  const call = pending(page.evaluate(() => window.dialogFixture.open({ directory: true, recursive: true, defaultPath: '/' })))
  const shown = await dialog()
  assert.equal(await shown.textContent('#causeway-dialog-path'), '/', 'the user sees where it starts')
  await tryInternals(page, { result: '/', path: '/', requestId: 'x', id: 1 })
  assert.ok(refused(await page.evaluate(() => window.dialogFixture.readText('/etc/passwd'))))
  assert.ok(!call.done() && !shown.isClosed(), 'the dialog waits for the user')
  await shown.click('#causeway-dialog-cancel')
  assert.deepEqual(await call.result, { ok: null })
  assert.ok(refused(await page.evaluate(() => window.dialogFixture.readText('/etc/passwd'))))
})

test("finding 2: the page cannot walk the dialog's listing up to / or down to a file outside every scope", async (t) => {
  const { app, page, dialog } = await start(t)
  const call = pending(page.evaluate((p) => window.dialogFixture.open({ defaultPath: p }), join(root, 'picked')))
  const shown = await dialog()
  await tryInternals(page, { path: '/' })
  assert.ok(refused(await page.evaluate(() => window.dialogFixture.readDir('/'))), 'fs lists nothing without a scope')
  assert.ok(refused(await page.evaluate((p) => window.dialogFixture.readDir(p), root)))
  // The user picks the one file; the page gets exactly that.
  await shown.click('[data-entry="file.txt"]')
  await shown.click('#causeway-dialog-accept')
  const file = join(root, 'picked', 'file.txt')
  assert.deepEqual(await call.result, { ok: file })
  assert.deepEqual(runtimeGrantsFor(app, 'main'), [{ path: file, recursive: false }])
  const secret = join(root, 'secret', SECRET_NAME)
  for (const path of [secret, join(root, 'picked', '..', 'secret', SECRET_NAME), join(root, 'picked'), `${file}/..`]) {
    assert.ok(refused(await page.evaluate((p) => window.dialogFixture.readText(p), path)), path)
  }
})

test('finding 3: save({ defaultPath: <an existing file outside every scope> }) cannot overwrite it without the user', async (t) => {
  const { page, dialog } = await start(t)
  const existing = join(root, 'outside', 'existing.txt')
  const call = pending(page.evaluate((p) => window.dialogFixture.save({ defaultPath: p }), existing))
  const shown = await dialog()
  assert.equal(await shown.inputValue('#causeway-dialog-filename'), 'existing.txt')
  await tryInternals(page, { result: existing })
  assert.ok(refused(await page.evaluate((p) => window.dialogFixture.writeText(p, 'pwned'), existing)))
  // Even the user's Save asks again before replacing it; keeping it grants nothing.
  await shown.click('#causeway-dialog-accept')
  await shown.waitForSelector('#causeway-dialog-replace:not([hidden])')
  await shown.click('#causeway-dialog-replace-no')
  assert.ok(!call.done())
  assert.ok(refused(await page.evaluate((p) => window.dialogFixture.writeText(p, 'pwned'), existing)))
  await shown.click('#causeway-dialog-cancel')
  assert.deepEqual(await call.result, { ok: null })
  assert.ok(refused(await page.evaluate((p) => window.dialogFixture.writeText(p, 'pwned'), existing)))
  assert.equal(await readFile(existing, 'utf8'), 'original')
})

test('finding 4: a directory named as defaultPath is listed to the dialog window only, never to the page', async (t) => {
  const { page, dialog } = await start(t)
  const call = pending(page.evaluate((p) => window.dialogFixture.open({ defaultPath: p }), join(root, 'secret')))
  const shown = await dialog()
  assert.deepEqual(await shown.$$eval('[data-entry]', (nodes) => nodes.map((n) => (n as HTMLElement).dataset['entry'])), [SECRET_NAME])
  await tryInternals(page, { path: join(root, 'secret') })
  const seen = await page.evaluate(() => document.documentElement.outerHTML + JSON.stringify(performance.getEntries()))
  assert.ok(!seen.includes(SECRET_NAME), 'the page holds no part of the listing')
  assert.ok(!call.done())
  await shown.close()
  assert.deepEqual(await call.result, { ok: null }, 'closing the dialog window dismisses it: the page learns null')
})

test('the page cannot reach the dialog window by script: no handle, name, storage, channel, fetch or socket', async (t) => {
  const { app, page, dialog, origin } = await start(t)
  const dialogOrigin = app.plugin<DialogState>('dialog')?.state.origin ?? ''
  assert.notEqual(dialogOrigin, origin)
  const call = pending(page.evaluate(() => window.dialogFixture.message('Who can see me?')))
  const shown = await dialog()

  assert.deepEqual(await shown.evaluate(() => [window.opener, window.name, location.origin]), [null, '', dialogOrigin])
  await shown.evaluate(() => {
    const channel = new BroadcastChannel('causeway-dialog')
    Object.assign(window, { heard: [] as unknown[] })
    channel.onmessage = (event) => (window as unknown as { heard: unknown[] }).heard.push(event.data)
    localStorage.setItem('dialog-secret', 'kept')
  })

  const reached = await page.evaluate(async (target) => {
    const named = ['', 'dialog', 'causeway-dialog', 'Dialog'].map((name) => {
      const handle = window.open('', name || '_blank')
      const blank = handle?.location.href === 'about:blank'
      handle?.close()
      return blank
    })
    // A channel of the page's origin: the page hears its own message, the dialog window must not.
    const echo = new BroadcastChannel('causeway-dialog')
    const own = new BroadcastChannel('causeway-dialog')
    const heard = new Promise((resolve) => (echo.onmessage = () => resolve(true)))
    own.postMessage('answer: /')
    await heard
    const storage = [localStorage.getItem('dialog-secret'), sessionStorage.getItem('dialog-secret')]
    const fetched = await fetch(`${target}/dialog`).then(
      (response) => `read ${response.status}`,
      () => 'refused',
    )
    // Even an opaque read is blocked (Cross-Origin-Resource-Policy), and the server refuses a same-site request anyway.
    const opaque = await fetch(`${target}/dialog`, { mode: 'no-cors' }).then(
      (response) => `${response.type} ${response.status}`,
      () => 'refused',
    )
    const socket = await new Promise((resolve) => {
      const ws = new WebSocket(`${target.replace('http', 'ws')}/socket?ticket=guess`)
      ws.onopen = () => resolve('open')
      ws.onerror = () => resolve('refused')
    })
    return { named, storage, fetched, opaque, socket }
  }, dialogOrigin)
  assert.deepEqual(reached, {
    named: [true, true, true, true],
    storage: [null, null],
    fetched: 'refused',
    opaque: 'refused',
    socket: 'refused',
  })
  assert.deepEqual(await shown.evaluate(() => (window as unknown as { heard: unknown[] }).heard), [], 'no message crossed origins')
  assert.ok(!call.done())
  await shown.click('[data-button="Ok"]')
  assert.deepEqual(await call.result, { ok: 'Ok' }, 'the dialog still answers the user')
})

test('a grant dies with its window, and a dialog dies with the page that asked', async (t) => {
  const { app, page, dialog, reopen } = await start(t)
  const file = join(root, 'picked', 'file.txt')
  const picked = page.evaluate((p) => window.dialogFixture.open({ defaultPath: p }), join(root, 'picked'))
  const first = await dialog()
  await first.click('[data-entry="file.txt"]')
  await first.click('#causeway-dialog-accept')
  assert.deepEqual(await picked, { ok: file })
  assert.deepEqual(await page.evaluate((p) => window.dialogFixture.readText(p), file), { ok: 'picked' })

  await page.close()
  await eventually(() => runtimeGrantsFor(app, 'main').length === 0, 'closing the window forgets its grants')
  const again = await reopen('main')
  assert.ok(refused(await again.evaluate((p) => window.dialogFixture.readText(p), file)), 'the window under the same label starts empty')

  void again.evaluate((p) => window.dialogFixture.open({ defaultPath: p }), join(root, 'picked')).catch(() => {})
  const second = await dialog()
  await again.close()
  await eventually(() => second.isClosed(), 'the dialog window closes with the page that asked')
  assert.equal(app.plugin<DialogState>('dialog')?.state.size, 0)
  assert.deepEqual(runtimeGrantsFor(app, 'main'), [])
})
