/**
 * Bad input rejects with a clear error in Tauri's words and loses nothing: a syntax error, a
 * constraint violation, a database that is not loaded or was closed, a path outside the app's
 * directory or the sql scope, a read-only database, arguments of the wrong type, a command not granted.
 */
import assert from 'node:assert/strict'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { test } from 'node:test'
import Database from 'better-sqlite3'
import { rejection, sqlApp, tempDir } from './support.ts'

const db = 'sqlite:app.db'
const migrations = {
  [db]: [{ version: 1, description: 'users', sql: 'CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE);' }],
}

test('a syntax error and a constraint violation reject with sqlx texts and leave the rows as they were', async (t) => {
  const { connect, configDir } = await sqlApp(t, { migrations })
  const main = await connect()
  await main.invoke('plugin:sql|load', { db })
  await main.invoke('plugin:sql|execute', { db, query: 'INSERT INTO users (email) VALUES ($1)', values: ['a@example.com'] })
  assert.equal(
    await rejection(main.invoke('plugin:sql|execute', { db, query: 'INSRT INTO users VALUES (1)', values: [] })),
    'error returned from database: (code: 1) near "INSRT": syntax error',
  )
  assert.equal(
    await rejection(main.invoke('plugin:sql|execute', { db, query: 'INSERT INTO users (email) VALUES ($1)', values: ['a@example.com'] })),
    'error returned from database: (code: 2067) UNIQUE constraint failed: users.email',
  )
  assert.equal(
    await rejection(main.invoke('plugin:sql|execute', { db, query: 'INSERT INTO users (email) VALUES ($1)', values: [null] })),
    'error returned from database: (code: 1299) NOT NULL constraint failed: users.email',
  )
  assert.match(
    await rejection(main.invoke('plugin:sql|execute', { db, query: 'INSERT INTO users (email) VALUES ($1, $2)', values: ['x'] })),
    /error returned from database: \(code: 1\)|no value for parameter \$2/,
  )
  const file = new Database(join(configDir, 'app.db'), { readonly: true })
  t.after(() => file.close())
  assert.deepEqual(file.prepare('SELECT email FROM users').all(), [{ email: 'a@example.com' }])
  assert.equal(file.pragma('integrity_check', { simple: true }), 'ok')
})

test('a database not loaded, or closed, rejects with "database ... not loaded"; load again reopens it', async (t) => {
  const { connect } = await sqlApp(t, { migrations })
  const main = await connect()
  assert.equal(
    await rejection(main.invoke('plugin:sql|select', { db, query: 'SELECT 1', values: [] })),
    'database sqlite:app.db not loaded',
  )
  await main.invoke('plugin:sql|load', { db })
  await main.invoke('plugin:sql|execute', { db, query: "INSERT INTO users (email) VALUES ('kept')", values: [] })
  assert.equal(await main.invoke('plugin:sql|close', { db }), true)
  assert.equal(
    await rejection(main.invoke('plugin:sql|select', { db, query: 'SELECT 1', values: [] })),
    'database sqlite:app.db not loaded',
  )
  assert.equal(await rejection(main.invoke('plugin:sql|close', { db })), 'database sqlite:app.db not loaded')
  await main.invoke('plugin:sql|load', { db })
  assert.deepEqual(await main.invoke('plugin:sql|select', { db, query: 'SELECT email FROM users', values: [] }), [{ email: 'kept' }])
  // close without a name closes every database.
  await main.invoke('plugin:sql|load', { db: 'sqlite:other.db' })
  assert.equal(await main.invoke('plugin:sql|close', {}), true)
  assert.equal(
    await rejection(main.invoke('plugin:sql|select', { db: 'sqlite:other.db', query: 'SELECT 1', values: [] })),
    'database sqlite:other.db not loaded',
  )
})

test('connection strings: other drivers and `..` are refused; absolute paths need the sql scope', async (t) => {
  const outside = await tempDir(t, 'causeway-sql-outside-')
  const allowed = join(outside, 'allowed')
  await mkdir(allowed)
  const { connect } = await sqlApp(t, {
    capabilities: [
      {
        identifier: 'sql',
        windows: ['main'],
        permissions: ['sql:default', 'sql:allow-execute', { identifier: 'sql:scope', allow: [{ path: `${allowed}/**` }] }],
      },
      { identifier: 'sql-second', windows: ['second'], permissions: ['sql:default', 'sql:allow-execute'] },
    ],
  })
  const main = await connect('main')
  const second = await connect('second')
  assert.equal(
    await rejection(main.invoke('plugin:sql|load', { db: 'postgres://localhost/app' })),
    'invalid connection url: postgres://localhost/app',
  )
  assert.match(
    await rejection(main.invoke('plugin:sql|load', { db: 'sqlite:../escape.db' })),
    /^invalid connection url: sqlite:\.\.\/escape\.db: .*no `\.\.`/,
  )
  assert.match(await rejection(main.invoke('plugin:sql|load', { db: `sqlite://${outside}/secret.db` })), /is outside the sql scope/)
  const inside = `sqlite://${allowed}/data.db`
  assert.equal(await main.invoke('plugin:sql|load', { db: inside }), inside)
  await main.invoke('plugin:sql|execute', { db: inside, query: 'CREATE TABLE t (x)', values: [] })
  // Another window without that scope neither loads it nor uses the connection main opened.
  assert.match(await rejection(second.invoke('plugin:sql|load', { db: inside })), /is outside the sql scope/)
  assert.equal(
    await rejection(second.invoke('plugin:sql|select', { db: inside, query: 'SELECT * FROM t', values: [] })),
    `database ${inside} not loaded`,
  )
})

test('read-only mode refuses writes; wrong argument types and missing grants are refused before any SQL runs', async (t) => {
  const { connect } = await sqlApp(t, {
    migrations,
    capabilities: [
      { identifier: 'rw', windows: ['main'], permissions: ['sql:default', 'sql:allow-execute'] },
      { identifier: 'ro', windows: ['second'], permissions: ['sql:default'] },
    ],
  })
  const main = await connect('main')
  await main.invoke('plugin:sql|load', { db })
  await main.invoke('plugin:sql|execute', { db, query: "INSERT INTO users (email) VALUES ('x')", values: [] })
  const ro = 'sqlite:app.db?mode=ro'
  await main.invoke('plugin:sql|load', { db: ro })
  assert.equal(
    await rejection(main.invoke('plugin:sql|execute', { db: ro, query: "INSERT INTO users (email) VALUES ('y')", values: [] })),
    'error returned from database: (code: 8) attempt to write a readonly database',
  )
  assert.match(
    await rejection(main.invoke('plugin:sql|execute', { db, query: 42, values: [] })),
    /invalid args for command `plugin:sql\|execute`: args\.query/,
  )
  assert.match(await rejection(main.invoke('plugin:sql|execute', { db, query: 'SELECT 1', values: 'nope' })), /args\.values/)
  const second = await connect('second')
  assert.deepEqual(await second.invoke('plugin:sql|select', { db, query: 'SELECT email FROM users', values: [] }), [{ email: 'x' }])
  assert.match(
    await rejection(second.invoke('plugin:sql|execute', { db, query: 'DELETE FROM users', values: [] })),
    /not allowed|sql:allow-execute/,
  )
  assert.deepEqual(await second.invoke('plugin:sql|select', { db, query: 'SELECT count(*) AS n FROM users', values: [] }), [{ n: 1 }])
})

test('migrations that changed or fail stop the load with sqlx texts; the applied ones stay', async (t) => {
  const { connect, app } = await sqlApp(t, { migrations })
  const main = await connect()
  await main.invoke('plugin:sql|load', { db })
  await main.invoke('plugin:sql|close', { db })
  const plugin = app.plugin<{ options: { migrations: Record<string, unknown[]> } }>('sql')
  const list = plugin?.state.options.migrations as Record<string, Array<{ version: number; description: string; sql: string }>>
  list[db] = [
    { version: 1, description: 'users', sql: 'CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE);' },
    { version: 2, description: 'broken', sql: 'ALTER TABLE nope ADD COLUMN x;' },
  ]
  assert.equal(
    await rejection(main.invoke('plugin:sql|load', { db })),
    'while executing migration 2: error returned from database: (code: 1) no such table: nope',
  )
  list[db] = [{ version: 1, description: 'users', sql: 'CREATE TABLE users (id INTEGER PRIMARY KEY);' }]
  assert.equal(await rejection(main.invoke('plugin:sql|load', { db })), 'migration 1 was previously applied but has been modified')
})
