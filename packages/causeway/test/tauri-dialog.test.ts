/**
 * `@tauri-apps/plugin-dialog`'s `open()` from an unmodified frontend: the dialog is drawn inside
 * the window, the clicked file comes back as a path, and `readTextFile` may then read it although
 * the capability grants fs no scope of its own (the pick joins the window's scope, as in Tauri).
 */
import assert from 'node:assert/strict'
import { mkdtemp, realpath, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { dialogPlugin } from '../src/plugins/dialog/index.ts'
import { fsPlugin } from '../src/plugins/fs/index.ts'
import { startFixture } from './fixtures/tauri-app/harness.ts'

test('plugin-dialog open() returns the picked path, which readTextFile may then read', async (t) => {
  // With no defaultPath the dialog starts in the home directory; make that a fresh one.
  const home = await realpath(await mkdtemp(join(tmpdir(), 'causeway-tauri-dialog-')))
  t.after(() => rm(home, { recursive: true, force: true }))
  await writeFile(join(home, 'pick-me.txt'), 'picked through plugin-dialog')
  process.env['HOME'] = home

  const { page } = await startFixture(t, {
    commands: {},
    plugins: [dialogPlugin(), fsPlugin()],
    capabilities: [{ identifier: 'main', windows: ['main'], permissions: ['core:default', 'dialog:default', 'fs:allow-read-text-file'] }],
  })
  const target = join(home, 'pick-me.txt')
  const before = await page.evaluate((p) => window.fixture.readText(p), target)
  assert.ok('rejected' in before, 'not readable before the user picked it')

  const picked = page.evaluate(() => window.fixture.openDialog())
  await page.click('#causeway-dialog [data-entry="pick-me.txt"]')
  await page.click('#causeway-dialog-ok')
  assert.deepEqual(await picked, { ok: target })
  assert.deepEqual(await page.evaluate((p) => window.fixture.readText(p), target), { ok: 'picked through plugin-dialog' })
})
