/**
 * The page's side of the protocol over any transport: calls, events and channels.
 * `invoke`/`listen` in `causewayjs/api` and the Tauri page contract both sit on one `Connection`.
 */

import { FrameBatcher } from '../core/batcher.ts'
import { CausewayError, type ErrorPayload } from '../core/errors.ts'
import { assertEventName } from '../core/names.ts'
import { parseServerFrame } from '../core/parse.ts'
import type { ClientMessage, ServerMessage } from '../core/protocol.ts'
import type { EmitTarget } from '../core/targets.ts'
import { encodeMessage, type Frame } from '../core/wire.ts'
import { liveChannels } from './channel.ts'

/** What a transport adapter provides to the connection. */
export interface ClientTransport {
  send(frame: Frame): void
  /** Installs the receivers; called once. */
  start(onFrame: (frame: string | Uint8Array) => void, onClose: (reason: string) => void): void
  close(): void
}

export interface InvokeOptions {
  /** Aborting rejects the call with `Cancelled` and fires the handler's `ctx.signal`. */
  signal?: AbortSignal
  headers?: Record<string, string>
}

/** The event a listener receives, as Tauri's: `{ event, id, payload }`. */
export interface Event<T> {
  event: string
  /** The listener's id. */
  id: number
  payload: T
}

export type EventCallback<T> = (event: Event<T>) => void
export type UnlistenFn = () => void

export interface ListenOptions {
  /** Which emits to hear. Default: broadcasts and events sent to this window. `{ kind: 'Any' }` hears all. */
  target?: EmitTarget
}

const CALL_FAILURE = Symbol.for('causeway.call-failure')

/** How a call failed: the error payload as the backend sent it. */
export class CallFailure {
  readonly [CALL_FAILURE] = true
  constructor(readonly payload: ErrorPayload) {}

  /** Recognizes failures from any copy of this module on the page (the connection is shared). */
  static is(value: unknown): value is CallFailure {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[CALL_FAILURE] === true
  }
}

interface Pending {
  resolve(value: unknown): void
  reject(failure: CallFailure): void
}

/** Acknowledge channel messages in batches well under the backend's window. */
const ACK_EVERY = 128

export class Connection {
  private nextId = 1
  private readonly pending = new Map<number, Pending>()
  private readonly handlers = new Map<number, { event: string; callback: EventCallback<unknown> }>()
  private readonly unacked = new Map<number, number>()
  private readonly pluginHandlers = new Map<string, (payload: unknown) => void>()
  private closedReason: string | undefined
  private ready: Promise<{ label: string; dev: boolean }>
  private markReady!: (hello: { label: string; dev: boolean }) => void
  private markFailed!: (reason: string) => void
  /** Warnings from the backend (development mode) are printed here. */
  onWarning: (message: string) => void = (message) => console.warn(`[causeway] ${message}`)

  /** Calls made in one tick (a page firing many at once) coalesce into one frame. */
  private readonly out: FrameBatcher

  constructor(private readonly transport: ClientTransport) {
    this.out = new FrameBatcher((frame) => transport.send(frame))
    this.ready = new Promise((resolve, reject) => {
      this.markReady = resolve
      this.markFailed = (reason) => reject(new CausewayError('Disconnected', reason))
    })
    this.ready.catch(() => {})
    transport.start(
      (frame) => this.receive(frame),
      (reason) => this.closed(reason),
    )
  }

  /**
   * This window's label and whether the backend runs in development mode.
   * @internal for page layers (the Tauri contract)
   */
  hello(): Promise<{ label: string; dev: boolean }> {
    return this.ready
  }

  /**
   * Calls a command; resolves with its value or rejects with the backend's error payload wrapped
   * in `CallFailure` (the public API turns it into a `CausewayError`).
   * @internal for page layers (the Tauri contract)
   */
  call(cmd: string, args: unknown, options: InvokeOptions = {}): Promise<unknown> {
    if (this.closedReason !== undefined) return Promise.reject(new CallFailure({ code: 'Disconnected', message: this.closedReason }))
    if (options.signal?.aborted)
      return Promise.reject(new CallFailure({ code: 'Cancelled', message: 'the call was aborted before it was sent' }))
    const id = this.nextId++
    const message: ClientMessage = { t: 'invoke', id, cmd }
    if (args !== undefined) message.args = args
    if (options.headers) message.headers = options.headers
    let frame: Frame
    try {
      frame = encodeMessage(message)
    } catch (error) {
      return Promise.reject(new CallFailure((error as CausewayError).toPayload()))
    }
    return new Promise((resolve, reject) => {
      const signal = options.signal
      const onAbort = (): void => {
        if (!this.pending.delete(id)) return
        this.sendMessage({ t: 'cancel', id })
        reject(new CallFailure({ code: 'Cancelled', message: `\`${cmd}\` was cancelled by the caller` }))
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      const done = () => signal?.removeEventListener('abort', onAbort)
      this.pending.set(id, {
        resolve: (value) => {
          done()
          resolve(value)
        },
        reject: (failure) => {
          done()
          reject(failure)
        },
      })
      this.out.send(frame)
    })
  }

  /** Like `call`, rejecting with a `CausewayError`. */
  async invoke<T>(cmd: string, args?: unknown, options?: InvokeOptions): Promise<T> {
    try {
      return (await this.call(cmd, args, options)) as T
    } catch (failure) {
      throw CallFailure.is(failure) ? CausewayError.fromPayload(failure.payload) : failure
    }
  }

  /**
   * Listens for an event; resolves to the function that stops listening. Unlistening stops
   * delivery at once, before the backend has even heard about it.
   */
  async listen<T>(event: string, callback: EventCallback<T>, options: ListenOptions = {}): Promise<UnlistenFn> {
    assertEventName(event, Number.POSITIVE_INFINITY)
    const { label, dev } = await this.ready
    if (dev) this.warnIfDuplicate(event, callback as EventCallback<unknown>)
    const target = options.target ?? { kind: 'WebviewWindow', label }
    const id = (await this.invoke<number>('plugin:event|listen', { event, target })) as number
    this.handlers.set(id, { event, callback: callback as EventCallback<unknown> })
    return () => this.unlisten(event, id)
  }

  /** Listens for the next occurrence only. */
  async once<T>(event: string, callback: EventCallback<T>, options: ListenOptions = {}): Promise<UnlistenFn> {
    let unlisten: UnlistenFn | undefined
    let fired = false
    unlisten = await this.listen<T>(
      event,
      (e) => {
        if (fired) return
        fired = true
        unlisten?.()
        callback(e)
      },
      options,
    )
    return unlisten
  }

  /**
   * Registers a listener id the backend already knows (the Tauri page contract does its own listen call).
   * @internal
   */
  addHandler(id: number, event: string, callback: EventCallback<unknown>): void {
    this.handlers.set(id, { event, callback })
  }

  /**
   * Stops delivery to a listener now without telling the backend (the caller unlistens itself).
   * @internal
   */
  removeHandler(id: number): boolean {
    return this.handlers.delete(id)
  }

  /**
   * Receives what the backend part of plugin `plugin` posts to this page (`connection.post`).
   * One handler per plugin: a plugin's page script registers it once.
   *
   * @example
   * connection().onPluginMessage('window', (request) => { document.title = request.title })
   */
  onPluginMessage(plugin: string, handler: (payload: unknown) => void): void {
    if (this.pluginHandlers.has(plugin)) throw new Error(`plugin \`${plugin}\` already has a page handler on this connection`)
    this.pluginHandlers.set(plugin, handler)
  }

  /** Stops delivery to a listener now and tells the backend. */
  unlisten(event: string, id: number): void {
    if (!this.handlers.delete(id)) return
    this.call('plugin:event|unlisten', { event, eventId: id }).catch(() => {})
  }

  /** Emits to every window and the backend. */
  emit(event: string, payload?: unknown): Promise<void> {
    assertEventName(event, Number.POSITIVE_INFINITY)
    return this.invoke('plugin:event|emit', { event, payload: payload ?? null })
  }

  /** Emits to one window by label, or a Tauri target kind. */
  emitTo(target: EmitTarget, event: string, payload?: unknown): Promise<void> {
    assertEventName(event, Number.POSITIVE_INFINITY)
    return this.invoke('plugin:event|emit_to', { target, event, payload: payload ?? null })
  }

  close(): void {
    this.out.flush()
    this.transport.close()
    this.closed('the page closed the connection')
  }

  private warnIfDuplicate(event: string, callback: EventCallback<unknown>): void {
    let same = 0
    for (const handler of this.handlers.values()) if (handler.event === event && handler.callback === callback) same++
    if (same > 0) {
      this.onWarning(
        `listen('${event}'): this handler is already listening to \`${event}\` in this window (${same + 1} listeners now), ` +
          'so it will run twice per event. Call the unlisten function returned by the first listen() when the component unmounts.',
      )
    }
  }

  private sendMessage(message: ClientMessage): void {
    if (this.closedReason === undefined) this.out.send(encodeMessage(message))
  }

  private receive(frame: string | Uint8Array): void {
    const messages = parseServerFrame(frame)
    if (messages instanceof CausewayError) return this.onWarning(`ignored a malformed message from the backend: ${messages.message}`)
    for (const message of messages) {
      if (message.t !== 'invalid') this.handle(message)
      else if (message.id !== undefined && this.pending.has(message.id))
        this.settle(message.id, undefined, { code: 'Protocol', message: message.reason })
      else this.onWarning(`ignored a malformed message from the backend: ${message.reason}`)
    }
  }

  private settle(id: number, value: unknown, error?: ErrorPayload): void {
    const pending = this.pending.get(id)
    if (!pending) return
    this.pending.delete(id)
    if (error) pending.reject(new CallFailure(error))
    else pending.resolve(value)
  }

  private handle(message: ServerMessage): void {
    switch (message.t) {
      case 'ok':
        return this.settle(message.id, message.v)
      case 'err':
        return this.settle(message.id, undefined, message.e)
      case 'event':
        return this.dispatchEvent(message.event, message.ids, message.p ?? null)
      case 'chan':
        return this.channelMessage(message.ch, message.i, message.v)
      case 'chan-end':
        liveChannels.get(message.ch)?.end(message.n)
        liveChannels.delete(message.ch)
        this.unacked.delete(message.ch)
        return
      case 'hello':
        return this.markReady({ label: message.label, dev: message.dev })
      case 'warn':
        return this.onWarning(message.message)
      case 'plugin':
        return this.pluginMessage(message.plugin, message.p)
    }
  }

  private dispatchEvent(event: string, ids: number[], payload: unknown): void {
    for (const id of ids) {
      const handler = this.handlers.get(id)
      if (!handler) continue
      try {
        handler.callback({ event, id, payload })
      } catch (error) {
        console.error(`[causeway] a listener of \`${event}\` threw:`, error)
      }
    }
  }

  private pluginMessage(plugin: string, payload: unknown): void {
    const handler = this.pluginHandlers.get(plugin)
    if (!handler) return this.onWarning(`a message for plugin \`${plugin}\` arrived, but its page script is not loaded in this page`)
    try {
      handler(payload)
    } catch (error) {
      console.error(`[causeway] the page handler of plugin \`${plugin}\` threw:`, error)
    }
  }

  private channelMessage(ch: number, index: number, value: unknown): void {
    const receiver = liveChannels.get(ch)
    try {
      receiver?.message(value, index)
    } finally {
      const count = (this.unacked.get(ch) ?? 0) + 1
      if (count >= ACK_EVERY) {
        this.unacked.set(ch, 0)
        this.sendMessage({ t: 'ack', ch, n: count })
      } else this.unacked.set(ch, count)
    }
  }

  private closed(reason: string): void {
    if (this.closedReason !== undefined) return
    this.closedReason = reason
    this.markFailed(reason)
    for (const pending of this.pending.values()) pending.reject(new CallFailure({ code: 'Disconnected', message: reason }))
    this.pending.clear()
    this.handlers.clear()
  }
}
