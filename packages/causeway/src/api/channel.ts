/**
 * The page end of a channel: pass one as a command argument and the backend streams ordered
 * messages into `onmessage` until it is done.
 */
import { CHANNEL_PREFIX } from '../core/protocol.ts'

/**
 * Page-wide state shared by every copy of this module on the page: the injected Tauri contract
 * script and the app's own bundle each carry one, and both must use one id counter and one
 * channel table because they share one connection.
 */
interface PageRegistry {
  lastId: number
  channels: Map<number, ChannelReceiver>
}
const registry: PageRegistry = ((globalThis as Record<symbol, PageRegistry | undefined>)[Symbol.for('causeway.page-registry')] ??= {
  lastId: 0,
  channels: new Map(),
})

/** A page-wide id, shared by channels and Tauri callbacks so the two never collide. */
export function nextPageId(): number {
  return ++registry.lastId
}

/** What the connection routes channel frames to. */
export interface ChannelReceiver {
  /** One message, in order. */
  message(value: unknown, index: number): void
  /** The backend sent `count` messages in all and is done. */
  end(count: number): void
}

/** Live channel receivers of this page, by id. */
export const liveChannels: Map<number, ChannelReceiver> = registry.channels

/**
 * @example
 * const progress = new Channel<number>((n) => (bar.value = n))
 * await invoke('download', { url, onProgress: progress })
 */
export class Channel<T = unknown> {
  readonly id = nextPageId()
  /** Called for each message, in order. */
  onmessage: (message: T) => void
  /** Called once when the backend has sent everything. */
  onend: (() => void) | undefined
  private ended = false
  private endWaiters: Array<() => void> = []

  constructor(onmessage?: (message: T) => void) {
    this.onmessage = onmessage ?? (() => {})
    // This checks that a Channel is a ChannelReceiver. No `implements`: message() and end() are
    // @internal, left out of the published declarations, where the clause would not hold.
    liveChannels.set(this.id, this)
  }

  /** Resolves once the backend closed the channel (after the last message was delivered). */
  get done(): Promise<void> {
    return this.ended ? Promise.resolve() : new Promise((resolve) => this.endWaiters.push(resolve))
  }

  /** @internal Called by the connection for each message. */
  message(value: unknown): void {
    this.onmessage(value as T)
  }

  /** @internal Called by the connection when the end marker arrives. */
  end(): void {
    if (this.ended) return
    this.ended = true
    liveChannels.delete(this.id)
    this.onend?.()
    for (const wake of this.endWaiters.splice(0)) wake()
  }

  /** The wire form, as Tauri's: `__CHANNEL__:<id>`. */
  toJSON(): string {
    return `${CHANNEL_PREFIX}${this.id}`
  }
}
