/**
 * One dialog from the moment its window is asked for until it ends: its registration on the
 * dialog server, its window's socket, and its outcome. It ends once, for whichever comes first:
 * an accepted answer, a dismissal (the window closed or reloaded, or sent something unreadable),
 * a failure (the window never loaded), or `end()` from outside (the requesting call went away).
 * Ending revokes its secrets, tells and closes its socket, and asks for its window to close.
 */
import type { WebSocket } from 'ws'
import { CausewayError } from '../../plugin-kit.ts'
import { type DialogResult, Refusal, type TrustedDialog } from './dialog.ts'
import type { ServerMessage, WindowMessage } from './protocol.ts'
import type { DialogServer } from './server.ts'

/** How long a dialog window has to load and connect before the dialog fails. */
const CONNECT_TIMEOUT_MS = 30_000
/** Picks one answer may carry. */
const MAX_PICKS = 10_000

/** How a dialog ended: the command's result, or why it has none. */
export type DialogOutcome = { result: DialogResult } | { error: unknown }

export class ShownDialog {
  /** Settles once, when the dialog ends. */
  readonly outcome: Promise<DialogOutcome>
  /** The URL that opens this dialog's window; it holds the single-use launch key. */
  readonly url: string
  private readonly settle: (outcome: DialogOutcome) => void
  private readonly revoke: () => void
  private readonly windowGone = new AbortController()
  private readonly timer: ReturnType<typeof setTimeout>
  private socket: WebSocket | undefined
  private stopWatching: () => void = () => {}
  private over = false

  constructor(
    /** The label of the window that asked. */
    readonly requester: string,
    private readonly dialog: TrustedDialog,
    server: DialogServer,
  ) {
    let settle: (outcome: DialogOutcome) => void = () => {}
    this.outcome = new Promise((resolve) => (settle = resolve))
    this.settle = settle
    const registration = server.register({ connected: (socket) => this.connected(socket) })
    this.url = registration.url
    this.revoke = registration.revoke
    const late = new CausewayError('App', 'the dialog window did not load in time', { kind: 'DialogUnavailable' })
    this.timer = setTimeout(() => this.end({ error: late }), CONNECT_TIMEOUT_MS)
    this.timer.unref()
  }

  /** Aborts when the dialog is over: whoever opened its window closes it then. */
  get windowClosed(): AbortSignal {
    return this.windowGone.signal
  }

  /** Whether the dialog has ended. */
  get ended(): boolean {
    return this.over
  }

  /** Hands over a function that stops watching the dialog's window; run when the dialog ends. */
  watch(stop: () => void): void {
    if (this.over) return stop()
    this.stopWatching = stop
  }

  /** The user closed the dialog window (or it reloaded): the cautious answer. */
  dismiss(): void {
    this.end({ result: this.dialog.dismissed })
  }

  /** Ends the dialog with `outcome`; later calls do nothing. */
  end(outcome: DialogOutcome): void {
    if (this.over) return
    this.over = true
    clearTimeout(this.timer)
    this.revoke()
    this.stopWatching()
    if (this.socket) {
      this.send({ t: 'done' })
      this.socket.close(1000, 'dialog over')
    }
    this.windowGone.abort()
    this.settle(outcome)
  }

  private send(message: ServerMessage): void {
    this.socket?.send(JSON.stringify(message))
  }

  private connected(socket: WebSocket): void {
    if (this.over) return void socket.close(1000, 'dialog over')
    this.socket = socket
    clearTimeout(this.timer)
    // Closing or reloading the dialog window dismisses it: its key is spent, so it cannot come back.
    socket.on('close', () => this.dismiss())
    let queue = Promise.resolve()
    socket.on('message', (data, isBinary) => {
      queue = queue.then(() => (this.over ? undefined : this.receive(isBinary ? undefined : String(data))))
    })
    this.dialog.view().then(
      (view) => this.send({ t: 'show', dialog: view }),
      (error: unknown) => this.end({ error }),
    )
  }

  /** One frame from the dialog window: parsed here, then a listing or an answer. */
  private async receive(text: string | undefined): Promise<void> {
    const message = text === undefined ? undefined : parseWindowMessage(text)
    if (!message) return this.dismiss()
    try {
      if (message.t === 'list') return this.send(await this.dialog.handleList(message))
      this.end({ result: await this.dialog.check(message.result, message.replace) })
    } catch (error) {
      const refusal = error instanceof Refusal ? error : new Refusal('refused', `the dialog failed: ${(error as Error).message}`)
      this.send({ t: 'refused', id: message.id, reason: refusal.reason, message: refusal.message })
    }
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
  const id = m['id']
  if (typeof id !== 'number' || !Number.isSafeInteger(id)) return undefined
  if (m['t'] === 'list') return typeof m['path'] === 'string' ? { t: 'list', id, path: m['path'] } : undefined
  if (m['t'] !== 'answer') return undefined
  const result = m['result']
  const ok =
    result === null ||
    typeof result === 'string' ||
    (Array.isArray(result) && result.length <= MAX_PICKS && result.every((p) => typeof p === 'string'))
  return ok ? { t: 'answer', id, result: result as DialogResult, replace: m['replace'] === true } : undefined
}
