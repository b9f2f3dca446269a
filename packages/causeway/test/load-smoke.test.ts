/**
 * A small run of the load test (`npm run load` runs 50 windows x 10,000 calls): every call is
 * answered and every window receives every event, in order, while both go on at once. No timing
 * is asserted.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { formatLoadSummary, runLoad } from '../scripts/load/run.ts'

test('5 windows x 200 calls while 100 events go to every window: all answered, all delivered', async () => {
  const summary = await runLoad({ windows: 5, calls: 200, events: 100 })
  const report = formatLoadSummary(summary)
  assert.deepEqual(summary.failures, [], report)
  assert.equal(summary.callsAnswered, 1_000, report)
  assert.equal(summary.callErrors, 0, report)
  assert.equal(summary.deliveries, 500, report)
})
