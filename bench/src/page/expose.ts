/**
 * Page side of the harness: connects the system's client and exposes `window.bench.run` for
 * playwright to call. The loops themselves live in `shared/workloads.ts`.
 */
import type { BenchClient } from '../shared/client.ts'
import { type WorkloadName, type WorkloadParams, type WorkloadResults, WorkloadRunner } from '../shared/workloads.ts'

export interface PageBench {
  /** True once the client is connected. */
  ready: boolean
  /** Set instead of `ready` when connecting failed. */
  error: string | null
  run<W extends WorkloadName>(name: W, params: WorkloadParams[W]): Promise<WorkloadResults[W]>
}

declare global {
  interface Window {
    bench?: PageBench
  }
}

export function exposeBench(connect: () => Promise<BenchClient>): void {
  let runner: WorkloadRunner | undefined
  const bench: PageBench = {
    ready: false,
    error: null,
    run(name, params) {
      if (!runner) return Promise.reject(new Error('bench client is not connected yet'))
      return runner.run(name, params)
    },
  }
  window.bench = bench
  connect().then(
    (client) => {
      runner = new WorkloadRunner(client)
      bench.ready = true
    },
    (error: unknown) => {
      bench.error = error instanceof Error ? error.message : String(error)
    },
  )
}
