/**
 * The dialog plugin's state in one app: its dialog server and the dialogs on screen. `show`
 * opens a dialog as a window of its own (through the app's browser driver, or the app's
 * `showWindow`), waits for the user's answer on that window's socket, and resolves the requesting
 * command with it. The dialog ends, and its window closes, when it is answered, when its window
 * closes or reloads (a dismissal), or when the requesting call is cancelled or its page goes away.
 */
import { randomUUID } from 'node:crypto'
import { type BrowserDriver, bundledPageScript, CausewayError, type PluginCommandContext } from '../../plugin-kit.ts'
import { type DialogResult, TrustedDialog } from './dialog.ts'
import type { DialogSpec } from './requests.ts'
import { DialogServer } from './server.ts'
import { ShownDialog } from './shown-dialog.ts'

/** How `dialogPlugin()` is set up. */
export interface DialogPluginOptions {
  /**
   * Shows a dialog window yourself instead of in the app's browser: load `url` in a browser
   * window of its own (it holds the window's single-use key: give it to nothing else), and close
   * that window when `signal` aborts. Without it, dialogs open through the app's browser driver,
   * and fail with `DialogUnavailable` when the app has none (it runs with `open: false`).
   */
  showWindow?: (url: string, signal: AbortSignal) => void | Promise<void>
}

/** Dialogs one window may have on screen at once. */
const PER_WINDOW = 1
/** Dialogs an app may have on screen at once. */
const PER_APP = 16
/** Size of a dialog window opened through the browser driver (headed only). */
const WINDOW_BOUNDS = { width: 560, height: 560 }

export class DialogState {
  private readonly script = bundledPageScript(new URL('./page-window.ts', import.meta.url))
  private readonly server = new DialogServer(async () => this.script.source())
  private readonly live = new Set<ShownDialog>()

  constructor(private readonly options: DialogPluginOptions = {}) {}

  /** Starts the dialog server (the plugin's `setup`). */
  start(): Promise<void> {
    return this.server.start()
  }

  /** Ends every dialog and stops the server (the plugin's `teardown`). */
  async close(): Promise<void> {
    for (const dialog of [...this.live]) dialog.end({ error: new CausewayError('Cancelled', 'the app closed') })
    await this.server.close()
  }

  /** The dialog server's origin, `http://127.0.0.1:<port>`. */
  get origin(): string {
    return this.server.origin
  }

  /** How many dialogs are on screen. */
  get size(): number {
    return this.live.size
  }

  /**
   * Shows `spec` to the user on behalf of the calling window; resolves with the checked answer
   * (null or a message's cautious label when dismissed), rejects when the call is cancelled.
   */
  async show(ctx: PluginCommandContext<DialogState>, spec: DialogSpec): Promise<DialogResult> {
    const requester = ctx.window.label
    if ([...this.live].filter((d) => d.requester === requester).length >= PER_WINDOW) {
      throw new CausewayError('LimitExceeded', `window \`${requester}\` has a dialog open already: it must be answered or closed first`)
    }
    if (this.live.size >= PER_APP) throw new CausewayError('LimitExceeded', `the app has ${PER_APP} dialogs open already`)
    const browser = ctx.app.browser
    const { showWindow } = this.options
    if (!showWindow && !browser) {
      throw new CausewayError(
        'App',
        'a dialog needs a window of its own, and this app opened no browser (it runs with open: false): run it with a browser, or pass dialogPlugin({ showWindow })',
        { kind: 'DialogUnavailable' },
      )
    }
    ctx.signal.throwIfAborted()

    const shown = new ShownDialog(requester, new TrustedDialog(spec, { requester, home: ctx.app.paths.home }), this.server)
    this.live.add(shown)
    const abort = () => shown.end({ error: ctx.signal.reason ?? new CausewayError('Cancelled', 'the dialog was cancelled') })
    ctx.signal.addEventListener('abort', abort, { once: true })
    try {
      if (showWindow) await showWindow(shown.url, shown.windowClosed)
      else shown.watch(await openInBrowser(browser as BrowserDriver, shown, () => shown.dismiss()))
    } catch (error) {
      shown.end({ error })
    }
    const outcome = await shown.outcome
    ctx.signal.removeEventListener('abort', abort)
    this.live.delete(shown)
    if ('error' in outcome) throw outcome.error
    return outcome.result
  }
}

/**
 * Opens the dialog's window through the app's browser driver, under a label of its own; returns
 * a function that stops watching it. The window is closed when the dialog ends; `closed` runs if
 * the user closes it first.
 */
async function openInBrowser(browser: BrowserDriver, shown: ShownDialog, closed: () => void): Promise<() => void> {
  const label = `causeway-dialog-${randomUUID()}`
  const off = browser.onWindowClosed((which) => which === label && closed())
  shown.windowClosed.addEventListener(
    'abort',
    () =>
      void browser
        .window(label)
        ?.close()
        .catch(() => {}),
    { once: true },
  )
  try {
    const window = await browser.open({ label, url: shown.url })
    if (shown.ended) await window.close().catch(() => {})
    void sizeWindow(browser, window.targetId)
  } catch (error) {
    off()
    throw error
  }
  return off
}

/** Gives a headed dialog window a dialog's size; headless windows have no bounds to set, which is fine. */
async function sizeWindow(browser: BrowserDriver, targetId: string): Promise<void> {
  try {
    const { windowId } = await browser.cdp.send<{ windowId: number }>('Browser.getWindowForTarget', { targetId })
    await browser.cdp.send('Browser.setWindowBounds', { windowId, bounds: WINDOW_BOUNDS })
  } catch {
    // Sizing is cosmetic.
  }
}
