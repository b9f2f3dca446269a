/**
 * Coalesces the text frames one side writes in the same tick into a single frame: a JSON array
 * of messages. A loop emitting thousands of events, or a page firing a hundred calls at once,
 * costs the browser a handful of WebSocket messages instead of thousands, and order is kept.
 * Binary frames go out at once, after whatever text was queued before them.
 */
import type { Frame } from './wire.ts'

/** A batch is flushed early once it holds this many characters. */
const MAX_BATCH_CHARS = 128 * 1024

export class FrameBatcher {
  private pending: string[] = []
  private chars = 0
  private scheduled = false

  /**
   * @param schedule when to flush a batch: a microtask by default (the page); the backend uses
   * `setImmediate`, so a handler awaiting between sends (a channel producer) still batches.
   */
  constructor(
    private readonly write: (frame: Frame) => void,
    private readonly schedule: (flush: () => void) => void = (flush) => queueMicrotask(flush),
  ) {}

  send(frame: Frame): void {
    if (typeof frame !== 'string') {
      this.flush()
      this.write(frame)
      return
    }
    this.pending.push(frame)
    this.chars += frame.length
    if (this.chars >= MAX_BATCH_CHARS) this.flush()
    else if (!this.scheduled) {
      this.scheduled = true
      this.schedule(this.flush)
    }
  }

  /** Writes what is queued now. */
  readonly flush = (): void => {
    this.scheduled = false
    const pending = this.pending
    if (pending.length === 0) return
    this.pending = []
    this.chars = 0
    this.write(pending.length === 1 ? (pending[0] as string) : `[${pending.join(',')}]`)
  }

  /** Forgets what is queued (the connection is gone). */
  drop(): void {
    this.pending = []
    this.chars = 0
  }
}
