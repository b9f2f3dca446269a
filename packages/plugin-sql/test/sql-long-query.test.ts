/**
 * A long query runs on its database's worker thread: while it runs, the backend's event loop
 * keeps answering, so another window's calls to another database complete first.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { sqlApp } from './support.ts'

const LONG = 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 5000000) SELECT sum(x) AS s FROM c'

test("another window's calls complete while one window's long query runs", async (t) => {
  const { connect } = await sqlApp(t)
  const a = await connect('main')
  const b = await connect('second')
  await a.invoke('plugin:sql|load', { db: 'sqlite:big.db?mode=memory' })
  await b.invoke('plugin:sql|load', { db: 'sqlite:small.db?mode=memory' })
  const order: string[] = []
  const long = a.invoke('plugin:sql|select', { db: 'sqlite:big.db?mode=memory', query: LONG, values: [] }).then((rows) => {
    order.push('long query')
    return rows
  })
  for (let i = 0; i < 3; i++) {
    await b.invoke('plugin:sql|select', { db: 'sqlite:small.db?mode=memory', query: 'SELECT 1 AS one', values: [] })
    order.push(`small ${i}`)
  }
  assert.deepEqual(await long, [{ s: 12500002500000 }])
  assert.deepEqual(order, ['small 0', 'small 1', 'small 2', 'long query'])
})
