/**
 * The fuzz run: frames from the generators, sent over real sockets to the target app running in
 * this process, with a clean check on a fresh connection every `checkEvery` frames and the
 * process's RSS sampled along the way. Used by `scripts/fuzz.ts` (the CLI) and the smoke test.
 *
 * It fails when a clean check is not answered correctly, when something would have crashed the
 * process (an uncaught exception or unhandled rejection), when the backend closes a connection
 * with 1011 (a bug escaped the session's handling of a frame), when the backend sends a frame
 * its own page parser refuses, when the backend logs an error (an Internal error or an escaped
 * bug), or when listeners outlive their connections.
 */
import type { Connection } from '../../src/node-client/index.ts'
import { CHECK_TIMEOUT_MS, cleanCheck, withTimeout } from './checks.ts'
import { FuzzConnection, type RunState } from './connection.ts'
import { type FuzzState, pickGenerator } from './generators.ts'
import { Random } from './random.ts'
import { type FuzzSummary, mib } from './summary.ts'
import { FUZZ_WINDOWS, startTarget } from './target.ts'

export type { FuzzSummary } from './summary.ts'
export { formatSummary } from './summary.ts'

export interface FuzzOptions {
  seed: number
  /** How many frames to send. */
  frames: number
  /** Largest big string or blob a generator makes. Default 8 MiB. */
  bigBytes?: number
  /** A clean check every this many frames. Default 1,000. */
  checkEvery?: number
  /** An RSS sample every this many frames. Default 10,000. */
  rssEvery?: number
  /** Stop sending after this long (the summary says so). Default: no limit. */
  deadlineMs?: number
  /** Progress lines. Default: none. */
  progress?: (line: string) => void
}

/** Sends in flight before the loop waits for the oldest (lets the backend read as we write). */
const IN_FLIGHT = 32
/** A connection is closed by the fuzzer and replaced with this probability per frame. */
const RECYCLE_CHANCE = 1 / 2_000

const gc = (globalThis as { gc?: () => void }).gc

function rss(): number {
  return process.memoryUsage().rss
}

async function collectGarbage(): Promise<void> {
  if (!gc) return
  for (let i = 0; i < 3; i++) {
    gc()
    await new Promise((resolve) => setImmediate(resolve))
  }
}

/** How long the run may wait for one step (a send, a connection) before it counts as stalled. */
const STALL_MS = 60_000

/** Raised when a step of the run waits longer than STALL_MS: the backend stopped answering or reading. */
class Stalled extends Error {}

/** Waits for `promise`, or throws Stalled naming `what` after STALL_MS. */
function step<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const stalled = new Promise<never>(
    (_, reject) => (timer = setTimeout(() => reject(new Stalled(`waited over ${STALL_MS / 1000} s for ${what}`)), STALL_MS)),
  )
  return Promise.race([promise, stalled]).finally(() => clearTimeout(timer))
}

/**
 * Runs the fuzzer against a fresh target app and returns what happened.
 *
 * @example
 * const summary = await runFuzz({ seed: 42, frames: 3_000 })
 * if (summary.failures.length > 0) throw new Error(summary.failures.join('\n'))
 */
export async function runFuzz(options: FuzzOptions): Promise<FuzzSummary> {
  const failures: string[] = []
  const fail = (reason: string) => {
    if (failures.length < 50 && !failures.includes(reason)) failures.push(reason)
  }
  // The backend runs in this process: what would have crashed it is caught here and reported.
  const onCrash = (error: unknown) =>
    fail(`would have crashed the process: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
  process.on('uncaughtException', onCrash)
  process.on('unhandledRejection', onCrash)
  try {
    return await fuzz(options, failures, fail)
  } finally {
    process.off('uncaughtException', onCrash)
    process.off('unhandledRejection', onCrash)
  }
}

async function fuzz(options: FuzzOptions, failures: string[], fail: (reason: string) => void): Promise<FuzzSummary> {
  const checkEvery = options.checkEvery ?? 1_000
  const rssEvery = options.rssEvery ?? 10_000
  const random = new Random(options.seed)
  const started = performance.now()
  const target = await startTarget()
  let lastFrameName = ''
  const disclosedFrames: string[] = []
  const run: RunState = {
    target,
    connectionsOpened: 0,
    framesReceived: 0,
    disclosures: 0,
    disclosed: (frame) => {
      if (disclosedFrames.length < 3) disclosedFrames.push(`after a ${lastFrameName} frame: ${frame.slice(0, 160)}…`)
    },
    closedByBackend: {},
    fail,
  }
  let lastId = 0
  let lastChannel = 0
  const state: FuzzState = {
    nextId: () => ++lastId,
    nextChannel: () => ++lastChannel,
    recentIds: [],
    recentChannels: [],
    bigBytes: options.bigBytes ?? 8 * 1024 * 1024,
  }
  const byGenerator: Record<string, number> = {}
  let framesSent = 0
  let bytesSent = 0
  let checksPassed = 0
  let checksFailed = 0
  let stoppedEarly = false

  const pool = await Promise.all(FUZZ_WINDOWS.map((label) => FuzzConnection.open(label, run)))
  await collectGarbage()
  const memoryBefore = process.memoryUsage()
  const before = memoryBefore.rss
  let peak = before
  const samples: number[] = [before]
  const sampler = setInterval(() => (peak = Math.max(peak, rss())), 100)

  let checker: Connection | undefined
  try {
    const inFlight: Array<Promise<void>> = []
    for (let i = 0; i < options.frames; i++) {
      if (options.deadlineMs !== undefined && performance.now() - started > options.deadlineMs) {
        stoppedEarly = true
        break
      }
      const slot = random.int(0, pool.length - 1)
      let connection = pool[slot] as FuzzConnection
      if (!connection.alive || random.chance(RECYCLE_CHANCE)) {
        await step(connection.close(), `connection \`${connection.label}\` to close`)
        try {
          connection = pool[slot] = await step(FuzzConnection.open(connection.label, run), `a new connection for \`${connection.label}\``)
        } catch (error) {
          if (error instanceof Stalled) throw error
          // The frame this slot would have sent is skipped; the next pick of the slot tries again.
          fail(`a new connection for \`${connection.label}\` was refused: ${error instanceof Error ? error.message : String(error)}`)
          continue
        }
      }
      const generator = pickGenerator(random)
      const frame = generator.make(random, state)
      byGenerator[generator.name] = (byGenerator[generator.name] ?? 0) + 1
      lastFrameName = generator.name
      bytesSent +=
        typeof frame === 'string' ? Buffer.byteLength(frame) : frame instanceof Uint8Array ? frame.byteLength : frame.textBytes.byteLength
      framesSent++
      inFlight.push(connection.send(frame))
      if (inFlight.length >= IN_FLIGHT)
        await step(inFlight.shift() as Promise<void>, `a send to complete (the backend stopped reading?), last frame ${generator.name}`)

      if (framesSent % checkEvery === 0) {
        await step(Promise.all(inFlight.splice(0)), 'the sends before a clean check to complete')
        try {
          checker = await withTimeout(cleanCheck(target, framesSent, checker), CHECK_TIMEOUT_MS, 'the clean check')
          checksPassed++
        } catch (error) {
          checksFailed++
          fail(`clean check after ${framesSent} frames failed: ${error instanceof Error ? error.message : String(error)}`)
        }
      }
      if (framesSent % rssEvery === 0) {
        const now = rss()
        samples.push(now)
        peak = Math.max(peak, now)
        options.progress?.(`${framesSent} frames, rss ${mib(now)}, ${((performance.now() - started) / 1000).toFixed(1)} s`)
      }
    }
    await step(Promise.all(inFlight), 'the last sends to complete')
  } catch (error) {
    // Whatever broke the run is reported with the summary, never left to a crash handler.
    const where = `after ${framesSent} frames (connections: ${pool.map((c) => c.describe()).join('; ')})`
    if (error instanceof Stalled) fail(`stalled ${where}: ${error.message}`)
    else fail(`the run broke ${where}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
  } finally {
    checker?.close()
    await step(Promise.all(pool.map((connection) => connection.close())), 'the fuzz connections to close').catch((error: Error) =>
      fail(error.message),
    )
  }

  // Every listener belonged to a fuzz connection, all closed now: none may be left.
  const leakDeadline = performance.now() + 5_000
  while (target.app.listenerCount() > 0 && performance.now() < leakDeadline) await new Promise((resolve) => setTimeout(resolve, 20))
  if (target.app.listenerCount() > 0) fail(`${target.app.listenerCount()} event listeners outlived their closed connections`)
  // The target's commands refuse bad arguments as InvalidArgs; built-in commands must too. A
  // logged error is an Internal one (a command that threw on what a page sent) or an escaped bug.
  for (const [kind, count] of target.log.errorKinds) fail(`the backend logged ${count} x ${kind}`)
  if (target.log.errors > 0 && target.log.errorKinds.size === 0) fail(`the backend logged ${target.log.errors} errors`)
  await step(target.close(), 'the app to close').catch((error: Error) => fail(error.message))
  clearInterval(sampler)
  await collectGarbage()
  const memoryAfter = process.memoryUsage()
  const after = memoryAfter.rss
  samples.push(after)
  peak = Math.max(peak, after)

  return {
    seed: options.seed,
    framesSent,
    bytesSent,
    byGenerator,
    connectionsOpened: run.connectionsOpened,
    closedByBackend: run.closedByBackend,
    cleanChecksPassed: checksPassed,
    cleanChecksFailed: checksFailed,
    framesReceived: run.framesReceived,
    loggedWarnings: target.log.warnings,
    loggedErrors: target.log.errors,
    errorKinds: Object.fromEntries(target.log.errorKinds),
    disclosures: run.disclosures,
    disclosedFrames,
    rss: { before, peak, after, samples },
    heapUsed: { before: memoryBefore.heapUsed, after: memoryAfter.heapUsed },
    external: { before: memoryBefore.external, after: memoryAfter.external },
    gcAvailable: gc !== undefined,
    durationMs: performance.now() - started,
    failures,
    stoppedEarly,
  }
}
