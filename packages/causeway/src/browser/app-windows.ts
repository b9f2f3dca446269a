/**
 * Headed app windows. DevTools cannot open a window in app mode (`Target.createTarget` with
 * `newWindow` makes an ordinary window with tabs and an address bar), and `--app=` is the only
 * way to get one. So every app window starts from a command line, but on a blank `data:` URL
 * that carries no secret: the browser is launched on one, and each further window is a short-lived
 * `chromium --app=<blank URL>` on the same profile, which hands the request to the running browser
 * and exits. The driver then finds the new target by the blank URL's nonce and navigates it to
 * the real (tokened) URL over the DevTools pipe.
 */
import { randomUUID } from 'node:crypto'
import type { CdpClient } from './cdp.ts'
import { navigateTarget, waitForTarget } from './targets.ts'

const SHOW_TIMEOUT_MS = 15_000

/** A blank page for an app window to start on, marked with `nonce` so the driver can tell its target apart. */
export function blankAppUrl(nonce: string): string {
  return `data:text/html,<!--causeway-window-${nonce}-->`
}

/**
 * Opens app windows for a headed browser launched with `--app=${blankAppUrl(initialNonce)}`: the
 * first call takes that window, each later one asks `spawnAppWindow` for one on a fresh blank URL.
 */
export function appWindowOpener(
  cdp: CdpClient,
  initialNonce: string,
  spawnAppWindow: (blankUrl: string) => Promise<void>,
): (url: string) => Promise<string> {
  let unclaimed: string | undefined = initialNonce
  return async (url) => {
    const nonce = unclaimed ?? randomUUID()
    const isInitial = unclaimed !== undefined
    unclaimed = undefined
    const abort = new AbortController()
    const found = waitForTarget(cdp, (info) => info.type === 'page' && info.url.includes(nonce), 'the new app window', {
      timeoutMs: SHOW_TIMEOUT_MS,
      signal: abort.signal,
    })
    // Handled here so a timeout while the window is still being spawned is not an unhandled rejection.
    found.catch(() => {})
    if (!isInitial) {
      try {
        await spawnAppWindow(blankAppUrl(nonce))
      } catch (error) {
        abort.abort(error)
        await found.catch(() => {})
        throw error
      }
    }
    const targetId = await found
    await navigateTarget(cdp, targetId, url)
    return targetId
  }
}
