/**
 * The dialog plugin's state in one app: its dialog server and the dialogs on screen. `show`
 * opens a dialog as a window of its own (through the app's browser driver, or the app's
 * `showWindow`), waits for the user's answer on that window's socket, and resolves the requesting
 * command with it. The dialog ends, and its window closes, when it is answered, when its window
 * closes or reloads (a dismissal), or when the requesting call is cancelled or its page goes away.
 */
import { randomUUID } from 'node:crypto'
import type { WebSocket } from 'ws'
import { type BrowserDriver, bundledPageScript, CausewayError, type PluginCommandContext } from '../../plugin-kit.ts'
import { type DialogResult, Refusal, TrustedDialog } from './dialog.ts'
import type { ServerMessage, WindowMessage } from './protocol.ts'
import type { DialogSpec } from './requests.ts'
import { DialogServer } from './server.ts'

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
/** How long a dialog window has to load and connect before the dialog fails. */
const CONNECT_TIMEOUT_MS = 30_000
/** Size of a dialog window opened through the browser driver (headed only). */
const WINDOW_BOUNDS = { width: 560, height: 560 }

interface Live {
  requester: string
  end(): void
}

export class DialogState {
  private readonly script = bundledPageScript(new URL('./page-window.ts', import.meta.url))
  private readonly server = new DialogServer(async () => this.script.source())
  private readonly live = new Set<Live>()

  constructor(private readonly options: DialogPluginOptions = {}) {}

  /** Starts the dialog server (the plugin's `setup`). */
  start(): Promise<void> {
    return this.server.start()
  }

  /** Ends every dialog and stops the server (the plugin's `teardown`). */
  async close(): Promise<void> {
    for (const dialog of [...this.live]) dialog.end()
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

    const dialog = new TrustedDialog(spec, { requester, home: ctx.app.paths.home })
    const label = `causeway-dialog-${randomUUID()}`
    const windowGone = new AbortController()
    let socket: WebSocket | undefined
    let over = false
    let timer: ReturnType<typeof setTimeout> | undefined
    let offClosed: () => void = () => {}
    let settle: (outcome: { result: DialogResult } | { error: unknown }) => void = () => {}
    const outcome = new Promise<{ result: DialogResult } | { error: unknown }>((resolve) => (settle = resolve))

    const end = (result: { result: DialogResult } | { error: unknown }) => {
      if (over) return
      over = true
      this.live.delete(entry)
      clearTimeout(timer)
      ctx.signal.removeEventListener('abort', aborted)
      offClosed()
      revoke()
      if (socket) {
        send({ t: 'done' })
        socket.close(1000, 'dialog over')
      }
      windowGone.abort()
      settle(result)
    }
    const entry: Live = { requester, end: () => end({ error: new CausewayError('Cancelled', 'the app closed') }) }
    const dismiss = () => end({ result: dialog.dismissed })
    const aborted = () => end({ error: ctx.signal.reason ?? new CausewayError('Cancelled', 'the dialog was cancelled') })
    const send = (message: ServerMessage) => socket?.send(JSON.stringify(message))

    const { url, revoke } = this.server.register({
      connected: (ws) => {
        if (over) return void ws.close(1000, 'dialog over')
        socket = ws
        clearTimeout(timer)
        // Closing or reloading the dialog window dismisses it: its key is spent, so it cannot come back.
        ws.on('close', dismiss)
        let queue = Promise.resolve()
        ws.on('message', (data, isBinary) => {
          queue = queue.then(() => (over ? undefined : this.receive(dialog, data, isBinary, send, end)))
        })
        void dialog.view().then(
          (view) => send({ t: 'show', dialog: view }),
          (error: unknown) => end({ error }),
        )
      },
    })
    timer = setTimeout(
      () => end({ error: new CausewayError('App', 'the dialog window did not load in time', { kind: 'DialogUnavailable' }) }),
      CONNECT_TIMEOUT_MS,
    )
    timer.unref()
    this.live.add(entry)
    ctx.signal.addEventListener('abort', aborted, { once: true })

    try {
      if (showWindow) await showWindow(url, windowGone.signal)
      else {
        offClosed = await openInBrowser(browser as BrowserDriver, label, url, windowGone.signal, dismiss)
        if (over) offClosed()
      }
    } catch (error) {
      end({ error })
    }
    const settled = await outcome
    if ('error' in settled) throw settled.error
    return settled.result
  }

  /** One frame from a dialog window: parsed here, then a listing or an answer. */
  private async receive(
    dialog: TrustedDialog,
    data: unknown,
    isBinary: boolean,
    send: (message: ServerMessage) => void,
    end: (outcome: { result: DialogResult }) => void,
  ): Promise<void> {
    const message = isBinary ? undefined : parseWindowMessage(String(data))
    if (!message) return end({ result: dialog.dismissed })
    try {
      if (message.t === 'list') return send(await dialog.handleList(message))
      end({ result: await dialog.check(message.result, message.replace) })
    } catch (error) {
      const refusal = error instanceof Refusal ? error : new Refusal('refused', `the dialog failed: ${(error as Error).message}`)
      send({ t: 'refused', id: message.id, reason: refusal.reason, message: refusal.message })
    }
  }
}

/**
 * Opens the dialog window through the app's browser driver; returns a function that stops
 * watching it. The window is closed when `gone` aborts; `closed` runs if the user closes it.
 */
async function openInBrowser(
  browser: BrowserDriver,
  label: string,
  url: string,
  gone: AbortSignal,
  closed: () => void,
): Promise<() => void> {
  const off = browser.onWindowClosed((which) => which === label && closed())
  gone.addEventListener(
    'abort',
    () =>
      void browser
        .window(label)
        ?.close()
        .catch(() => {}),
    { once: true },
  )
  try {
    const window = await browser.open({ label, url })
    if (gone.aborted) await window.close().catch(() => {})
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

/** A dialog window's frame as a typed message, or undefined when it is not one. */
function parseWindowMessage(text: string): WindowMessage | undefined {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return undefined
  }
  if (typeof value !== 'object' || value === null) return undefined
  const m = value as Record<string, unknown>
  if (typeof m['id'] !== 'number' || !Number.isSafeInteger(m['id'])) return undefined
  const id = m['id']
  if (m['t'] === 'list' && typeof m['path'] === 'string') return { t: 'list', id, path: m['path'] }
  if (m['t'] !== 'answer') return undefined
  const result = m['result']
  const ok =
    result === null ||
    typeof result === 'string' ||
    (Array.isArray(result) && result.length <= 10_000 && result.every((p) => typeof p === 'string'))
  if (!ok) return undefined
  return { t: 'answer', id, result: result as string | string[] | null, replace: m['replace'] === true }
}
