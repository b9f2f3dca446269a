/**
 * What one window, one connection and the whole app may use. Every limit has a default sized for
 * a real app with room to spare, is configurable in `createApp({ limits })`, and is enforced
 * before the work it protects: an over-limit input is refused with a clear error or close code.
 * SECURITY.md lists them with their defaults.
 */

/** What happens when a page stops reading its socket while events keep coming. */
export type SlowReaderPolicy = 'disconnect' | 'drop'

export interface Limits {
  /** Largest WebSocket message a page may send, in bytes (closed with 1009 above it). */
  maxFrameBytes: number
  /** Messages in one batched frame; a larger batch is refused whole. */
  maxMessagesPerFrame: number
  /** Nesting depth of any value in a message (serde_json's limit). */
  maxDepth: number
  /** Length of a command name; longer ones are refused without a "did you mean" search. */
  maxCommandNameLength: number
  /** Length of an event name. */
  maxEventNameLength: number
  /** `Channel` arguments in one call. */
  maxChannelsPerCall: number
  /** Channels open at once on one connection. */
  maxChannelsPerConnection: number
  /** Calls in flight at once on one connection. */
  maxPendingCalls: number
  /** Event listeners registered by one connection. */
  maxListenersPerConnection: number
  /** Live connections of the whole app. */
  maxConnections: number
  /**
   * Bytes written to a connection's socket and not yet sent. Above it a channel producer's
   * `send()` waits, and events follow `slowReader`. It counts everything queued, results included:
   * above `maxFrameBytes` by default so a large reply followed by events is not taken for a stalled page.
   */
  maxBufferedBytes: number
  /** A page whose socket holds more than `maxBufferedBytes` is disconnected, or misses events (counted, warned). */
  slowReader: SlowReaderPolicy
  /** Warnings sent to (and logged for) one connection per second; the rest are counted and summarized. */
  warningsPerSecond: number
}

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  maxFrameBytes: 64 * 1024 * 1024,
  maxMessagesPerFrame: 1_000,
  maxDepth: 128,
  maxCommandNameLength: 256,
  maxEventNameLength: 256,
  maxChannelsPerCall: 8,
  maxChannelsPerConnection: 256,
  maxPendingCalls: 1_024,
  maxListenersPerConnection: 4_096,
  maxConnections: 256,
  maxBufferedBytes: 96 * 1024 * 1024,
  slowReader: 'disconnect',
  warningsPerSecond: 10,
})

/**
 * The defaults with `overrides` applied; refuses values that are not positive integers.
 *
 * @example
 * resolveLimits({ maxPendingCalls: 64 }).maxPendingCalls // 64
 */
export function resolveLimits(overrides: Partial<Limits> = {}): Readonly<Limits> {
  const limits = { ...DEFAULT_LIMITS, ...overrides }
  for (const [name, value] of Object.entries(limits)) {
    if (name === 'slowReader') {
      if (value !== 'disconnect' && value !== 'drop')
        throw new TypeError(`limits.slowReader must be 'disconnect' or 'drop', got ${JSON.stringify(value)}`)
    } else if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
      throw new TypeError(`limits.${name} must be a positive integer, got ${JSON.stringify(value)}`)
    }
  }
  return Object.freeze(limits)
}

/** Shortens untrusted text for a message or a log line. */
export function preview(text: string, max = 80): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`
}
