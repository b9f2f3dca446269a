/**
 * Runs every workload against every system for one client kind. Systems alternate within each
 * round (A B C D E, A B C D E, ...) so machine noise spreads over all of them; each system's
 * backend is its own child process. Memory is measured last, on fresh backends.
 */
import { type BackendProcess, startBackend } from './backend/process.ts'
import type { ClientKind, Session } from './drivers/session.ts'
import { type Sizes, sizeLabel } from './plan.ts'
import type { SystemDef } from './systems/index.ts'

export type Shape = 'latency' | 'rate' | 'memory'

export interface Row {
  system: string
  status: 'ok' | 'failed'
  reason?: string
  /** Latency samples, per-round rates, or one memory figure. */
  values: number[]
  /** For the growth check: `flat` or `grows`. */
  verdict?: string
}

export interface WorkloadReport {
  id: string
  title: string
  unit: string
  shape: Shape
  rows: Row[]
}

export interface KindReport {
  kind: string
  title: string
  workloads: WorkloadReport[]
}

/** Where each system's page was built. */
export type PageBuilds = Map<string, { pageDir: string }>

interface LiveSystem {
  def: SystemDef
  kind: ClientKind
  backend?: BackendProcess
  main?: Session | undefined
  extra: Session[]
  /** Set when the system broke beyond recovery. */
  out?: { status: 'failed'; reason: string }
}

interface WorkloadSpec {
  id: string
  title: string
  unit: string
  shape: 'latency' | 'rate'
  rounds: number
  setup?(system: LiveSystem): Promise<void>
  /** One round: latency samples, or a single rate. */
  measure(system: LiveSystem): Promise<number[]>
  teardown?(system: LiveSystem): Promise<void>
}

export interface RunOptions {
  sizes: Sizes
  /** Workload ids to run; all when empty. */
  only: string[]
  log: (line: string) => void
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error))

function failure(error: unknown): { status: 'failed'; reason: string } {
  return { status: 'failed', reason: message(error).split('\n')[0]!.slice(0, 300) }
}

function specs(s: Sizes): WorkloadSpec[] {
  const t = s.timeoutMs
  const main = (system: LiveSystem): Session => system.main!
  const payload = (id: string, title: string, rounds: number, run: (system: LiveSystem) => Promise<number[]>): WorkloadSpec => ({
    id,
    title,
    unit: 'ms/call',
    shape: 'latency',
    rounds,
    measure: run,
  })
  const events = (system: LiveSystem, sessions: Session[]): Promise<number> =>
    (async () => {
      await Promise.all(sessions.map((session) => session.run('eventsListen', { count: s.events }, t)))
      await system.backend!.request({ op: 'emit', count: s.events, listeners: sessions.length }, t)
      const results = await Promise.all(sessions.map((session) => session.run('eventsCollect', { timeoutMs: t }, t + 5_000)))
      const received = results.reduce((sum, r) => sum + r.received, 0)
      const first = Math.min(...results.map((r) => r.first))
      const last = Math.max(...results.map((r) => r.last))
      return received / (Math.max(last - first, 0.001) / 1000)
    })()

  return [
    {
      id: 'greet',
      title: 'greet, sequential',
      unit: 'µs/call',
      shape: 'latency',
      rounds: s.rounds,
      setup: async (system) => void (await main(system).run('greet', { calls: s.warmupCalls }, t)),
      measure: async (system) => (await main(system).run('greet', { calls: s.greetCalls }, t)).samplesUs,
    },
    {
      id: 'pipelined',
      title: `greet, ${s.inFlight} in flight`,
      unit: 'calls/s',
      shape: 'rate',
      rounds: s.rounds,
      setup: async (system) => void (await main(system).run('pipelined', { calls: s.warmupCalls, inFlight: s.inFlight }, t)),
      measure: async (system) => {
        const r = await main(system).run('pipelined', { calls: s.pipelinedCalls, inFlight: s.inFlight }, t)
        return [(r.count / r.ms) * 1000]
      },
    },
    {
      id: 'events-1',
      title: `events, ${s.events.toLocaleString('en-US')} to 1 window`,
      unit: 'events/s',
      shape: 'rate',
      rounds: s.heavyRounds,
      measure: async (system) => [await events(system, [main(system)])],
    },
    {
      id: 'events-n',
      title: `events, ${s.events.toLocaleString('en-US')} to ${s.windows} windows`,
      unit: 'deliveries/s',
      shape: 'rate',
      rounds: s.fanoutRounds,
      async setup(system) {
        const urls = await system.backend!.request<string[]>({ op: 'launchUrls', count: s.windows - 1 })
        for (const url of urls) system.extra.push(await openSession(system, url))
      },
      measure: async (system) => [await events(system, [main(system), ...system.extra])],
      async teardown(system) {
        await Promise.all(system.extra.splice(0).map((session) => session.close().catch(() => {})))
      },
    },
    {
      id: 'channel',
      title: `channel, ${s.channelMessages.toLocaleString('en-US')} ordered messages`,
      unit: 'messages/s',
      shape: 'rate',
      rounds: s.heavyRounds,
      measure: async (system) => {
        const r = await main(system).run('channel', { count: s.channelMessages, timeoutMs: t }, t + 5_000)
        return [(r.count / r.ms) * 1000]
      },
    },
    payload(
      'json',
      `${sizeLabel(s.jsonBytes)} JSON result`,
      s.rounds,
      async (system) => (await main(system).run('json', { calls: s.jsonCalls, bytes: s.jsonBytes }, t)).samplesMs,
    ),
    payload(
      'blob-small',
      `${sizeLabel(s.smallBytes)} binary result`,
      s.rounds,
      async (system) => (await main(system).run('blob', { calls: s.smallCalls, size: s.smallBytes }, t)).samplesMs,
    ),
    payload(
      'echo-small',
      `${sizeLabel(s.smallBytes)} binary argument, echoed`,
      s.rounds,
      async (system) => (await main(system).run('echo', { calls: s.smallCalls, size: s.smallBytes }, t)).samplesMs,
    ),
    payload(
      'blob-big',
      `${sizeLabel(s.bigBytes)} binary result`,
      s.heavyRounds,
      async (system) => (await main(system).run('blob', { calls: s.bigCalls, size: s.bigBytes }, t)).samplesMs,
    ),
    payload(
      'echo-big',
      `${sizeLabel(s.bigBytes)} binary argument, echoed`,
      s.heavyRounds,
      async (system) => (await main(system).run('echo', { calls: s.bigCalls, size: s.bigBytes }, t)).samplesMs,
    ),
  ]
}

const openSession = (system: LiveSystem, url: string): Promise<Session> => system.kind.open(system.def, url)

/** Replaces the main session after a failure, in case the failure left it unusable. */
async function reopenMain(system: LiveSystem): Promise<void> {
  await system.main?.close().catch(() => {})
  system.main = undefined
  try {
    const [url] = await system.backend!.request<string[]>({ op: 'launchUrls', count: 1 })
    system.main = await openSession(system, url!)
  } catch (error) {
    system.out = { status: 'failed', reason: `could not reconnect after a failure: ${failure(error).reason}` }
  }
}

async function bringUp(def: SystemDef, kind: ClientKind, pages: PageBuilds, sizes: Sizes): Promise<LiveSystem> {
  const system: LiveSystem = { def, kind, extra: [] }
  const page = pages.get(def.id)!
  try {
    system.backend = await startBackend(def.id, { pageDir: page.pageDir, jsonBytes: sizes.jsonBytes })
    const [url] = await system.backend.request<string[]>({ op: 'launchUrls', count: 1 })
    system.main = await openSession(system, url!)
  } catch (error) {
    system.out = failure(error)
  }
  return system
}

async function tearDown(system: LiveSystem): Promise<void> {
  await Promise.all([system.main, ...system.extra].map((session) => session?.close().catch(() => {})))
  await system.backend?.stop().catch(() => {})
}

export async function runKind(kind: ClientKind, defs: SystemDef[], pages: PageBuilds, options: RunOptions): Promise<KindReport> {
  const { sizes, log } = options
  const wanted = (id: string): boolean => options.only.length === 0 || options.only.includes(id)
  const report: KindReport = { kind: kind.id, title: kind.title, workloads: [] }

  const live: LiveSystem[] = []
  for (const def of defs) {
    const system = await bringUp(def, kind, pages, sizes)
    log(`[${kind.id}] ${def.id}: ${system.out ? `${system.out.status}: ${system.out.reason}` : 'connected'}`)
    live.push(system)
  }

  try {
    for (const spec of specs(sizes).filter((w) => wanted(w.id))) {
      const rows = new Map<LiveSystem, Row>()
      for (const system of live) {
        rows.set(
          system,
          system.out ? { system: system.def.id, values: [], ...system.out } : { system: system.def.id, status: 'ok', values: [] },
        )
      }
      const running = (system: LiveSystem): boolean => rows.get(system)!.status === 'ok' && !system.out
      const fail = async (system: LiveSystem, error: unknown): Promise<void> => {
        const row = rows.get(system)!
        Object.assign(row, failure(error))
        log(`[${kind.id}] ${spec.id} ${system.def.id}: ${row.status}: ${row.reason}`)
        if (row.status === 'failed') {
          // A failed system's pages may still be busy; free the CPU for the systems that follow.
          await Promise.all(system.extra.splice(0).map((session) => session.close().catch(() => {})))
          await reopenMain(system)
        }
      }
      for (const system of live.filter(running)) await spec.setup?.(system).catch((error: unknown) => fail(system, error))
      for (let round = 1; round <= spec.rounds; round++) {
        for (const system of live.filter(running)) {
          try {
            const started = Date.now()
            rows.get(system)!.values.push(...(await spec.measure(system)))
            log(`[${kind.id}] ${spec.id} round ${round}/${spec.rounds} ${system.def.id}: ${((Date.now() - started) / 1000).toFixed(1)} s`)
          } catch (error) {
            await fail(system, error)
          }
        }
      }
      for (const system of live) await spec.teardown?.(system).catch(() => {})
      report.workloads.push({ id: spec.id, title: spec.title, unit: spec.unit, shape: spec.shape, rows: [...rows.values()] })
    }
  } finally {
    await Promise.all(live.map(tearDown))
  }

  if (wanted('memory')) report.workloads.push(...(await measureMemory(kind, defs, pages, options)))
  return report
}

interface MemoryUsage {
  rss: number
  heapUsed: number
}

const KB = 1024
/** Heap growth after the listen/unlisten cycles above this counts as growing. */
const GROWTH_LIMIT = 512 * KB

async function measureMemory(kind: ClientKind, defs: SystemDef[], pages: PageBuilds, options: RunOptions): Promise<WorkloadReport[]> {
  const { sizes, log } = options
  const n = sizes.idleWindows
  const reports: WorkloadReport[] = [
    { id: 'memory-rss', title: `idle window, backend RSS (${n} windows)`, unit: 'KB/window', shape: 'memory', rows: [] },
    { id: 'memory-heap', title: `idle window, backend heap (${n} windows)`, unit: 'KB/window', shape: 'memory', rows: [] },
    {
      id: 'cycles-heap',
      title: `${sizes.listenCycles.toLocaleString('en-US')} listen/unlisten, backend heap growth`,
      unit: 'KB',
      shape: 'memory',
      rows: [],
    },
    {
      id: 'cycles-rss',
      title: `${sizes.listenCycles.toLocaleString('en-US')} listen/unlisten, backend RSS growth`,
      unit: 'KB',
      shape: 'memory',
      rows: [],
    },
  ]
  const t = sizes.timeoutMs
  for (const def of defs) {
    log(`[${kind.id}] memory ${def.id}`)
    const system = await bringUp(def, kind, pages, sizes)
    const record = (values: number[], verdict?: string): void => {
      values.forEach((value, i) => {
        reports[i]!.rows.push({ system: def.id, status: 'ok', values: [value], ...(i === 2 && verdict ? { verdict } : {}) })
      })
    }
    try {
      if (system.out) throw Object.assign(new Error(system.out.reason), { out: system.out })
      const memory = (): Promise<MemoryUsage> => system.backend!.request<MemoryUsage>({ op: 'memory' })
      // The marginal cost of a window: open N, then measure across N more. The first batch
      // warms allocators, pools and caches, whose one-off growth (or release) would otherwise
      // swamp a figure of a few kilobytes per connection.
      await system.main!.run('greet', { calls: sizes.warmupCalls }, t)
      const openWindows = async (): Promise<void> => {
        const urls = await system.backend!.request<string[]>({ op: 'launchUrls', count: n })
        const opened: Session[] = []
        for (const url of urls) opened.push(await openSession(system, url))
        await Promise.all(opened.map((session) => session.run('ping', {}, t)))
        system.extra.push(...opened)
      }
      await openWindows()
      await memory()
      const before = await memory()
      await openWindows()
      const after = await memory()
      await system.main!.run('listenCycles', { cycles: Math.ceil(sizes.listenCycles / 10) }, t)
      const cyclesBefore = await memory()
      await system.main!.run('listenCycles', { cycles: sizes.listenCycles }, t)
      const cyclesAfter = await memory()
      const heapGrowth = cyclesAfter.heapUsed - cyclesBefore.heapUsed
      record(
        [
          (after.rss - before.rss) / n / KB,
          (after.heapUsed - before.heapUsed) / n / KB,
          heapGrowth / KB,
          (cyclesAfter.rss - cyclesBefore.rss) / KB,
        ],
        heapGrowth > GROWTH_LIMIT ? 'grows' : 'flat',
      )
    } catch (error) {
      const out = (error as { out?: LiveSystem['out'] }).out ?? failure(error)
      log(`[${kind.id}] memory ${def.id}: ${out!.status}: ${out!.reason}`)
      for (const report of reports) report.rows.push({ system: def.id, values: [], ...out! })
    } finally {
      await tearDown(system)
    }
  }
  return reports
}
