/**
 * `npm run load [-- --windows 50 --calls 10000 --events 10000]`: N windows on real sockets each
 * make M calls while the backend emits E events to all of them. Prints calls/s, event
 * deliveries/s and RSS before and after; exits 1 if a call went unanswered or failed, or a window
 * missed an event. Run with `--expose-gc` (the npm script does) for RSS after GC.
 */
import { parseArgs } from 'node:util'
import { formatLoadSummary, runLoad } from './load/run.ts'

const { values } = parseArgs({
  options: {
    windows: { type: 'string', default: '50' },
    calls: { type: 'string', default: '10000' },
    events: { type: 'string', default: '10000' },
    concurrency: { type: 'string', default: '16' },
  },
})

function count(name: string, text: string | undefined): number {
  const n = Number(text)
  if (!Number.isSafeInteger(n) || n < 0) throw new TypeError(`--${name} must be a non-negative integer, got ${JSON.stringify(text)}`)
  return n
}

const options = {
  windows: count('windows', values.windows),
  calls: count('calls', values.calls),
  events: count('events', values.events),
  concurrency: Math.max(1, count('concurrency', values.concurrency)),
}
console.log(
  `load: ${options.windows} windows x ${options.calls} calls, ${options.events} events, ${options.concurrency} calls in flight per window`,
)
const summary = await runLoad(options)
console.log(formatLoadSummary(summary))
process.exitCode = summary.failures.length === 0 ? 0 : 1
