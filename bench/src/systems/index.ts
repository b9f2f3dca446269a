/**
 * The systems under comparison, in the order they run in every round. The first is the floor that
 * the others are measured against. Each system lives in `systems/<id>/` as `server.ts` (loaded in a
 * backend child), `client.ts` (the `BenchClient` adapter) and `page.ts` (the page entry).
 */
import { fileURLToPath } from 'node:url'
import type { Connect } from '../shared/client.ts'

export interface SystemDef {
  id: string
  /** Absolute path of the page entry to bundle. */
  pageEntry: string
  /** Loads the Node client adapter. */
  nodeClient: () => Promise<Connect>
}

const entry = (id: string): string => fileURLToPath(new URL(`./${id}/page.ts`, import.meta.url))

export const systems: SystemDef[] = [
  { id: 'ws-floor', pageEntry: entry('ws-floor'), nodeClient: async () => (await import('./ws-floor/client.ts')).connect },
  { id: 'socket-io', pageEntry: entry('socket-io'), nodeClient: async () => (await import('./socket-io/client.ts')).connect },
  { id: 'birpc', pageEntry: entry('birpc'), nodeClient: async () => (await import('./birpc/client.ts')).connect },
  { id: 'trpc', pageEntry: entry('trpc'), nodeClient: async () => (await import('./trpc/client.ts')).connect },
  {
    id: 'causeway',
    pageEntry: entry('causeway'),
    nodeClient: async () => (await import('./causeway/node-client.ts')).connect,
  },
]

export const FLOOR = 'ws-floor'
