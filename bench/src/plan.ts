/**
 * Iteration counts and sizes. `full` is what `npm run bench` measures; `smoke` only proves that
 * every workload completes and every system answers correctly.
 */

export interface Sizes {
  /** Rounds of the cheap workloads (greet, pipelined, 1 MB payloads). */
  rounds: number
  /** Rounds of the heavy ones (events, channel, 50 MB payloads). */
  heavyRounds: number
  /** Rounds of the many-window events workload: 1,000,000 page deliveries per round at full size. */
  fanoutRounds: number
  /** Unrecorded calls before the first greet/pipelined round, to warm the JIT. */
  warmupCalls: number
  greetCalls: number
  pipelinedCalls: number
  inFlight: number
  events: number
  /** Windows (pages or connections) in the many-window events workload. */
  windows: number
  channelMessages: number
  jsonBytes: number
  jsonCalls: number
  smallBytes: number
  smallCalls: number
  bigBytes: number
  bigCalls: number
  /** Idle windows opened to measure backend memory per window. */
  idleWindows: number
  listenCycles: number
  /** Longest a single workload step may take before the system is marked failed. */
  timeoutMs: number
}

const MB = 1024 * 1024

export const full: Sizes = {
  rounds: 5,
  heavyRounds: 3,
  fanoutRounds: 1,
  warmupCalls: 1_000,
  greetCalls: 2_000,
  pipelinedCalls: 20_000,
  inFlight: 100,
  events: 100_000,
  windows: 10,
  channelMessages: 100_000,
  jsonBytes: 1_000_000,
  jsonCalls: 10,
  smallBytes: 1 * MB,
  smallCalls: 10,
  bigBytes: 50 * MB,
  bigCalls: 2,
  idleWindows: 50,
  listenCycles: 10_000,
  timeoutMs: 600_000,
}

export const smoke: Sizes = {
  rounds: 1,
  heavyRounds: 1,
  fanoutRounds: 1,
  warmupCalls: 20,
  greetCalls: 200,
  pipelinedCalls: 300,
  inFlight: 100,
  events: 300,
  windows: 3,
  channelMessages: 300,
  jsonBytes: 10_000,
  jsonCalls: 3,
  smallBytes: 1024,
  smallCalls: 3,
  bigBytes: 64 * 1024,
  bigCalls: 2,
  idleWindows: 3,
  listenCycles: 200,
  timeoutMs: 60_000,
}

/** "1 MB", "50 MB", "64 KB". */
export function sizeLabel(bytes: number): string {
  if (bytes >= MB) return `${Math.round(bytes / MB)} MB`
  if (bytes >= 1000 * 1000) return `${Math.round(bytes / 1e6)} MB`
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`
  return `${bytes} B`
}
