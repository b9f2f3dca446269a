/** A client kind (Chromium pages or Node) opens sessions, each one connected window or client. */

import type { WorkloadName, WorkloadParams, WorkloadResults } from '../shared/workloads.ts'
import type { SystemDef } from '../systems/index.ts'

export interface Session {
  run<W extends WorkloadName>(name: W, params: WorkloadParams[W], timeoutMs: number): Promise<WorkloadResults[W]>
  close(): Promise<void>
}

export interface ClientKind {
  /** `chromium` or `node`. */
  readonly id: string
  /** Title of this kind's table. */
  readonly title: string
  /** Connects one more client of `system` at `launchUrl`. */
  open(system: SystemDef, launchUrl: string): Promise<Session>
  stop(): Promise<void>
}
