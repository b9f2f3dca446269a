/**
 * The sql commands over an in-process connection: load with migrations, execute and select with
 * Tauri's argument and result shapes, values mapped as Tauri maps them, statements in order.
 */
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'node:test'
import Database from 'better-sqlite3'
import { sqlApp } from './support.ts'

const migrations = {
  'sqlite:todos.db': [
    {
      version: 1,
      description: 'create todos',
      sql: 'CREATE TABLE todos (id INTEGER PRIMARY KEY, title TEXT NOT NULL UNIQUE, done BOOLEAN NOT NULL DEFAULT 0);',
    },
    { version: 2, description: 'add notes', sql: 'ALTER TABLE todos ADD COLUMN notes TEXT; ALTER TABLE todos ADD COLUMN data BLOB;' },
    { version: 3, description: 'undo notes', sql: 'ALTER TABLE todos DROP COLUMN notes;', kind: 'down' as const },
  ],
}

test('load creates the file in the app config directory and records migrations in _sqlx_migrations', async (t) => {
  const { connect, configDir } = await sqlApp(t, { migrations })
  const main = await connect()
  assert.equal(await main.invoke('plugin:sql|load', { db: 'sqlite:todos.db' }), 'sqlite:todos.db')
  const file = join(configDir, 'todos.db')
  assert.ok(existsSync(file), `${file} exists`)
  const rows = (await main.invoke('plugin:sql|select', {
    db: 'sqlite:todos.db',
    query: 'SELECT version, description, success, length(checksum) AS bytes, execution_time >= 0 AS timed FROM _sqlx_migrations',
    values: [],
  })) as unknown[]
  assert.deepEqual(rows, [
    { version: 1, description: 'create todos', success: 1, bytes: 48, timed: 1 },
    { version: 2, description: 'add notes', success: 1, bytes: 48, timed: 1 },
  ])
  // sqlx's checksum is the SHA-384 of the migration's SQL: a Tauri build sees these as applied.
  const direct = new Database(file, { readonly: true })
  t.after(() => direct.close())
  const { createHash } = await import('node:crypto')
  const stored = direct.prepare('SELECT checksum FROM _sqlx_migrations WHERE version = 1').get() as { checksum: Buffer }
  assert.deepEqual(
    stored.checksum,
    createHash('sha384')
      .update(migrations['sqlite:todos.db'][0]?.sql ?? '')
      .digest(),
  )
})

test('execute returns [rowsAffected, lastInsertId]; select returns objects in column order with values as Tauri maps them', async (t) => {
  const { connect } = await sqlApp(t, { migrations })
  const main = await connect()
  await main.invoke('plugin:sql|load', { db: 'sqlite:todos.db' })
  const db = 'sqlite:todos.db'
  assert.deepEqual(
    await main.invoke('plugin:sql|execute', { db, query: 'INSERT INTO todos (title, done) VALUES ($1, $2)', values: ['milk', true] }),
    [1, 1],
  )
  assert.deepEqual(
    await main.invoke('plugin:sql|execute', {
      db,
      query: 'INSERT INTO todos (title, done, notes, data) VALUES (?, ?, ?, ?)',
      values: ['eggs', false, { tags: ['x'] }, new Uint8Array([1, 2, 255])],
    }),
    [1, 2],
  )
  assert.deepEqual(await main.invoke('plugin:sql|execute', { db, query: 'UPDATE todos SET done = $1', values: [1] }), [2, 2])
  const rows = await main.invoke('plugin:sql|select', {
    db,
    query: "SELECT notes, title, id, done, data, 1.5 AS ratio, NULL AS nil, '$1 stays' AS literal FROM todos WHERE id >= $1 ORDER BY id",
    values: [1],
  })
  assert.deepEqual(rows, [
    { notes: null, title: 'milk', id: 1, done: 1, data: null, ratio: 1.5, nil: null, literal: '$1 stays' },
    { notes: '{"tags":["x"]}', title: 'eggs', id: 2, done: 1, data: [1, 2, 255], ratio: 1.5, nil: null, literal: '$1 stays' },
  ])
  assert.deepEqual(Object.keys((rows as object[])[0] ?? {}), ['notes', 'title', 'id', 'done', 'data', 'ratio', 'nil', 'literal'])
  assert.deepEqual(
    await main.invoke('plugin:sql|select', { db, query: 'SELECT title FROM todos WHERE title = :t OR title = :t', values: ['eggs'] }),
    [{ title: 'eggs' }],
  )
  // Several statements in one string run as sqlx runs them.
  assert.deepEqual(
    await main.invoke('plugin:sql|execute', {
      db,
      query: "INSERT INTO todos (title) VALUES ('a'); INSERT INTO todos (title) VALUES ('b');",
      values: [],
    }),
    [2, 4],
  )
})

test('statements sent without waiting run in the order they were sent', async (t) => {
  const { connect } = await sqlApp(t)
  const main = await connect()
  const db = 'sqlite::memory:'
  await main.invoke('plugin:sql|load', { db })
  await main.invoke('plugin:sql|execute', { db, query: 'CREATE TABLE log (n INTEGER)', values: [] })
  const calls: Promise<unknown>[] = []
  for (let n = 0; n < 300; n++) {
    calls.push(main.invoke('plugin:sql|execute', { db, query: 'INSERT INTO log (n) VALUES ($1)', values: [n] }))
    if (n % 50 === 0) calls.push(main.invoke('plugin:sql|select', { db, query: 'SELECT count(*) AS c FROM log', values: [] }))
  }
  const results = await Promise.all(calls)
  const counts = results.filter((r) => Array.isArray(r) && typeof r[0] === 'object').map((r) => (r as Array<{ c: number }>)[0]?.c)
  assert.deepEqual(counts, [1, 51, 101, 151, 201, 251], 'each select saw exactly the inserts sent before it')
  const rows = (await main.invoke('plugin:sql|select', { db, query: 'SELECT n FROM log ORDER BY rowid', values: [] })) as Array<{
    n: number
  }>
  assert.deepEqual(
    rows.map((r) => r.n),
    Array.from({ length: 300 }, (_, n) => n),
  )
})
