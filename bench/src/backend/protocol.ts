/** Messages between the harness and a backend child process (over the fork IPC channel). */
import type { BackendOptions } from './handle.ts'

export type BackendOp =
  | { op: 'launchUrls'; count: number }
  /** Waits until `listeners` registrations exist (where the system can tell), then broadcasts `count` events. */
  | { op: 'emit'; count: number; listeners: number }
  /** Runs the GC a few times and returns `process.memoryUsage()`. */
  | { op: 'memory' }
  | { op: 'close' }

export type ParentMessage = { type: 'start'; system: string; options: BackendOptions } | ({ type: 'request'; id: number } & BackendOp)

export type ChildMessage =
  | { type: 'ready'; url: string }
  | { type: 'failed'; message: string }
  | { type: 'reply'; id: number; ok: true; value: unknown }
  | { type: 'reply'; id: number; ok: false; message: string }
