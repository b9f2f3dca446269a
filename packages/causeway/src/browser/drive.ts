/**
 * Driving a browser someone else launched (tests, or a browser kept by a long-running process):
 * the driver opens and tracks windows in it but never quits it.
 */
import type { CdpClient } from './cdp.ts'
import { type BrowserDriver, createDriver } from './driver.ts'
import { newWindowOpener } from './targets.ts'

/**
 * A driver over a browser-level DevTools client the caller owns. Windows open with
 * `Target.createTarget` (ordinary windows, fine headless); `close()` closes them and leaves the
 * browser running. A failure to set up shows in the first `open()`.
 *
 * @example
 * // an adapter over playwright-core's browser session
 * const session = await browser.newBrowserCDPSession()
 * const driver = driveBrowser({
 *   send: (method, params) => session.send(method as never, params as never),
 *   on: (event, listener) => {
 *     const handler = (params: never) => listener(params, undefined)
 *     session.on(event as never, handler)
 *     return () => session.off(event as never, handler)
 *   },
 *   onClose: (listener) => {
 *     const handler = () => listener(new BrowserError('Disconnected', 'the session closed'))
 *     session.on('close', handler)
 *     return () => session.off('close', handler)
 *   },
 * })
 * await driver.open({ label: 'main', url })
 */
export function driveBrowser(cdp: CdpClient): BrowserDriver {
  return createDriver({ cdp, openTarget: newWindowOpener(cdp) }).driver
}
