/**
 * The reconnect policy as numbers: each delay doubles from 100 ms up to 5 s and is jittered into
 * its upper half, the default gives up after 13-26 s of trying, and only 4001, 4003 and a close
 * without a code are final.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { backoffDelay, finalCloseReason, RECONNECT_DEFAULTS } from '../src/api/reconnect.ts'

test('delays double from initialDelayMs to maxDelayMs, jittered into [delay / 2, delay]', () => {
  const expected = [100, 200, 400, 800, 1600, 3200, 5000, 5000, 5000, 5000]
  expected.forEach((delay, failures) => {
    assert.equal(
      backoffDelay(failures, RECONNECT_DEFAULTS, () => 0),
      delay / 2,
      `lowest delay before attempt ${failures + 1}`,
    )
    assert.equal(
      backoffDelay(failures, RECONNECT_DEFAULTS, () => 1),
      delay,
      `highest delay before attempt ${failures + 1}`,
    )
  })
  assert.equal(
    backoffDelay(1000, RECONNECT_DEFAULTS, () => 1),
    5000,
    'no overflow far along',
  )
})

test('by default a page tries 10 times over 13-26 s before it gives up', () => {
  const attempts = Array.from({ length: RECONNECT_DEFAULTS.maxAttempts }, (_, failures) => failures)
  const shortest = attempts.reduce((sum, failures) => sum + backoffDelay(failures, RECONNECT_DEFAULTS, () => 0), 0)
  const longest = attempts.reduce((sum, failures) => sum + backoffDelay(failures, RECONNECT_DEFAULTS, () => 1), 0)
  assert.deepEqual([shortest, longest], [13_150, 26_300])
})

test('only a replaced connection, a refused credential and a transport that gave up are final', () => {
  assert.match(finalCloseReason('replaced by a newer connection', 4001) ?? '', /another page took over this window/)
  assert.match(finalCloseReason('already used', 4003) ?? '', /refused this window's credential: already used/)
  assert.equal(finalCloseReason('this page has no Causeway window credential', undefined), 'this page has no Causeway window credential')
  for (const code of [1000, 1001, 1006, 1008, 1011, 1012]) assert.equal(finalCloseReason('', code), undefined, `code ${code}`)
})
