/**
 * `@tauri-apps/plugin-sql`, bundled unmodified into a page, against the sql plugin in Chromium:
 * load with migrations, CRUD, a constraint error (a string, as Tauri rejects), a transaction that
 * rolls back, and a reload of the page that finds the data kept.
 */
import assert from 'node:assert/strict'
import { copyFile } from 'node:fs/promises'
import { join } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { launchBrowser, openPage } from 'causeway-test-support/browser'
import { createApp } from 'causewayjs'
import { build } from 'esbuild'
import { sqlPlugin } from '../src/index.ts'
import type { Fixture } from './fixtures/tauri-sql/main.ts'
import { tempDir } from './support.ts'

declare global {
  interface Window {
    fixture: Fixture
  }
}

const fixtureDir = fileURLToPath(new URL('./fixtures/tauri-sql/', import.meta.url))

const migrations = {
  'sqlite:notes.db': [
    {
      version: 1,
      description: 'notes',
      sql: 'CREATE TABLE notes (id INTEGER PRIMARY KEY, title TEXT NOT NULL UNIQUE, body TEXT, pinned BOOLEAN NOT NULL DEFAULT 0);',
    },
  ],
}

test('a page built from @tauri-apps/plugin-sql: migrations, CRUD, a constraint error, a rolled-back transaction, a reload', async (t) => {
  const home = await tempDir(t)
  process.env['XDG_CONFIG_HOME'] = join(home, 'config')
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
    plugins: [sqlPlugin({ migrations })],
    capabilities: [{ identifier: 'main', windows: ['main'], permissions: ['core:default', 'sql:default', 'sql:allow-execute'] }],
    frontendDist: dist,
    identifier: 'dev.causeway.sql-browser',
    exitOnLastWindowClose: false,
    logger: { info: () => {}, warn: () => {}, error: () => {} },
  })
  t.after(() => app.close())
  const { launchUrl } = await app.run({ open: false, quiet: true })
  const page = await openPage(await launchBrowser(t), launchUrl)
  await page.waitForFunction(() => 'fixture' in window)

  assert.deepEqual(await page.evaluate(() => window.fixture.load('sqlite:notes.db')), { ok: 'sqlite:notes.db' })
  assert.deepEqual(
    await page.evaluate(() =>
      window.fixture.execute('INSERT INTO notes (title, body, pinned) VALUES ($1, $2, $3)', ['first', 'hello', true]),
    ),
    { ok: { lastInsertId: 1, rowsAffected: 1 } },
  )
  await page.evaluate(() => window.fixture.execute('INSERT INTO notes (title) VALUES ($1)', ['second']))
  await page.evaluate(() => window.fixture.execute('UPDATE notes SET body = $1 WHERE title = $2', ['edited', 'second']))
  assert.deepEqual(await page.evaluate(() => window.fixture.select('SELECT id, title, body, pinned FROM notes ORDER BY id')), {
    ok: [
      { id: 1, title: 'first', body: 'hello', pinned: 1 },
      { id: 2, title: 'second', body: 'edited', pinned: 0 },
    ],
  })
  assert.deepEqual(await page.evaluate(() => window.fixture.execute('DELETE FROM notes WHERE id = $1', [2])), {
    ok: { lastInsertId: 2, rowsAffected: 1 },
  })

  assert.deepEqual(await page.evaluate(() => window.fixture.execute('INSERT INTO notes (title) VALUES ($1)', ['first'])), {
    rejected: 'error returned from database: (code: 2067) UNIQUE constraint failed: notes.title',
    type: 'string',
  })

  await page.evaluate(() => window.fixture.execute('BEGIN'))
  await page.evaluate(() => window.fixture.execute('INSERT INTO notes (title) VALUES ($1)', ['doomed']))
  assert.equal(((await page.evaluate(() => window.fixture.select('SELECT title FROM notes'))) as { ok: unknown[] }).ok.length, 2)
  await page.evaluate(() => window.fixture.execute('ROLLBACK'))
  assert.deepEqual(await page.evaluate(() => window.fixture.select('SELECT title FROM notes')), { ok: [{ title: 'first' }] })

  await page.reload()
  await page.waitForFunction(() => 'fixture' in window)
  assert.deepEqual(await page.evaluate(() => window.fixture.load('sqlite:notes.db')), { ok: 'sqlite:notes.db' })
  assert.deepEqual(await page.evaluate(() => window.fixture.select('SELECT title, pinned FROM notes')), {
    ok: [{ title: 'first', pinned: 1 }],
  })
  assert.deepEqual(await page.evaluate(() => window.fixture.close()), { ok: true })
  assert.deepEqual(await page.evaluate(() => window.fixture.select('SELECT 1')), {
    rejected: 'database sqlite:notes.db not loaded',
    type: 'string',
  })
  assert.deepEqual(page.errors, [])
})
