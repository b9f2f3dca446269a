import assert from 'node:assert/strict'
import { test } from 'node:test'
import { eventually } from '../src/eventually.ts'

test('returns the first truthy value the condition gives', async () => {
  let calls = 0
  const found = await eventually(() => (++calls === 3 ? { calls } : undefined))
  assert.deepEqual(found, { calls: 3 })
})

test('awaits an async condition', async () => {
  let calls = 0
  assert.equal(await eventually(async () => ++calls >= 2 && 'ready', 'the second call'), 'ready')
})

test('a condition that throws is retried', async () => {
  let calls = 0
  const value = await eventually(() => {
    if (++calls < 3) throw new Error('not yet')
    return calls
  })
  assert.equal(value, 3)
})

test('after the timeout it says what it waited for and what the last check returned', async () => {
  const values = ['a', 'b']
  await assert.rejects(
    eventually(() => values.length > 5 && values, 20, 'five values'),
    /^Error: timed out after 20 ms waiting for five values; the last check returned false$/,
  )
  await assert.rejects(
    eventually(() => values.find((v) => v === 'z'), 20),
    /waiting for .*values\.find\(.*"z".*; the last check returned undefined$/,
    'without a description, the condition’s source says what it waited for',
  )
})

test('the last exception is named, and kept as the cause', async () => {
  const failure = new Error('socket closed')
  const error: unknown = await eventually(
    () => {
      throw failure
    },
    20,
    'the reply',
  ).catch((e: unknown) => e)
  assert.ok(error instanceof Error)
  assert.match(error.message, /waiting for the reply; the last check threw socket closed$/)
  assert.equal(error.cause, failure)
})

test('a check that never settles still times out', async () => {
  await assert.rejects(
    eventually(() => new Promise<boolean>(() => {}), 20, 'a hung check'),
    /waiting for a hung check; the check had not settled$/,
  )
})
