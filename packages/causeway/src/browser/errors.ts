/**
 * The browser driver's one error type. These errors stay in the Node process (they never cross
 * the wire to a page), so they carry their own small table of codes rather than the wire's.
 */

/**
 * Every way driving the browser can fail, with what it means. The code type is derived from it.
 *
 * @example
 * console.error(`${error.code}: ${browserErrorCodes[error.code]}`)
 */
export const browserErrorCodes = {
  NotFound: 'no Chromium or Chrome executable was found',
  LaunchFailed: 'the browser could not be started, or exited before it was ready',
  ProfileInUse: 'another browser process already owns the profile directory',
  Disconnected: 'the DevTools connection closed (the browser exited or crashed)',
  CommandFailed: 'the browser answered a DevTools command with an error',
  Protocol: 'the browser sent something that is not a DevTools message',
  WindowExists: 'a window with that label is already open',
  Timeout: 'the browser did not do what was asked in time',
  Closed: 'the driver was closed',
} as const

/**
 * A `BrowserError`'s code.
 *
 * @example
 * const retryable: BrowserErrorCode[] = ['Disconnected', 'Timeout']
 */
export type BrowserErrorCode = keyof typeof browserErrorCodes

/**
 * What the driver and its DevTools connection reject with. Narrow on `code`.
 *
 * @example
 * try { await driver.open({ label: 'main', url }) }
 * catch (e) { if (e instanceof BrowserError && e.code === 'Disconnected') relaunch() }
 */
export class BrowserError extends Error {
  override readonly name = 'BrowserError'
  readonly code: BrowserErrorCode

  constructor(code: BrowserErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
  }
}
