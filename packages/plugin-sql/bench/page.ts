/**
 * The benchmark's page: `@tauri-apps/plugin-sql` as a Tauri frontend uses it, timed in the page.
 */
import { invoke } from '@tauri-apps/api/core'
import Database from '@tauri-apps/plugin-sql'

const open = new Map<string, Database>()

async function db(path: string): Promise<Database> {
  let found = open.get(path)
  if (!found) {
    found = await Database.load(path)
    open.set(path, found)
  }
  return found
}

const bench = {
  async prepare(path: string, sql: string) {
    await (await db(path)).execute(sql)
  },
  /** ms to select every row of `table`, and how many came back. */
  async selectAll(path: string, table: string) {
    const d = await db(path)
    const start = performance.now()
    const rows = await d.select<unknown[]>(`SELECT * FROM ${table}`)
    return { ms: performance.now() - start, rows: rows.length }
  },
  /** ms for `n` single-row inserts, sent 1,000 at a time or each awaited. */
  async inserts(path: string, n: number, inFlight: boolean) {
    const d = await db(path)
    const start = performance.now()
    if (inFlight) {
      // 1,000 at a time: the connection allows 1,024 calls in flight (limits.maxPendingCalls).
      for (let from = 0; from < n; from += 1000) {
        const calls: Promise<unknown>[] = []
        for (let i = from; i < Math.min(n, from + 1000); i++) {
          calls.push(d.execute('INSERT INTO items (title, done) VALUES ($1, $2)', [`item ${i}`, i % 2]))
        }
        await Promise.all(calls)
      }
    } else {
      for (let i = 0; i < n; i++) await d.execute('INSERT INTO items (title, done) VALUES ($1, $2)', [`item ${i}`, i % 2])
    }
    return performance.now() - start
  },
  /** `SELECT 1` through the plugin and an app command that answers at once: median µs of `n` sequential calls, and µs per call with 1,000 in flight. */
  async roundTrips(path: string, n: number) {
    const d = await db(path)
    const time = async (call: () => Promise<unknown>) => {
      const us: number[] = []
      for (let i = 0; i < n; i++) {
        const start = performance.now()
        await call()
        us.push((performance.now() - start) * 1000)
      }
      return us.sort((a, b) => a - b)[Math.floor(n / 2)] as number
    }
    /** µs per call with 1,000 in flight. */
    const burst = async (call: () => Promise<unknown>) => {
      const start = performance.now()
      await Promise.all(Array.from({ length: 1000 }, call))
      return performance.now() - start
    }
    return {
      select: await time(() => d.select('SELECT 1 AS one')),
      command: await time(() => invoke('echo', { value: 1 })),
      selectBurst: await burst(() => d.select('SELECT 1 AS one')),
      commandBurst: await burst(() => invoke('echo', { value: 1 })),
    }
  },
  /** Runs one long query; resolves to its ms. */
  async long(path: string, sql: string) {
    const d = await db(path)
    const start = performance.now()
    await d.select(sql)
    return performance.now() - start
  },
  /** Small selects one after another until `stop()`; the latency of each, in ms. */
  pings: [] as number[],
  running: false,
  async ping(path: string) {
    const d = await db(path)
    bench.running = true
    bench.pings = []
    while (bench.running) {
      const start = performance.now()
      await d.select('SELECT 1 AS one')
      bench.pings.push(performance.now() - start)
    }
    return bench.pings
  },
  stop() {
    bench.running = false
  },
}

export type Bench = typeof bench
;(window as unknown as { bench: Bench }).bench = bench
