/**
 * When and how soon a page connects again after its connection drops, and when it must not.
 * Pure policy: `Connection` applies it over whatever transport it was given.
 */

/** How a connection retries; every field is optional in `ConnectionOptions.reconnect`. */
export interface ReconnectOptions {
  /** Delay before the first attempt after a drop; each failed attempt doubles it. */
  initialDelayMs?: number
  /** The longest delay between two attempts. */
  maxDelayMs?: number
  /**
   * Attempts in a row that may fail (the upgrade refused or the backend unreachable) before the
   * connection gives up and closes. A connection that gets as far as the backend's hello resets it.
   */
  maxAttempts?: number
}

/**
 * 100 ms doubling to 5 s, at most 10 attempts in a row: a dropped socket comes back within
 * 50-100 ms, a backend restarting under the page is retried for 13-26 s in all (each delay is
 * jittered into its upper half, so many pages of one app do not knock at the same instant), and a
 * refused credential fails within that time instead of retrying forever.
 */
export const RECONNECT_DEFAULTS: Readonly<Required<ReconnectOptions>> = { initialDelayMs: 100, maxDelayMs: 5_000, maxAttempts: 10 }

/**
 * How long a call made while the connection is not open (connecting, reconnecting) waits for it
 * before rejecting with `Disconnected`: longer than the usual reconnect, shorter than a user's patience.
 */
export const CALL_WAIT_MS = 10_000

/**
 * The backend closes a connection with this code when a newer connection of the same window
 * replaced it. The page must not reconnect: two tabs of one window would take it from each other forever.
 */
export const CLOSE_REPLACED = 4001
/** The backend closes a connection with this code when it refused the window credential. */
export const CLOSE_CREDENTIAL_REFUSED = 4003

/**
 * The delay before attempt `failures` (0 for the first attempt after a drop): the capped
 * exponential delay, jittered into [delay / 2, delay].
 *
 * @example
 * backoffDelay(0, RECONNECT_DEFAULTS) // 50..100
 * backoffDelay(9, RECONNECT_DEFAULTS) // 2500..5000
 */
export function backoffDelay(failures: number, policy: Required<ReconnectOptions>, random: () => number = Math.random): number {
  const delay = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.min(failures, 30))
  return delay / 2 + (random() * delay) / 2
}

/**
 * Why a close is the end of this page's connection, or undefined when the page should connect
 * again. `code` is absent when the transport gave up before any socket closed (no credential).
 *
 * @example
 * finalCloseReason('replaced by a newer connection', 4001) // 'another page took over this window ...'
 * finalCloseReason('', 1006) // undefined: connect again
 */
export function finalCloseReason(reason: string, code: number | undefined): string | undefined {
  if (code === undefined) return reason
  if (code === CLOSE_REPLACED) {
    return (
      'another page took over this window (the backend closed this connection with code 4001: replaced by a newer connection). ' +
      'This page does not reconnect, so the two pages do not take the window from each other in turn: use the newer page, ' +
      'or close it and open the window again from the app'
    )
  }
  if (code === CLOSE_CREDENTIAL_REFUSED) {
    return (
      `the backend refused this window's credential: ${reason}. It was already used, or the window was closed: ` +
      'open the window again from the app'
    )
  }
  return undefined
}

/**
 * What a connection that gave up says.
 *
 * @example
 * gaveUpReason(10, 'the connection to the backend closed (code 1006)')
 */
export function gaveUpReason(attempts: number, last: string): string {
  return (
    `could not reach the backend in ${attempts} attempts in a row (last: ${last}): it is not running, or it no longer accepts ` +
    "this window's credential (it restarted without keeping it, or the window was closed). Open the window again from the app"
  )
}
