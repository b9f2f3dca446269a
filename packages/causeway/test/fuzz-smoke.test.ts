/**
 * A short run of the fuzzer (`npm run fuzz` runs 100,000 frames): the same generators and
 * checks, a few thousand frames, big strings and blobs kept under 512 KiB so it stays quick.
 * The seed is random unless FUZZ_SEED is set, and printed: a failure replays with
 * `npm run fuzz -- --seed <seed> --frames 3000 --big-bytes 524288`.
 */
import assert from 'node:assert/strict'
import { before, test } from 'node:test'
import { generators } from '../scripts/fuzz/generators.ts'
import { randomSeed } from '../scripts/fuzz/random.ts'
import { type FuzzSummary, formatSummary, runFuzz } from '../scripts/fuzz/run.ts'

const FRAMES = 3_000
const BIG_BYTES = 512 * 1024
const seed = process.env['FUZZ_SEED'] === undefined ? randomSeed() : Number(process.env['FUZZ_SEED'])

let summary: FuzzSummary
let report: string
before(async () => {
  summary = await runFuzz({ seed, frames: FRAMES, bigBytes: BIG_BYTES, checkEvery: 500, rssEvery: 1_000, deadlineMs: 15_000 })
  report = formatSummary(summary)
})

test(`3,000 fuzzed frames (seed ${seed}): every clean check is answered and nothing would have crashed the backend`, () => {
  assert.deepEqual(summary.failures, [], report)
  assert.ok(summary.cleanChecksPassed >= 1, report)
  // A run cut short by the deadline (a loaded machine) may not reach the rarest generators.
  if (!summary.stoppedEarly) assert.ok(Object.keys(summary.byGenerator).length >= generators.length - 3, `most generators ran:\n${report}`)
})

test(`3,000 fuzzed frames (seed ${seed}): no page receives the app's managed state`, () => {
  assert.equal(summary.disclosures, 0, report)
})
