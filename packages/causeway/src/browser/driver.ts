/**
 * The browser driver: the one object that owns a browser for an app, opens its windows, knows
 * each window's DevTools target and reports when one goes away.
 *
 * It knows nothing of the app (no labels' meaning, no server, no tokens beyond the URL it is
 * handed), only a `CdpClient` and a way to turn a URL into a target. That is the seam for a `dev`
 * mode: the driver can live in a long-running process that keeps the browser and its windows
 * while the app's backend restarts beside it and asks for windows again.
 */
import { type CdpClient, callSafely } from './cdp.ts'
import { BrowserError } from './errors.ts'

/**
 * One app window the driver opened.
 *
 * @example
 * const main = await driver.open({ label: 'main', url })
 * const { windowId } = await driver.cdp.send<{ windowId: number }>('Browser.getWindowForTarget', { targetId: main.targetId })
 * await driver.cdp.send('Runtime.evaluate', { expression: 'document.title' }, await main.session())
 * await main.close()
 */
export interface BrowserWindow {
  /** The label it was opened under. */
  readonly label: string
  /** Its page's DevTools target, for browser-level commands such as `Browser.getWindowForTarget`. */
  readonly targetId: string
  /**
   * A flattened DevTools session on the window's page, for page commands (`Runtime.evaluate`,
   * `Emulation.*`): attached on the first call, then the same session for every caller.
   */
  session(): Promise<string>
  /** Closes the window; resolves once the browser reports it gone. */
  close(): Promise<void>
}

/**
 * What a window is opened from: a label of the app's choosing and the URL to load in it.
 *
 * @example
 * const request: WindowRequest = { label: 'settings', url: `${origin}/settings?token=${token}` }
 */
export interface WindowRequest {
  label: string
  /** Sent to the browser only over the DevTools connection, never on a command line. */
  url: string
}

/**
 * Owns a browser for an app: opens app windows, tracks them, closes them. Get one from
 * `launchBrowser` (it owns the browser) or `driveBrowser` (the caller does).
 *
 * @example
 * const off = driver.onWindowClosed((label) => console.log(`${label} closed`))
 * await driver.open({ label: 'main', url })
 * driver.windows().map((w) => w.label) // ['main']
 * await driver.close()
 */
export interface BrowserDriver {
  /**
   * Opens an app window and navigates it to `url`. The URL (it carries a secret token) is only
   * ever sent over the DevTools connection, never put on a command line.
   */
  open(window: WindowRequest): Promise<BrowserWindow>
  /** The windows this driver opened that are still open. */
  windows(): BrowserWindow[]
  /** The open window of `label`, if any. */
  window(label: string): BrowserWindow | undefined
  /** Raw DevTools access for plugins: browser-level commands, and per window through `targetId` or `session()`. */
  readonly cdp: CdpClient
  /** Calls `listener` when a window's target goes away (the user closed it, or the browser exited); returns an unsubscribe function. */
  onWindowClosed(listener: (label: string) => void): () => void
  /** Closes every window it opened, and quits the browser if the driver launched it. */
  close(): Promise<void>
}

/** How a driver is put together: the connection, how a URL becomes a window, and (when it owns the browser) how to quit. */
export interface DriverParts {
  cdp: CdpClient
  /**
   * Opens a window showing `url`; resolves with its page's target id. `label` is the window's, for
   * an opener that keeps windows across backends (the `dev` supervisor's).
   */
  openTarget(url: string, label: string): Promise<string>
  /** Quits a browser the driver launched; absent when the caller owns the browser. */
  quit?: () => Promise<void>
}

interface OpenWindow {
  window: BrowserWindow
  closed: Promise<void>
  markClosed(): void
}

/** Builds a driver over `parts`; `ready` settles once the browser reports target lifetimes to it. */
export function createDriver(parts: DriverParts): { driver: BrowserDriver; ready: Promise<void> } {
  const { cdp } = parts
  const open = new Map<string, OpenWindow>()
  const byTarget = new Map<string, string>()
  const reserved = new Set<string>()
  const closeListeners = new Set<(label: string) => void>()
  // A window closed before its open() finished registering it: remembered only while opens are under way.
  const destroyedEarly = new Set<string>()
  let stoppedWith: BrowserError | undefined
  let disconnected = false
  // Read through a function: TypeScript would otherwise keep a narrowing from before an await.
  const stoppedNow = () => stoppedWith

  function forget(label: string): void {
    const entry = open.get(label)
    if (!entry) return
    open.delete(label)
    byTarget.delete(entry.window.targetId)
    entry.markClosed()
    for (const listener of closeListeners) callSafely(() => listener(label))
  }

  const offDestroyed = cdp.on<{ targetId: string }>('Target.targetDestroyed', ({ targetId }) => {
    const label = byTarget.get(targetId)
    if (label !== undefined) forget(label)
    else if (reserved.size > 0) destroyedEarly.add(targetId)
  })
  const offClose = cdp.onClose((reason) => {
    disconnected = true
    stoppedWith ??= reason
    for (const label of [...open.keys()]) forget(label)
  })
  const ready = cdp.send('Target.setDiscoverTargets', { discover: true }).then(() => {})
  ready.catch(() => {})

  function track(label: string, targetId: string): BrowserWindow {
    let markClosed = () => {}
    const closed = new Promise<void>((resolve) => (markClosed = resolve))
    let session: Promise<string> | undefined
    const window: BrowserWindow = {
      label,
      targetId,
      session() {
        session ??= cdp.send<{ sessionId: string }>('Target.attachToTarget', { targetId, flatten: true }).then(
          (result) => result.sessionId,
          (error: unknown) => {
            session = undefined
            throw error
          },
        )
        return session
      },
      async close() {
        if (open.get(label)?.window !== window) return
        try {
          await cdp.send('Target.closeTarget', { targetId })
        } catch (error) {
          // Closing the last headed window ends the browser, and with it the connection.
          if (open.get(label)?.window === window && !disconnected) throw error
        }
        await closed
      },
    }
    open.set(label, { window, closed, markClosed })
    byTarget.set(targetId, label)
    return window
  }

  const driver: BrowserDriver = {
    cdp,
    async open({ label, url }) {
      if (stoppedWith) throw new BrowserError(stoppedWith.code, `cannot open window \`${label}\`: ${stoppedWith.message}`)
      if (open.has(label) || reserved.has(label)) {
        throw new BrowserError('WindowExists', `a window labelled \`${label}\` is already open: close it first or pick another label`)
      }
      reserved.add(label)
      try {
        await ready
        const targetId = await parts.openTarget(url, label)
        const stopped = stoppedNow()
        if (stopped) {
          if (!disconnected) await cdp.send('Target.closeTarget', { targetId }).catch(() => {})
          throw new BrowserError(stopped.code, `window \`${label}\` opened as the driver stopped: ${stopped.message}`)
        }
        const window = track(label, targetId)
        if (destroyedEarly.has(targetId)) forget(label)
        return window
      } finally {
        reserved.delete(label)
        if (reserved.size === 0) destroyedEarly.clear()
      }
    },
    windows: () => [...open.values()].map((entry) => entry.window),
    window: (label) => open.get(label)?.window,
    onWindowClosed(listener) {
      const entry = (label: string) => listener(label)
      closeListeners.add(entry)
      return () => {
        closeListeners.delete(entry)
      }
    },
    async close() {
      stoppedWith ??= new BrowserError('Closed', 'the browser driver was closed')
      // Whatever fails to close is forgotten below all the same: the driver is done with it.
      if (parts.quit) await parts.quit()
      else await Promise.allSettled([...open.values()].map(({ window }) => window.close()))
      for (const label of [...open.keys()]) forget(label)
      offDestroyed()
      offClose()
    },
  }
  return { driver, ready }
}
