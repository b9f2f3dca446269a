/**
 * The backend end of a channel a page passed as an argument (`new Channel()` in the page,
 * `__CHANNEL__:<id>` on the wire). Ordered, and paced by the page's acks so a slow page cannot
 * make the backend buffer without bound. It outlives the command that received it: it is open
 * until the backend calls `close()` or the window goes away, so a command can return at once and
 * stream afterwards (a command that fails ends its channels).
 */
import type { ChannelBrand } from '../core/channel-brand.ts'
import { CausewayError } from '../core/errors.ts'

/** How many messages may be in flight (sent, not yet acknowledged by the page). */
export const CHANNEL_WINDOW = 1024

export interface ChannelOutput {
  /** Sends one message frame; returns false if the connection is gone. */
  sendChannelMessage(ch: number, index: number, value: unknown): boolean
  sendEnd(ch: number, count: number): void
  /** Resolves once the connection's socket has room for more (a page that stops reading pauses the producer). */
  room(): Promise<void>
}

/**
 * What a handler receives for a `Channel` argument. Close it when done: until then the page's
 * channel does not end and it counts against `limits.maxChannelsPerConnection`.
 *
 * @example
 * async function download({ onProgress }: { onProgress: Channel<number> }) {
 *   for (let i = 1; i <= 100; i++) await onProgress.send(i)
 *   onProgress.close()
 * }
 * // or return at once and keep streaming:
 * function spawn({ onEvent }: { onEvent: Channel<string> }) {
 *   const child = startChild()
 *   child.on('line', (line) => void onEvent.send(line))
 *   child.on('exit', () => onEvent.close())
 *   return child.pid
 * }
 */
export class Channel<T = unknown> implements ChannelBrand<T> {
  /** Type-only: lets the typed page client map this argument to a page `Channel<T>`. */
  declare readonly '~channel': { message: T }
  private sent = 0
  private acked = 0
  private closed = false
  private readonly waiters: Array<() => void> = []

  constructor(
    /** The id the page chose. */
    readonly id: number,
    private readonly output: ChannelOutput,
  ) {}

  /**
   * Sends a message. The promise settles once the page has room for more: await it in loops so a
   * slow page slows the producer instead of growing memory. Rejects if the channel is closed.
   */
  send(message: T): Promise<void> {
    if (this.closed) return Promise.reject(new CausewayError('Disconnected', `channel ${this.id} is closed`))
    const index = this.sent++
    if (!this.output.sendChannelMessage(this.id, index, message)) {
      this.closed = true
      return Promise.reject(new CausewayError('Disconnected', `channel ${this.id}: the window went away`))
    }
    if (this.sent - this.acked < CHANNEL_WINDOW) return this.output.room()
    return new Promise<void>((resolve) => this.waiters.push(resolve)).then(() => this.output.room())
  }

  /** Tells the page no more messages will come, and frees the channel's place in the connection's limit. Idempotent. */
  close(): void {
    if (this.closed) return
    this.closed = true
    this.output.sendEnd(this.id, this.sent)
    this.release()
  }

  /** The page consumed `n` more messages. */
  ack(n: number): void {
    this.acked = Math.min(this.sent, this.acked + n)
    if (this.sent - this.acked < CHANNEL_WINDOW) this.release()
  }

  /** The connection closed: wake producers so their next send rejects. */
  abandon(): void {
    this.closed = true
    this.release()
  }

  /**
   * How the channel reads in JSON (an error message quoting the arguments, a log line): its wire
   * form, never the connection and app behind it.
   */
  toJSON(): string {
    return `__CHANNEL__:${this.id}`
  }

  get isClosed(): boolean {
    return this.closed
  }

  private release(): void {
    for (const wake of this.waiters.splice(0)) wake()
  }
}
