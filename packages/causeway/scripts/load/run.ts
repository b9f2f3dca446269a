/**
 * The load run: N windows, each one real connection, each making M calls while the backend emits
 * E events fanned out to every window. Every call must be answered correctly and every window
 * must receive every event, in order. Used by `scripts/load.ts` (the CLI) and the smoke test.
 * The app and its clients share this process, so RSS counts both.
 */
import { createApp } from '../../src/index.ts'
import { type Connection, connect } from '../../src/node-client/index.ts'

export interface LoadOptions {
  windows: number
  /** Calls per window. */
  calls: number
  /** Events the backend emits, each to every window. */
  events: number
  /** Calls in flight at once per window. Default 16. */
  concurrency?: number
}

export interface LoadSummary {
  windows: number
  callsPerWindow: number
  events: number
  callsAnswered: number
  callErrors: number
  /** Warnings the backend logged (none expected; a loaded machine can make the blocking monitor speak). */
  loggedWarnings: number
  firstWarning: string | undefined
  /** Events received in all, and how many were expected (events x windows). */
  deliveries: number
  deliveriesExpected: number
  callsPerSecond: number
  deliveriesPerSecond: number
  callPhaseMs: number
  eventPhaseMs: number
  rss: { before: number; after: number }
  heapUsed: { before: number; after: number }
  gcAvailable: boolean
  durationMs: number
  /** Why the run fails; empty when it passes. */
  failures: string[]
}

const allowAll = {
  checkCommand: () => ({ allowed: true as const, scope: { allow: [], deny: [] } }),
  checkEvent: () => ({ allowed: true as const, scope: { allow: [], deny: [] } }),
}

const commands = {
  add: ({ a, b }: { a: number; b: number }) => a + b,
}

/** Emitted events per turn of the event loop, so calls and events interleave. */
const EMIT_BURST = 50
/** How long to wait for the last events once the emitter is done. */
const DRAIN_TIMEOUT_MS = 60_000

const gc = (globalThis as { gc?: () => void }).gc

async function collectGarbage(): Promise<void> {
  if (!gc) return
  for (let i = 0; i < 3; i++) {
    gc()
    await new Promise((resolve) => setImmediate(resolve))
  }
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve))

/**
 * Runs the load test against a fresh app and returns what happened.
 *
 * @example
 * const summary = await runLoad({ windows: 5, calls: 200, events: 100 })
 * if (summary.failures.length > 0) throw new Error(summary.failures.join('\n'))
 */
export async function runLoad(options: LoadOptions): Promise<LoadSummary> {
  const started = performance.now()
  const concurrency = options.concurrency ?? 16
  const labels = Array.from({ length: options.windows }, (_, i) => `w${i + 1}`)
  const failures: string[] = []
  const fail = (reason: string) => {
    if (failures.length < 20 && !failures.includes(reason)) failures.push(reason)
  }
  // Errors fail the run; warnings are reported (the blocking monitor's timings are the machine's as much as the handler's).
  const warnings: string[] = []
  const errors: string[] = []
  const app = createApp({
    commands,
    windows: labels.map((label) => ({ label })),
    policy: allowAll,
    dev: false,
    exitOnLastWindowClose: false,
    logger: { warn: (...args) => void warnings.push(args.join(' ')), error: (...args) => void errors.push(args.join(' ')), info: () => {} },
  })
  await app.run({ open: false, quiet: true })

  const clients: Connection[] = []
  const received = labels.map(() => 0)
  try {
    for (const label of labels) {
      const url = app.window(label)?.launchUrl
      if (!url) throw new Error(`window \`${label}\` has no launch URL`)
      clients.push(await connect(url))
    }
    await Promise.all(
      clients.map((client, w) =>
        client.listen<number>('tick', (e) => {
          if (e.payload !== received[w]) fail(`window ${labels[w]} received event ${e.payload} where ${received[w]} was due`)
          received[w] = (received[w] ?? 0) + 1
        }),
      ),
    )
    await collectGarbage()
    const memoryBefore = process.memoryUsage()

    let answered = 0
    let failed = 0
    const callWindow = async (client: Connection, w: number): Promise<void> => {
      let next = 0
      const worker = async () => {
        while (next < options.calls) {
          const i = next++
          try {
            const sum = await client.invoke<number>('add', { a: i, b: w })
            if (sum === i + w) answered++
            else {
              failed++
              fail(`window ${labels[w]}: add(${i}, ${w}) answered ${sum}`)
            }
          } catch (error) {
            failed++
            fail(`window ${labels[w]}: a call failed: ${error instanceof Error ? error.message : String(error)}`)
          }
        }
      }
      await Promise.all(Array.from({ length: Math.min(concurrency, options.calls) }, worker))
    }

    const emitter = async (): Promise<void> => {
      for (let i = 0; i < options.events; i++) {
        app.emit('tick', i)
        if (i % EMIT_BURST === EMIT_BURST - 1) await nextTurn()
      }
    }

    const callsStarted = performance.now()
    let callPhaseMs = 0
    const calls = Promise.all(clients.map(callWindow)).then(() => (callPhaseMs = performance.now() - callsStarted))
    const expected = options.events * labels.length
    const delivered = () => received.reduce((a, b) => a + b, 0)
    const events = emitter().then(async () => {
      const deadline = performance.now() + DRAIN_TIMEOUT_MS
      while (delivered() < expected && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5))
      return performance.now() - callsStarted
    })
    const [, eventPhaseMs] = await Promise.all([calls, events])

    const total = options.calls * labels.length
    if (answered !== total) fail(`${answered} of ${total} calls were answered correctly (${failed} failed)`)
    for (const [w, count] of received.entries()) {
      if (count !== options.events) fail(`window ${labels[w]} received ${count} of ${options.events} events`)
    }
    if (errors.length > 0) fail(`the backend logged ${errors.length} errors, the first: ${errors[0]}`)

    for (const client of clients.splice(0)) client.close()
    await app.close()
    await collectGarbage()
    const memoryAfter = process.memoryUsage()
    return {
      windows: labels.length,
      callsPerWindow: options.calls,
      events: options.events,
      callsAnswered: answered,
      callErrors: failed,
      loggedWarnings: warnings.length,
      firstWarning: warnings[0],
      deliveries: delivered(),
      deliveriesExpected: expected,
      callsPerSecond: total / (callPhaseMs / 1000),
      deliveriesPerSecond: delivered() / (eventPhaseMs / 1000),
      callPhaseMs,
      eventPhaseMs,
      rss: { before: memoryBefore.rss, after: memoryAfter.rss },
      heapUsed: { before: memoryBefore.heapUsed, after: memoryAfter.heapUsed },
      gcAvailable: gc !== undefined,
      durationMs: performance.now() - started,
      failures,
    }
  } finally {
    for (const client of clients) client.close()
    await app.close()
  }
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`
}

/** The summary as the CLI prints it. */
export function formatLoadSummary(s: LoadSummary): string {
  return [
    `load summary: ${s.windows} windows x ${s.callsPerWindow} calls, ${s.events} events to every window`,
    `  calls answered:   ${s.callsAnswered} of ${s.windows * s.callsPerWindow} (${s.callErrors} errors)`,
    `  calls/s:          ${Math.round(s.callsPerSecond)} (${(s.callPhaseMs / 1000).toFixed(2)} s for all calls)`,
    `  event deliveries: ${s.deliveries} of ${s.deliveriesExpected}`,
    `  deliveries/s:     ${Math.round(s.deliveriesPerSecond)} (${(s.eventPhaseMs / 1000).toFixed(2)} s from the first emit to the last delivery)`,
    `  rss:              before ${mib(s.rss.before)}, after ${mib(s.rss.after)}${s.gcAvailable ? ' (after GC)' : ' (no GC: run with --expose-gc)'}; clients run in the same process`,
    `  heap used:        before ${mib(s.heapUsed.before)}, after ${mib(s.heapUsed.after)}`,
    `  backend warnings: ${s.loggedWarnings}${s.firstWarning ? ` (the first: ${s.firstWarning})` : ''}`,
    `  duration:         ${(s.durationMs / 1000).toFixed(1)} s`,
    s.failures.length === 0 ? '  result:           PASS' : `  result:           FAIL\n${s.failures.map((f) => `    - ${f}`).join('\n')}`,
  ].join('\n')
}
