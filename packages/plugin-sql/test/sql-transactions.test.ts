/**
 * Transactions that work: BEGIN/COMMIT sent as separate calls hold on the one connection; a
 * transaction belongs to the window that began it, so another window's statements wait for it
 * (bounded) instead of joining it; a window that goes away has its transaction rolled back;
 * `batch` is atomic; the backend's typed handle commits or rolls back around a function.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { eventually } from 'causeway-test-support/eventually'
import { database } from '../src/index.ts'
import { rejection, sqlApp } from './support.ts'

const db = 'sqlite:tx.db'
const migrations = {
  [db]: [
    {
      version: 1,
      description: 'accounts',
      sql: `CREATE TABLE accounts (id INTEGER PRIMARY KEY, owner TEXT NOT NULL, balance INTEGER NOT NULL CHECK (balance >= 0));
            CREATE TABLE entries (id INTEGER PRIMARY KEY, account INTEGER NOT NULL REFERENCES accounts(id), amount INTEGER NOT NULL);`,
    },
  ],
}

const owners = (rows: unknown) => (rows as Array<{ owner: string }>).map((r) => r.owner)
const all = { db, query: 'SELECT owner FROM accounts ORDER BY id', values: [] }
const insert = (owner: string) => ({ db, query: 'INSERT INTO accounts (owner, balance) VALUES ($1, 0)', values: [owner] })

test('BEGIN, statements and ROLLBACK or COMMIT sent as separate calls act as one transaction', async (t) => {
  const { connect } = await sqlApp(t, { migrations })
  const main = await connect()
  await main.invoke('plugin:sql|load', { db })
  await main.invoke('plugin:sql|execute', { db, query: 'BEGIN', values: [] })
  await main.invoke('plugin:sql|execute', insert('rolled back'))
  assert.deepEqual(owners(await main.invoke('plugin:sql|select', all)), ['rolled back'], 'the transaction sees its own write')
  await main.invoke('plugin:sql|execute', { db, query: 'ROLLBACK', values: [] })
  assert.deepEqual(owners(await main.invoke('plugin:sql|select', all)), [])
  await main.invoke('plugin:sql|execute', { db, query: 'BEGIN', values: [] })
  await main.invoke('plugin:sql|execute', insert('committed'))
  // A foreign key checked against the row inserted just before, on the same connection.
  await main.invoke('plugin:sql|execute', {
    db,
    query: 'INSERT INTO entries (account, amount) VALUES (last_insert_rowid(), 5)',
    values: [],
  })
  await main.invoke('plugin:sql|execute', { db, query: 'COMMIT', values: [] })
  assert.deepEqual(owners(await main.invoke('plugin:sql|select', all)), ['committed'])
  assert.match(
    await rejection(main.invoke('plugin:sql|execute', { db, query: 'INSERT INTO entries (account, amount) VALUES (99, 1)', values: [] })),
    /\(code: 787\) FOREIGN KEY constraint failed/,
  )
})

test("window B's statements issued during window A's transaction wait for it and are not rolled back with it", async (t) => {
  const { connect } = await sqlApp(t, { migrations })
  const a = await connect('main')
  const b = await connect('second')
  await a.invoke('plugin:sql|load', { db })
  await b.invoke('plugin:sql|load', { db })
  await a.invoke('plugin:sql|execute', { db, query: 'BEGIN', values: [] })
  await a.invoke('plugin:sql|execute', insert('a1'))
  let bDone = false
  const bInsert = b.invoke('plugin:sql|execute', insert('b1')).then((r) => {
    bDone = true
    return r
  })
  const bSelect = b.invoke('plugin:sql|select', all)
  await a.invoke('plugin:sql|execute', insert('a2'))
  assert.deepEqual(owners(await a.invoke('plugin:sql|select', all)), ['a1', 'a2'], "B's insert has not joined A's transaction")
  assert.equal(bDone, false, "B waits while A's transaction is open")
  await a.invoke('plugin:sql|execute', { db, query: 'ROLLBACK', values: [] })
  assert.deepEqual(await bInsert, [1, 1])
  assert.deepEqual(owners(await bSelect), ['b1'], "B's statements ran after A's rollback, in the order B sent them")
  assert.deepEqual(owners(await a.invoke('plugin:sql|select', all)), ['b1'])
})

test('a window that goes away with a transaction open has it rolled back; waiting windows go on', async (t) => {
  const { connect } = await sqlApp(t, { migrations })
  const a = await connect('main')
  const b = await connect('second')
  await a.invoke('plugin:sql|load', { db })
  await b.invoke('plugin:sql|load', { db })
  await a.invoke('plugin:sql|execute', { db, query: 'BEGIN', values: [] })
  await a.invoke('plugin:sql|execute', insert('abandoned'))
  const waiting = b.invoke('plugin:sql|execute', insert('b'))
  a.close()
  assert.deepEqual(await waiting, [1, 1])
  assert.deepEqual(owners(await b.invoke('plugin:sql|select', all)), ['b'])
})

test('a transaction begun by a waiting window goes on past statements of others queued behind its BEGIN', async (t) => {
  const { app, connect } = await sqlApp(t, { migrations, lockTimeoutMs: 2000 })
  const a = await connect('main')
  const b = await connect('second')
  await a.invoke('plugin:sql|load', { db })
  await b.invoke('plugin:sql|load', { db })
  const backend = await database(app, db)
  await a.invoke('plugin:sql|execute', { db, query: 'BEGIN', values: [] })
  // Queued behind A's transaction, in this order: B's BEGIN, the backend's insert, B's insert and COMMIT.
  const bBegin = b.invoke('plugin:sql|execute', { db, query: 'BEGIN', values: [] })
  // A's own select is answered at once; B's BEGIN, sent before it, is queued by then.
  await a.invoke('plugin:sql|select', all)
  const backendInsert = backend.execute('INSERT INTO accounts (owner, balance) VALUES ($1, 0)', ['backend'])
  const bInsert = b.invoke('plugin:sql|execute', insert('b'))
  const bCommit = b.invoke('plugin:sql|execute', { db, query: 'COMMIT', values: [] })
  await a.invoke('plugin:sql|execute', { db, query: 'COMMIT', values: [] })
  await Promise.all([bBegin, bInsert, bCommit, backendInsert])
  assert.deepEqual(
    owners(await a.invoke('plugin:sql|select', all)),
    ['b', 'backend'],
    "B's transaction ran whole, then the backend's insert",
  )
})

test('a statement waits at most lockTimeoutMs for another window’s transaction, then fails; the transaction goes on', async (t) => {
  const { connect } = await sqlApp(t, { migrations, lockTimeoutMs: 150 })
  const a = await connect('main')
  const b = await connect('second')
  await a.invoke('plugin:sql|load', { db })
  await b.invoke('plugin:sql|load', { db })
  await a.invoke('plugin:sql|execute', { db, query: 'BEGIN', values: [] })
  assert.equal(
    await rejection(b.invoke('plugin:sql|execute', insert('late'))),
    'error returned from database: (code: 5) database is locked: a transaction begun by another window is still open after 150 ms',
  )
  await a.invoke('plugin:sql|execute', insert('a'))
  await a.invoke('plugin:sql|execute', { db, query: 'COMMIT', values: [] })
  assert.deepEqual(owners(await b.invoke('plugin:sql|select', all)), ['a'])
})

test('batch applies every statement or none, in one call', async (t) => {
  const { connect } = await sqlApp(t, { migrations })
  const main = await connect()
  await main.invoke('plugin:sql|load', { db })
  const ok = await main.invoke('plugin:sql|batch', {
    db,
    statements: [
      { query: 'INSERT INTO accounts (owner, balance) VALUES ($1, $2)', values: ['ann', 10] },
      { query: 'INSERT INTO entries (account, amount) VALUES ($1, $2)', values: [1, 10] },
      { query: 'SELECT owner, balance FROM accounts' },
    ],
  })
  assert.deepEqual(ok, [[1, 1], [1, 1], [{ owner: 'ann', balance: 10 }]])
  const failed = await rejection(
    main.invoke('plugin:sql|batch', {
      db,
      statements: [
        { query: 'UPDATE accounts SET balance = balance - 20 WHERE id = 1' },
        { query: 'INSERT INTO entries (account, amount) VALUES (1, -20)' },
      ],
    }),
  )
  assert.equal(failed, 'error returned from database: (code: 275) CHECK constraint failed: balance >= 0')
  assert.deepEqual(await main.invoke('plugin:sql|select', { db, query: 'SELECT count(*) AS n FROM entries', values: [] }), [{ n: 1 }])
})

test('the backend’s typed handle: rows typed by the caller, transaction() commits or rolls back, pages wait for it', async (t) => {
  const { app, connect } = await sqlApp(t, { migrations })
  const handle = await database(app, db)
  await handle.execute('INSERT INTO accounts (owner, balance) VALUES ($1, $2)', ['bea', 5])
  const rows = await handle.select<{ owner: string; balance: number }>('SELECT owner, balance FROM accounts')
  assert.deepEqual(rows, [{ owner: 'bea', balance: 5 }])
  await assert.rejects(
    handle.transaction(async (tx) => {
      await tx.execute('UPDATE accounts SET balance = 100')
      throw new Error('changed my mind')
    }),
    /changed my mind/,
  )
  assert.deepEqual(await handle.select('SELECT balance FROM accounts'), [{ balance: 5 }])

  const page = await connect()
  await page.invoke('plugin:sql|load', { db })
  let release!: () => void
  const gate = new Promise<void>((resolve) => (release = resolve))
  let started = false
  const tx = handle.transaction(async (t) => {
    await t.execute('UPDATE accounts SET balance = 6')
    started = true
    await gate
    await t.execute('UPDATE accounts SET balance = 7')
    return 'done'
  })
  await eventually(() => started, 'the transaction to have begun')
  const read = page.invoke('plugin:sql|select', { db, query: 'SELECT balance FROM accounts', values: [] })
  release()
  assert.equal(await tx, 'done')
  assert.deepEqual(await read, [{ balance: 7 }], 'the page read after the transaction, not in the middle of it')
  const blob = await handle.select<{ b: Uint8Array }>("SELECT x'00ff' AS b")
  assert.ok(blob[0]?.b instanceof Uint8Array, 'the backend reads BLOBs as bytes')
})
