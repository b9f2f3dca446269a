/**
 * What fuzz generators make and share: frames, the run's state, and the generator shape.
 */
import type { Random } from './random.ts'

/** A text frame, a binary frame, or bytes sent as a text frame (invalid UTF-8 included). */
export type FuzzFrame = string | Uint8Array | { textBytes: Uint8Array }

/** What generators share across a run. */
export interface FuzzState {
  /** A call id not used before in this run. */
  nextId(): number
  /** A channel id not used before in this run. */
  nextChannel(): number
  /** Call ids sent recently, for cancels and duplicates. */
  readonly recentIds: number[]
  /** Channel ids sent recently, for acks. */
  readonly recentChannels: number[]
  /** Largest size, in bytes, of the big strings and blobs generators make. */
  readonly bigBytes: number
}

export interface FrameGenerator {
  readonly name: string
  /** How often it is picked, relative to the others (1 is typical). */
  readonly weight: number
  make(r: Random, s: FuzzState): FuzzFrame
}
