/**
 * `npm run fuzz [-- --seed N --frames N --big-bytes N]`: sends generated frames (valid and
 * hostile) over real sockets to a real app in this process, checks on a fresh connection every
 * 1,000 frames that it still answers, samples RSS, and prints a summary. Exits 1 if a clean check
 * failed, anything would have crashed the backend, or a page received the app's managed state.
 * Run with `--expose-gc` (the npm script does) for an RSS after GC.
 */
import { parseArgs } from 'node:util'
import { randomSeed } from './fuzz/random.ts'
import { formatSummary, runFuzz } from './fuzz/run.ts'

const { values } = parseArgs({
  options: {
    seed: { type: 'string' },
    frames: { type: 'string', default: '100000' },
    'big-bytes': { type: 'string', default: String(8 * 1024 * 1024) },
  },
})

function count(name: string, text: string | undefined): number {
  const n = Number(text)
  if (!Number.isSafeInteger(n) || n < 0) throw new TypeError(`--${name} must be a non-negative integer, got ${JSON.stringify(text)}`)
  return n
}

const seed = values.seed === undefined ? randomSeed() : count('seed', values.seed)
const frames = count('frames', values.frames)
console.log(`fuzz: seed ${seed}, ${frames} frames (repeat with --seed ${seed})`)
const summary = await runFuzz({
  seed,
  frames,
  bigBytes: count('big-bytes', values['big-bytes']),
  progress: (line) => console.log(`  ${line}`),
})
console.log(formatSummary(summary))
// Exit even if something the run could not close still holds the event loop (the summary says what).
process.exit(summary.failures.length === 0 && summary.disclosures === 0 ? 0 : 1)
