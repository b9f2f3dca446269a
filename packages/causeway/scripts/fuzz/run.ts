/**
 * The fuzz run: frames from the generators, sent over real sockets to the target app running in
 * this process, with a clean check on a fresh connection every `checkEvery` frames and the
 * process's RSS sampled along the way. Used by `scripts/fuzz.ts` (the CLI) and the smoke test.
 *
 * It fails when a clean check is not answered correctly, when something would have crashed the
 * process (an uncaught exception or unhandled rejection), when the backend closes a connection
 * with 1011 (a bug escaped the session's handling of a frame), when the backend sends a frame
 * its own page parser refuses, or when listeners outlive their connections.
 */
import type WebSocket from 'ws'
import { CausewayError } from '../../src/core/errors.ts'
import { parseServerFrame } from '../../src/core/parse.ts'
import { type Connection, connect, nodeTransport } from '../../src/node-client/index.ts'
import { type FuzzFrame, type FuzzState, pickGenerator } from './generators.ts'
import { Random } from './random.ts'
import { CHECK_WINDOW, FUZZ_WINDOWS, startTarget, type Target } from './target.ts'

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

export interface FuzzSummary {
  seed: number
  framesSent: number
  bytesSent: number
  byGenerator: Record<string, number>
  connectionsOpened: number
  /** Connections the backend closed, by close code. */
  closedByBackend: Record<string, number>
  cleanChecksPassed: number
  cleanChecksFailed: number
  framesReceived: number
  /** What the app logged: warnings, and errors (Internal errors of commands, escaped bugs) by kind. */
  loggedWarnings: number
  loggedErrors: number
  errorKinds: Record<string, number>
  /**
   * Frames that carried the app's managed state (a canary) to a page, with the first few. Kept
   * apart from `failures`: a disclosure is a bug of its own, not a crash or a hang.
   */
  disclosures: number
  disclosedFrames: string[]
  rss: { before: number; peak: number; after: number; samples: number[] }
  /** V8 heap in use and memory outside it (buffers), before and after: tells a leak from RSS the allocator keeps. */
  heapUsed: { before: number; after: number }
  external: { before: number; after: number }
  gcAvailable: boolean
  durationMs: number
  /** Why the run fails; empty when it passes. */
  failures: string[]
  /** Whether the deadline stopped the run early. */
  stoppedEarly: boolean
}

/** How long a clean check may take before it counts as failed. */
const CHECK_TIMEOUT_MS = 30_000
/** Sends in flight before the loop waits for the oldest (lets the backend read as we write). */
const IN_FLIGHT = 32
/** A connection is closed by the fuzzer and replaced with this probability per frame. */
const RECYCLE_CHANCE = 1 / 2_000
/** Channel messages acknowledged in batches of this many, like a page. */
const ACK_EVERY = 64

/** One attacking connection: everything it receives is parsed and checked. */
class FuzzConnection {
  closedByUs = false
  closeCode: number | undefined
  private readonly unacked = new Map<number, number>()

  private constructor(
    readonly label: string,
    readonly socket: WebSocket,
    private readonly run: RunState,
  ) {
    socket.on('message', (data: Buffer, isBinary: boolean) => this.received(isBinary ? new Uint8Array(data) : data.toString('utf8')))
    socket.on('close', (code: number) => {
      this.closeCode = code
      if (this.closedByUs) return
      run.closedByBackend[code] = (run.closedByBackend[code] ?? 0) + 1
      if (code === 1011) run.fail(`the backend closed a connection with 1011 (an unexpected failure escaped the session)`)
    })
    socket.on('error', () => {})
  }

  static async open(label: string, run: RunState): Promise<FuzzConnection> {
    const { socket } = nodeTransport(run.target.launchUrl(label))
    const connection = new FuzzConnection(label, socket, run)
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve())
      socket.once('close', (code: number) => reject(new Error(`connection for \`${label}\` closed with ${code} before it opened`)))
      socket.once('error', reject)
    })
    run.connectionsOpened++
    return connection
  }

  get alive(): boolean {
    return this.socket.readyState === this.socket.OPEN
  }

  send(frame: FuzzFrame): Promise<void> {
    if (!this.alive) return Promise.resolve()
    return new Promise((resolve) => {
      const done = () => resolve()
      if (typeof frame === 'string') this.socket.send(frame, done)
      else if (frame instanceof Uint8Array) this.socket.send(frame, { binary: true }, done)
      else this.socket.send(frame.textBytes, { binary: false }, done)
    })
  }

  async close(): Promise<void> {
    this.closedByUs = true
    if (this.socket.readyState === this.socket.CLOSED) return
    const closed = new Promise<void>((resolve) => this.socket.once('close', () => resolve()))
    this.socket.close()
    await closed
  }

  private received(frame: string | Uint8Array): void {
    this.run.framesReceived++
    const text = typeof frame === 'string' ? frame : decoder.decode(frame)
    if (text.includes(this.run.target.canary)) {
      this.run.disclosures++
      this.run.disclosed(text)
    }
    const parsed = parseServerFrame(frame)
    if (parsed instanceof CausewayError) return this.run.fail(`the backend sent a frame its page parser refuses: ${parsed.message}`)
    for (const message of parsed) {
      if (message.t === 'invalid') this.run.fail(`the backend sent a message its page parser refuses: ${message.reason}`)
      else if (message.t === 'chan') {
        const count = (this.unacked.get(message.ch) ?? 0) + 1
        this.unacked.set(message.ch, count % ACK_EVERY)
        if (count === ACK_EVERY) void this.send(`{"t":"ack","ch":${message.ch},"n":${ACK_EVERY}}`)
      } else if (message.t === 'chan-end') this.unacked.delete(message.ch)
    }
  }
}

/** What the run tracks while it goes. */
interface RunState {
  readonly target: Target
  connectionsOpened: number
  framesReceived: number
  /** Frames that carried the app's managed state to a page. */
  disclosures: number
  disclosed(frame: string): void
  readonly closedByBackend: Record<string, number>
  fail(reason: string): void
}

const decoder = new TextDecoder()

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

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms)))
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

/** Why the server refuses an upgrade: the body of its HTTP answer, for the report. */
function refusal(launchUrl: string): Promise<string> {
  const { socket } = nodeTransport(launchUrl)
  return new Promise((resolve) => {
    socket.on('unexpected-response', (request, response) => {
      let body = ''
      response.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')))
      response.on('end', () => {
        request.destroy()
        resolve(`HTTP ${response.statusCode}: ${body}`)
      })
    })
    socket.on('open', () => {
      socket.close()
      resolve('a second attempt was admitted')
    })
    socket.on('error', (error) => resolve(error.message))
  })
}

/**
 * A fresh connection, as a page makes it, gets correct answers. It stays open until the next
 * check closes it just before connecting, so the check window's close grace period never runs
 * out between minting a launch URL and using it: a launch token minted during that period is
 * revoked when it ends (a bug of its own), which would fail checks for a reason other than the fuzzing.
 */
async function cleanCheck(target: Target, n: number, previous: Connection | undefined): Promise<Connection> {
  previous?.close()
  const client = await connect(target.launchUrl(CHECK_WINDOW)).catch(async (error: Error) => {
    throw new Error(`${error.message} (${await refusal(target.launchUrl(CHECK_WINDOW))})`)
  })
  try {
    const sum = await client.invoke<number>('add', { a: n, b: 1 })
    if (sum !== n + 1) throw new Error(`add answered ${JSON.stringify(sum)}, not ${n + 1}`)
    const bytes = await client.invoke<Uint8Array>('bytes', { n: 3 })
    if (!(bytes instanceof Uint8Array) || bytes.join() !== '7,7,7') throw new Error(`bytes answered ${String(bytes)}`)
    const echoed = await client.invoke('echo', CHECK_VALUE)
    if (JSON.stringify(echoed) !== JSON.stringify(CHECK_VALUE)) throw new Error('echo changed its arguments')
  } catch (error) {
    client.close()
    throw error
  }
  return client
}

const CHECK_VALUE = { text: 'é\u0000\uD83D\uDE00', list: [1, null, true] }

/**
 * Runs the fuzzer against a fresh target app and returns what happened.
 *
 * @example
 * const summary = await runFuzz({ seed: 42, frames: 3_000 })
 * if (summary.failures.length > 0) throw new Error(summary.failures.join('\n'))
 */
export async function runFuzz(options: FuzzOptions): Promise<FuzzSummary> {
  const checkEvery = options.checkEvery ?? 1_000
  const rssEvery = options.rssEvery ?? 10_000
  const random = new Random(options.seed)
  const failures: string[] = []
  const fail = (reason: string) => {
    if (failures.length < 50 && !failures.includes(reason)) failures.push(reason)
  }
  const onCrash = (error: unknown) =>
    fail(`would have crashed the process: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
  process.on('uncaughtException', onCrash)
  process.on('unhandledRejection', onCrash)

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

  try {
    const inFlight: Array<Promise<void>> = []
    let checker: Connection | undefined
    for (let i = 0; i < options.frames; i++) {
      if (options.deadlineMs !== undefined && performance.now() - started > options.deadlineMs) {
        stoppedEarly = true
        break
      }
      const slot = random.int(0, pool.length - 1)
      let connection = pool[slot] as FuzzConnection
      if (!connection.alive || random.chance(RECYCLE_CHANCE)) {
        await step(connection.close(), `connection \`${connection.label}\` to close`)
        connection = pool[slot] = await step(FuzzConnection.open(connection.label, run), `a new connection for \`${connection.label}\``)
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
    checker?.close()
  } catch (error) {
    if (!(error instanceof Stalled)) throw error
    fail(`stalled after ${framesSent} frames: ${error.message}`)
  } finally {
    await step(Promise.all(pool.map((connection) => connection.close())), 'the fuzz connections to close').catch((error: Error) =>
      fail(error.message),
    )
  }

  // Every listener belonged to a fuzz connection, all closed now: none may be left.
  const leakDeadline = performance.now() + 5_000
  while (target.app.listenerCount() > 0 && performance.now() < leakDeadline) await new Promise((resolve) => setTimeout(resolve, 20))
  if (target.app.listenerCount() > 0) fail(`${target.app.listenerCount()} event listeners outlived their closed connections`)
  await target.close()
  clearInterval(sampler)
  await collectGarbage()
  const memoryAfter = process.memoryUsage()
  const after = memoryAfter.rss
  samples.push(after)
  peak = Math.max(peak, after)
  process.off('uncaughtException', onCrash)
  process.off('unhandledRejection', onCrash)

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

export function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`
}

/** The summary as the CLI prints it. */
export function formatSummary(summary: FuzzSummary): string {
  const kinds = Object.entries(summary.byGenerator)
    .sort(([, a], [, b]) => b - a)
    .map(([name, count]) => `    ${name.padEnd(24)} ${count}`)
  const closes = Object.entries(summary.closedByBackend)
    .map(([code, count]) => `${code}: ${count}`)
    .join(', ')
  const closedCount = Object.values(summary.closedByBackend).reduce((a, b) => a + b, 0)
  return [
    `fuzz summary (seed ${summary.seed})`,
    `  frames sent:              ${summary.framesSent}${summary.stoppedEarly ? ' (stopped at the deadline)' : ''} (${mib(summary.bytesSent)})`,
    '  by kind:',
    ...kinds,
    `  connections opened:       ${summary.connectionsOpened}`,
    `  closed by the backend:    ${closedCount}${closes ? ` (by code: ${closes})` : ''}`,
    `  clean checks:             ${summary.cleanChecksPassed} passed, ${summary.cleanChecksFailed} failed`,
    `  frames from the backend:  ${summary.framesReceived}`,
    `  backend log:              ${summary.loggedWarnings} warnings, ${summary.loggedErrors} errors`,
    ...Object.entries(summary.errorKinds).map(([kind, count]) => `    ${count} x ${kind}`),
    `  disclosures:              ${summary.disclosures} frames carried the app's managed state to a page`,
    ...summary.disclosedFrames.map((frame) => `    ${frame}`),
    `  rss:                      before ${mib(summary.rss.before)}, peak ${mib(summary.rss.peak)}, after ${mib(summary.rss.after)}${summary.gcAvailable ? ' (after GC)' : ' (no GC: run with --expose-gc)'}`,
    `  rss samples:              ${summary.rss.samples.map(mib).join(', ')}`,
    `  heap used:                before ${mib(summary.heapUsed.before)}, after ${mib(summary.heapUsed.after)}; external before ${mib(summary.external.before)}, after ${mib(summary.external.after)}`,
    `  duration:                 ${(summary.durationMs / 1000).toFixed(1)} s`,
    summary.failures.length === 0
      ? '  result:                   PASS'
      : `  result:                   FAIL\n${summary.failures.map((f) => `    - ${f}`).join('\n')}`,
  ].join('\n')
}
