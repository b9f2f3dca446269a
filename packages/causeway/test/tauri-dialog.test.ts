/**
 * `@tauri-apps/plugin-dialog` from an unmodified frontend, each dialog answered by the user (the
 * test) in the trusted dialog window the app opens beside the page: the page receives the result,
 * and can then read (or write, for a save) exactly what was picked and nothing beside it. The
 * capability grants the fs commands but no fs scope, so only picks make anything reachable.
 * Options honoured: title, filters, defaultPath, multiple, directory, recursive, button labels.
 */
import assert from 'node:assert/strict'
import { mkdir, mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, type TestContext, test } from 'node:test'
import { eventually } from 'causeway-test-support/eventually'
import type { Page } from 'playwright-core'
import { dialogPlugin } from '../src/plugins/dialog/index.ts'
import { fsPlugin } from '../src/plugins/fs/index.ts'
import { type DialogBrowser, openDialogBrowser } from './fixtures/dialog-app/harness.ts'

let browser: DialogBrowser
let root: string

before(async () => {
  browser = await openDialogBrowser()
  root = await realpath(await mkdtemp(join(tmpdir(), 'causeway-tauri-dialog-')))
  // With no usable defaultPath a dialog starts in the home directory; keep that inside the test.
  process.env['HOME'] = root
  await mkdir(join(root, 'files'))
  await writeFile(join(root, 'files', 'hello.txt'), 'hello')
  await writeFile(join(root, 'files', 'beside.txt'), 'beside')
  await writeFile(join(root, 'files', 'image.png'), 'png')
  await mkdir(join(root, 'project', 'src'), { recursive: true })
  await writeFile(join(root, 'project', 'top.txt'), 'top')
  await writeFile(join(root, 'project', 'src', 'deep.txt'), 'deep')
  await writeFile(join(root, 'sibling.txt'), 'sibling')
  await mkdir(join(root, 'notes'))
  await writeFile(join(root, 'notes', 'inner.txt'), 'inner')
  await mkdir(join(root, 'out'))
})

after(async () => {
  await browser?.close()
  await rm(root, { recursive: true, force: true })
})

function start(t: TestContext) {
  return browser.start(t, {
    plugins: [dialogPlugin(), fsPlugin()],
    capabilities: [
      {
        identifier: 'main',
        windows: ['main'],
        permissions: ['core:default', 'dialog:default', 'fs:allow-read-text-file', 'fs:allow-write-text-file', 'fs:allow-read-dir'],
      },
    ],
  })
}

const refused = (outcome: unknown) => typeof outcome === 'object' && outcome !== null && 'rejected' in outcome

/** The names a dialog window lists, in order. */
function entries(dialog: Page): Promise<string[]> {
  return dialog.$$eval('[data-entry]', (nodes) => nodes.map((node) => (node as HTMLElement).dataset['entry'] ?? ''))
}

test('open files: title, filters and defaultPath are honoured; each pick is readable, its neighbours are not', async (t) => {
  const { page, dialog } = await start(t)
  const hello = join(root, 'files', 'hello.txt')
  assert.ok(refused(await page.evaluate((p) => window.dialogFixture.readText(p), hello)), 'nothing is readable before a pick')

  const picked = page.evaluate(
    (p) => window.dialogFixture.open({ title: 'Pick a note', defaultPath: p, filters: [{ name: 'Text', extensions: ['txt'] }] }),
    join(root, 'files'),
  )
  let shown = await dialog()
  assert.equal(await shown.title(), 'Pick a note')
  assert.equal(await shown.textContent('#causeway-dialog-path'), join(root, 'files'))
  assert.deepEqual(await entries(shown), ['beside.txt', 'hello.txt'], 'the filter hides image.png')
  await shown.click('[data-entry="hello.txt"]')
  await shown.click('#causeway-dialog-accept')
  assert.deepEqual(await picked, { ok: hello })
  await eventually(() => shown.isClosed(), 'the dialog window closes once answered')
  assert.deepEqual(await page.evaluate((p) => window.dialogFixture.readText(p), hello), { ok: 'hello' })
  assert.ok(refused(await page.evaluate((p) => window.dialogFixture.readText(p), join(root, 'files', 'beside.txt'))), 'a file beside it')
  assert.ok(refused(await page.evaluate((p) => window.dialogFixture.readDir(p), join(root, 'files'))), 'its folder')

  const several = page.evaluate((p) => window.dialogFixture.open({ multiple: true, defaultPath: p }), join(root, 'files'))
  shown = await dialog()
  assert.equal(await shown.getAttribute('#causeway-dialog-entries', 'aria-multiselectable'), 'true')
  await shown.click('[data-entry="beside.txt"]')
  await shown.click('[data-entry="image.png"]')
  await shown.click('#causeway-dialog-accept')
  const outcome = (await several) as { ok: string[] }
  assert.deepEqual([...outcome.ok].sort(), [join(root, 'files', 'beside.txt'), join(root, 'files', 'image.png')])
  assert.deepEqual(await page.evaluate((p) => window.dialogFixture.readText(p), join(root, 'files', 'beside.txt')), { ok: 'beside' })
  assert.ok(refused(await page.evaluate((p) => window.dialogFixture.readText(p), join(root, 'sibling.txt'))))
})

test('open folders: without recursive the folder itself can be listed, nothing in it opened; with recursive all below it', async (t) => {
  const { page, dialog } = await start(t)
  const plain = page.evaluate((p) => window.dialogFixture.open({ directory: true, defaultPath: p }), root)
  let shown = await dialog()
  assert.deepEqual(await entries(shown), ['files', 'notes', 'out', 'project'], 'a folder picker shows folders only')
  // By keyboard: → opens the focused folder.
  await shown.focus('[data-entry="notes"]')
  await shown.keyboard.press('ArrowRight')
  await shown.waitForSelector(`#causeway-dialog-path:text-is("${join(root, 'notes')}")`)
  // Nothing selected: "Select folder" takes the folder shown.
  await shown.click('#causeway-dialog-accept')
  const notes = join(root, 'notes')
  assert.deepEqual(await plain, { ok: notes })
  assert.deepEqual(await page.evaluate((p) => window.dialogFixture.readDir(p), notes), { ok: ['inner.txt'] })
  assert.ok(refused(await page.evaluate((p) => window.dialogFixture.readText(p), join(notes, 'inner.txt'))))

  const deep = page.evaluate((p) => window.dialogFixture.open({ directory: true, recursive: true, defaultPath: p }), root)
  shown = await dialog()
  assert.match((await shown.textContent('#causeway-dialog-scope')) ?? '', /everything inside it/)
  await shown.click('[data-entry="project"]')
  await shown.click('#causeway-dialog-accept')
  const project = join(root, 'project')
  assert.deepEqual(await deep, { ok: project })
  assert.deepEqual(await page.evaluate((p) => window.dialogFixture.readText(p), join(project, 'src', 'deep.txt')), { ok: 'deep' })
  assert.deepEqual(await page.evaluate((p) => window.dialogFixture.readDir(p), project), { ok: ['src', 'top.txt'] })
  assert.ok(refused(await page.evaluate((p) => window.dialogFixture.readText(p), join(root, 'sibling.txt'))), 'a file beside the folder')
  assert.ok(refused(await page.evaluate((p) => window.dialogFixture.readText(p), join(notes, 'inner.txt'))), 'still nothing in notes')
})

test('save: defaultPath suggests the name; the chosen path can be written, nothing beside it; replacing a file asks again', async (t) => {
  const { page, dialog } = await start(t)
  const saving = page.evaluate((p) => window.dialogFixture.save({ title: 'Export', defaultPath: p }), join(root, 'out', 'report.txt'))
  let shown = await dialog()
  assert.equal(await shown.title(), 'Export')
  assert.equal(await shown.inputValue('#causeway-dialog-filename'), 'report.txt')
  await shown.fill('#causeway-dialog-filename', 'final.txt')
  await shown.click('#causeway-dialog-accept')
  const target = join(root, 'out', 'final.txt')
  assert.deepEqual(await saving, { ok: target })
  assert.deepEqual(await page.evaluate((p) => window.dialogFixture.writeText(p, 'saved'), target), { ok: undefined })
  assert.equal(await readFile(target, 'utf8'), 'saved')
  assert.ok(refused(await page.evaluate((p) => window.dialogFixture.writeText(p, 'x'), join(root, 'out', 'other.txt'))), 'a file beside it')

  const existing = join(root, 'out', 'existing.txt')
  await writeFile(existing, 'old')
  const replacing = page.evaluate((p) => window.dialogFixture.save({ defaultPath: p }), existing)
  shown = await dialog()
  await shown.click('#causeway-dialog-accept')
  await shown.waitForSelector('#causeway-dialog-replace:not([hidden])')
  assert.match((await shown.textContent('#causeway-dialog-replace-text')) ?? '', /already exists/)
  await shown.click('#causeway-dialog-replace-yes')
  assert.deepEqual(await replacing, { ok: existing })
  assert.deepEqual(await page.evaluate((p) => window.dialogFixture.writeText(p, 'new'), existing), { ok: undefined })
  assert.equal(await readFile(existing, 'utf8'), 'new')
})

test('message, ask and confirm: title, kind and button labels are shown; the clicked button is the answer', async (t) => {
  const { page, dialog } = await start(t)

  const noted = page.evaluate(() => window.dialogFixture.message('Saved it.', { title: 'Note', kind: 'warning' }))
  let shown = await dialog()
  assert.equal(await shown.textContent('#causeway-dialog-title'), 'Note')
  assert.equal(await shown.textContent('#causeway-dialog-message'), 'Saved it.')
  assert.equal(await shown.getAttribute('#causeway-dialog-message', 'data-level'), 'warning')
  await shown.click('[data-button="Ok"]')
  assert.deepEqual(await noted, { ok: 'Ok' })

  const custom = page.evaluate(() => window.dialogFixture.message('Show it?', { buttons: { yes: 'Show', no: 'Hide', cancel: 'Later' } }))
  shown = await dialog()
  assert.deepEqual(await shown.$$eval('[data-button]', (nodes) => nodes.map((n) => n.textContent)), ['Show', 'Hide', 'Later'])
  await shown.click('[data-button="Hide"]')
  assert.deepEqual(await custom, { ok: 'Hide' })

  const asked = page.evaluate(() => window.dialogFixture.ask('Delete it?', { okLabel: 'Delete', cancelLabel: 'Keep' }))
  shown = await dialog()
  await shown.click('[data-button="Delete"]')
  assert.deepEqual(await asked, { ok: true })

  const no = page.evaluate(() => window.dialogFixture.ask('Sure?', 'Question'))
  shown = await dialog()
  assert.deepEqual(await shown.$$eval('[data-button]', (nodes) => nodes.map((n) => n.textContent)), ['Yes', 'No'])
  await shown.click('[data-button="No"]')
  assert.deepEqual(await no, { ok: false })

  // Escape dismisses: the cautious answer.
  const confirmed = page.evaluate(() => window.dialogFixture.confirm('Continue?'))
  shown = await dialog()
  // keydown alone: the window closes as soon as the answer lands, before any keyup.
  await shown.keyboard.down('Escape')
  assert.deepEqual(await confirmed, { ok: false })
})
