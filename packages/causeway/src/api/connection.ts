/**
 * The page's side of the protocol over any transport: calls, events and channels, and coming
 * back by itself after a drop. `invoke`/`listen` in `causewayjs/api` and the Tauri page contract
 * both sit on one `Connection`.
 *
 * After a drop (a transport that can `reconnect`): calls in flight reject with `Disconnected`,
 * channels of those calls end, and the connection tries again with backoff (`reconnect.ts`).
 * Calls made meanwhile wait for it (`callWaitMs`). On the next hello every live listener is
 * registered again and keeps its id (`listener-table.ts`), so page code never listens twice.
 */

import { FrameBatcher } from '../core/batcher.ts'
import { CausewayError, type ErrorPayload } from '../core/errors.ts'
import { assertEventName } from '../core/names.ts'
import { parseServerFrame } from '../core/parse.ts'
import { CHANNEL_PREFIX, type ClientMessage, type ServerMessage } from '../core/protocol.ts'
import type { EmitTarget } from '../core/targets.ts'
import { encodeMessage, type Frame } from '../core/wire.ts'
import { liveChannels } from './channel.ts'
import { ListenerTable } from './listener-table.ts'
import {
  backoffDelay,
  CALL_WAIT_MS,
  CLOSE_CREDENTIAL_REFUSED,
  CLOSE_REPLACED,
  finalCloseReason,
  gaveUpReason,
  RECONNECT_DEFAULTS,
  type ReconnectOptions,
} from './reconnect.ts'

/** What a transport adapter provides to the connection: one connection to the backend. */
export interface ClientTransport {
  send(frame: Frame): void
  /**
   * Installs the receivers; called once. `code` is the WebSocket close code; a close without one
   * means the transport gave up by itself (it has no credential, say), and nobody retries.
   */
  start(onFrame: (frame: string | Uint8Array) => void, onClose: (reason: string, code?: number) => void): void
  close(): void
  /**
   * Keeps the session credential the backend's hello named, for this window's later connections
   * (reconnects, reloads). Never put it in a URL or a log.
   */
  keepSession?(credential: string): void
  /** A new transport to the same window, presenting the kept credential. Without it a drop is final. */
  reconnect?(): ClientTransport
}

/**
 * `connecting` until the first hello, `open` while calls go through, `reconnecting` from a drop
 * until the next hello, `closed` for good (the page closed it, another page took the window over,
 * the credential was refused, or reconnecting failed `maxAttempts` times in a row).
 */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed'

/** What came with a state change. */
export interface StateChange {
  /** Why the connection left `open`, or could not open (with `connecting`, `reconnecting`, `closed`). */
  reason?: string
  /**
   * With `open` after a reconnect: a different backend instance answered (it restarted), so
   * whatever it kept for this page (resources, running work) is gone.
   */
  restarted?: boolean
}

export interface ConnectionOptions {
  /** How long a call made while the connection is not open waits for it. Default `CALL_WAIT_MS` (10 s). */
  callWaitMs?: number
  /** Backoff and give-up after a drop. Defaults: `RECONNECT_DEFAULTS` (100 ms doubling to 5 s, 10 attempts). */
  reconnect?: ReconnectOptions
}

export interface InvokeOptions {
  /** Aborting rejects the call with `Cancelled` and fires the handler's `ctx.signal`. */
  signal?: AbortSignal
  headers?: Record<string, string>
  /**
   * Milliseconds to wait at most. The backend then fails the call with `Timeout` and fires the
   * handler's `ctx.signal`; should the backend not answer at all, the page gives up a moment later.
   */
  timeout?: number
}

/** How long past its timeout the page waits for the backend's own `Timeout` answer. */
const TIMEOUT_GRACE_MS = 1000

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
  cmd: string
  resolve(value: unknown): void
  reject(failure: CallFailure): void
  /** The encoded invoke while it waits for the connection to open; undefined once sent. */
  frame: Frame | undefined
  /** Channels passed in its arguments: they end when the call fails for want of a connection. */
  channels: number[]
  /** Rejects the call if it waits longer than `callWaitMs`. */
  timer: ReturnType<typeof setTimeout> | undefined
}

const LISTEN = 'plugin:event|listen'
const UNLISTEN = 'plugin:event|unlisten'

/** Acknowledge channel messages in batches well under the backend's window. */
const ACK_EVERY = 128

const CHANNEL_REF = new RegExp(`"${CHANNEL_PREFIX}(\\d{1,15})"`, 'g')
const decoder = new TextDecoder()

/** Ids of this page's live channels named in an encoded call (a binary frame's JSON is its second chunk). */
function channelsIn(frame: Frame): number[] {
  if (liveChannels.size === 0) return []
  const text = typeof frame === 'string' ? frame : decoder.decode(frame[1])
  if (!text.includes(CHANNEL_PREFIX)) return []
  return [...text.matchAll(CHANNEL_REF)].map((match) => Number(match[1])).filter((id) => liveChannels.has(id))
}

function failureMessage(failure: unknown): string {
  return CallFailure.is(failure) ? failure.payload.message : String(failure)
}

export class Connection {
  private nextId = 1
  private readonly pending = new Map<number, Pending>()
  private readonly listeners = new ListenerTable()
  private readonly unacked = new Map<number, number>()
  /**
   * Channels the backend holds open (passed in a call that went out, not ended yet), with the
   * messages delivered so far: the count each one's end carries if the connection drops. They
   * outlive their call until the backend closes them.
   */
  private readonly delivered = new Map<number, number>()
  private readonly pluginHandlers = new Map<string, (payload: unknown) => void>()
  private readonly stateHandlers = new Set<(state: ConnectionState, change: StateChange) => void>()
  private current: ConnectionState = 'connecting'
  private closedReason: string | undefined
  /** The transport of the current attempt. */
  private link: ClientTransport
  /** Whether the current transport got its hello. */
  private greeted = false
  /** The backend instance of the last hello; undefined until the first. */
  private instance: string | undefined
  /** Attempts in a row that closed before their hello. */
  private failures = 0
  private retryTimer: ReturnType<typeof setTimeout> | undefined
  private readonly policy: Required<ReconnectOptions>
  private readonly callWaitMs: number
  private readonly ready: Promise<{ label: string; dev: boolean }>
  private markReady!: (hello: { label: string; dev: boolean }) => void
  private markFailed!: (reason: string) => void
  /** Warnings from the backend (development mode) and about the connection are printed here. */
  onWarning: (message: string) => void = (message) => console.warn(`[causeway] ${message}`)

  /** Calls made in one tick (a page firing many at once) coalesce into one frame. */
  private readonly out: FrameBatcher

  constructor(transport: ClientTransport, options: ConnectionOptions = {}) {
    this.policy = { ...RECONNECT_DEFAULTS, ...options.reconnect }
    this.callWaitMs = options.callWaitMs ?? CALL_WAIT_MS
    this.link = transport
    this.out = new FrameBatcher((frame) => this.link.send(frame))
    this.ready = new Promise((resolve, reject) => {
      this.markReady = resolve
      this.markFailed = (reason) => reject(new CausewayError('Disconnected', reason))
    })
    this.ready.catch(() => {})
    this.attach(transport)
  }

  /** Where the connection stands now; see `ConnectionState`. */
  get state(): ConnectionState {
    return this.current
  }

  /**
   * Calls `handler` on every change of `state` (not with the current one); returns the function
   * that stops it. A page uses it to show "reconnecting…", or to reload its data when the backend
   * restarted (`change.restarted`).
   *
   * @example
   * connection().onStateChange((state, { restarted }) => {
   *   banner.hidden = state === 'open'
   *   if (restarted) void refreshEverything()
   * })
   */
  onStateChange(handler: (state: ConnectionState, change: StateChange) => void): () => void {
    this.stateHandlers.add(handler)
    return () => void this.stateHandlers.delete(handler)
  }

  /**
   * This window's label and whether the backend runs in development mode (from the first hello).
   * @internal for page layers (the Tauri contract)
   */
  hello(): Promise<{ label: string; dev: boolean }> {
    return this.ready
  }

  /**
   * Calls a command; resolves with its value or rejects with the backend's error payload wrapped
   * in `CallFailure` (the public API turns it into a `CausewayError`). `plugin:event|listen`
   * resolves to a page listener id, which `plugin:event|unlisten` takes; both are translated to
   * the backend's ids of the current connection here.
   * @internal for page layers (the Tauri contract)
   */
  call(cmd: string, args: unknown, options: InvokeOptions = {}): Promise<unknown> {
    if (cmd === LISTEN) return this.listenCall(args, options)
    if (cmd === UNLISTEN) return this.unlistenCall(args, options)
    return this.request(cmd, args, options)
  }

  /** Like `call`, rejecting with a `CausewayError`. */
  invoke<T>(cmd: string, args?: unknown, options?: InvokeOptions): Promise<T> {
    return this.asError(this.call(cmd, args, options)) as Promise<T>
  }

  /**
   * Listens for an event; resolves to the function that stops listening. Unlistening stops
   * delivery at once, before the backend has even heard about it. The listener survives
   * reconnects: it is registered again after each one.
   */
  async listen<T>(event: string, callback: EventCallback<T>, options: ListenOptions = {}): Promise<UnlistenFn> {
    assertEventName(event, Number.POSITIVE_INFINITY)
    const { label, dev } = await this.ready
    if (dev) this.warnIfDuplicate(event, callback as EventCallback<unknown>)
    const target = options.target ?? { kind: 'WebviewWindow', label }
    const id = (await this.asError(this.listenCall({ event, target }, {}, callback as EventCallback<unknown>))) as number
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
   * Gives a listener its callback: `id` is what `call('plugin:event|listen')` resolved to (the
   * Tauri page contract does its own listen call).
   * @internal
   */
  addHandler(id: number, _event: string, callback: EventCallback<unknown>): void {
    const entry = this.listeners.get(id)
    if (!entry) return
    entry.callback = callback
    entry.removed = false
  }

  /**
   * Stops delivery to a listener now without telling the backend (the caller unlistens itself).
   * @internal
   */
  removeHandler(id: number): boolean {
    const entry = this.listeners.get(id)
    if (!entry || entry.removed) return false
    entry.removed = true
    entry.callback = undefined
    return true
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
    if (!this.removeHandler(id)) return
    this.call(UNLISTEN, { event, eventId: id }).catch(() => {})
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
    if (this.current === 'closed') return
    this.out.flush()
    this.link.close()
    this.shutdown('the page closed the connection')
  }

  private async asError(call: Promise<unknown>): Promise<unknown> {
    try {
      return await call
    } catch (failure) {
      throw CallFailure.is(failure) ? CausewayError.fromPayload(failure.payload) : failure
    }
  }

  /** A listen call: the backend's id is swapped for a page id as the answer arrives, before any event can need it. */
  private listenCall(args: unknown, options: InvokeOptions, callback?: EventCallback<unknown>): Promise<unknown> {
    const event = (args as { event?: unknown } | null)?.event
    return this.request(LISTEN, args, options, (backendId) => {
      if (typeof backendId !== 'number') return backendId
      const id = this.listeners.add(typeof event === 'string' ? event : '', args, backendId)
      if (callback) this.addHandler(id, '', callback)
      return id
    })
  }

  /** An unlisten call: a page id goes out as the backend's id of now, or not at all when the backend does not have it. */
  private unlistenCall(args: unknown, options: InvokeOptions): Promise<unknown> {
    const eventId = (args as { eventId?: unknown } | null)?.eventId
    // An id this page never handed out is the page's own business: the backend judges it.
    if (!this.listeners.issued(eventId)) return this.request(UNLISTEN, args, options)
    const backendId = this.listeners.delete(eventId)?.backendId
    if (backendId === undefined) return Promise.resolve(undefined)
    return this.request(UNLISTEN, { ...(args as object), eventId: backendId }, options)
  }

  /** Sends a call now when the connection is open, else keeps it until it is (or `callWaitMs` runs out). */
  private request(cmd: string, args: unknown, options: InvokeOptions, onValue?: (value: unknown) => unknown): Promise<unknown> {
    if (this.closedReason !== undefined) return Promise.reject(new CallFailure({ code: 'Disconnected', message: this.closedReason }))
    if (options.signal?.aborted)
      return Promise.reject(new CallFailure({ code: 'Cancelled', message: 'the call was aborted before it was sent' }))
    const id = this.nextId++
    const message: ClientMessage = { t: 'invoke', id, cmd }
    if (args !== undefined) message.args = args
    if (options.headers) message.headers = options.headers
    if (options.timeout !== undefined) {
      if (!Number.isSafeInteger(options.timeout) || options.timeout <= 0) {
        return Promise.reject(
          new CallFailure({ code: 'InvalidArgs', message: `timeout must be a positive integer of milliseconds, got ${options.timeout}` }),
        )
      }
      message.timeout = options.timeout
    }
    let frame: Frame
    try {
      frame = encodeMessage(message)
    } catch (error) {
      return Promise.reject(new CallFailure((error as CausewayError).toPayload()))
    }
    return new Promise((resolve, reject) => {
      const signal = options.signal
      const onAbort = (): void => {
        const pending = this.pending.get(id)
        if (!pending) return
        this.forget(id, pending)
        if (pending.frame === undefined) this.sendMessage({ t: 'cancel', id })
        reject(new CallFailure({ code: 'Cancelled', message: `\`${cmd}\` was cancelled by the caller` }))
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      // The backend answers a timed-out call itself; this only covers a backend that cannot.
      const deadline =
        options.timeout === undefined
          ? undefined
          : setTimeout(() => {
              const pending = this.pending.get(id)
              if (!pending) return
              this.forget(id, pending)
              reject(new CallFailure({ code: 'Timeout', message: `\`${cmd}\` did not finish within ${options.timeout} ms` }))
            }, options.timeout + TIMEOUT_GRACE_MS)
      const done = () => {
        clearTimeout(deadline)
        signal?.removeEventListener('abort', onAbort)
      }
      const pending: Pending = {
        cmd,
        resolve: (value) => {
          done()
          resolve(onValue ? onValue(value) : value)
        },
        reject: (failure) => {
          done()
          reject(failure)
        },
        frame,
        channels: channelsIn(frame),
        timer: undefined,
      }
      this.pending.set(id, pending)
      if (this.current === 'open') this.dispatch(pending)
      else pending.timer = setTimeout(() => this.waitedTooLong(id), this.callWaitMs)
    })
  }

  private dispatch(pending: Pending): void {
    const frame = pending.frame
    if (frame === undefined) return
    pending.frame = undefined
    clearTimeout(pending.timer)
    for (const ch of pending.channels) this.delivered.set(ch, 0)
    this.out.send(frame)
  }

  private forget(id: number, pending: Pending): void {
    this.pending.delete(id)
    clearTimeout(pending.timer)
  }

  /** The connection dropped: the backend's ends of every open channel are gone, so each ends with what it got. */
  private endOpenChannels(): void {
    for (const [ch, count] of [...this.delivered]) {
      const receiver = liveChannels.get(ch)
      liveChannels.delete(ch)
      this.delivered.delete(ch)
      try {
        receiver?.end(count)
      } catch (error) {
        console.error(`[causeway] the end handler of channel ${ch} threw:`, error)
      }
    }
  }

  /** A call failed for want of a connection: it rejects, and its channels end with what they got. */
  private disconnect(id: number, pending: Pending, message: string): void {
    this.pending.delete(id)
    clearTimeout(pending.timer)
    for (const ch of pending.channels) {
      const receiver = liveChannels.get(ch)
      liveChannels.delete(ch)
      this.unacked.delete(ch)
      const count = this.delivered.get(ch) ?? 0
      this.delivered.delete(ch)
      try {
        receiver?.end(count)
      } catch (error) {
        console.error(`[causeway] the end handler of channel ${ch} threw:`, error)
      }
    }
    pending.reject(new CallFailure({ code: 'Disconnected', message }))
  }

  private waitedTooLong(id: number): void {
    const pending = this.pending.get(id)
    if (!pending || pending.frame === undefined) return
    this.disconnect(
      id,
      pending,
      `\`${pending.cmd}\` waited ${this.callWaitMs} ms for the connection to the backend (${this.current}) and was never sent: ` +
        'the backend is down or restarting. Watch connection().onStateChange to know when calls go through again',
    )
  }

  private sendMessage(message: ClientMessage): void {
    if (this.current === 'open') this.out.send(encodeMessage(message))
  }

  private attach(link: ClientTransport): void {
    this.greeted = false
    link.start(
      (frame) => {
        if (this.link === link) this.receive(frame)
      },
      (reason, code) => {
        if (this.link === link) this.linkClosed(reason, code)
      },
    )
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
    this.forget(id, pending)
    // A failed call's channels were ended by the backend (their end came first) or never opened.
    if (error) for (const ch of pending.channels) this.delivered.delete(ch)
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
        this.delivered.delete(message.ch)
        return
      case 'hello':
        return this.greet(message)
      case 'warn':
        return this.onWarning(message.message)
      case 'plugin':
        return this.pluginMessage(message.plugin, message.p)
    }
  }

  /** The backend accepted this transport: listeners are registered again, waiting calls go out. */
  private greet(hello: Extract<ServerMessage, { t: 'hello' }>): void {
    if (this.greeted || this.current === 'closed') return
    this.greeted = true
    this.failures = 0
    this.link.keepSession?.(hello.session)
    const restarted = this.instance !== undefined && this.instance !== hello.instance
    this.instance = hello.instance
    this.markReady({ label: hello.label, dev: hello.dev })
    this.current = 'open'
    this.restoreListeners()
    for (const pending of this.pending.values()) this.dispatch(pending)
    if (restarted) {
      this.onWarning(
        'reconnected to a restarted backend: whatever it kept for this page (resources, running work) is gone; ' +
          'listeners were registered again. connection().onStateChange reports it as { restarted: true }',
      )
    }
    this.broadcast('open', restarted ? { restarted } : {})
  }

  private restoreListeners(): void {
    for (const [id, entry] of this.listeners.toRestore()) {
      this.request(LISTEN, entry.args, {}, (backendId) => {
        if (typeof backendId !== 'number') return
        if (this.listeners.get(id) === entry && !entry.removed) return this.listeners.restored(id, backendId)
        // Unlistened while it was being registered again: the backend must forget it too.
        this.request(UNLISTEN, { event: entry.event, eventId: backendId }, {}).catch(() => {})
      }).catch((failure: unknown) => {
        // A drop meanwhile leaves it for the next hello; anything else is the backend saying no.
        if (CallFailure.is(failure) && failure.payload.code === 'Disconnected') return
        this.onWarning(`could not listen to \`${entry.event}\` again after reconnecting: ${failureMessage(failure)}`)
      })
    }
  }

  /** The current transport closed: retry with backoff, or close for good. */
  private linkClosed(reason: string, code: number | undefined): void {
    if (this.current === 'closed') return
    const wasOpen = this.greeted
    this.greeted = false
    this.out.drop()
    this.endOpenChannels()
    this.unacked.clear()
    this.listeners.dropped()
    const failures = wasOpen ? 0 : this.failures + 1
    let final = finalCloseReason(reason, code) ?? (this.link.reconnect ? undefined : reason)
    if (final === undefined && failures >= this.policy.maxAttempts) final = gaveUpReason(failures, reason)
    if (final !== undefined) {
      if (code === CLOSE_REPLACED || code === CLOSE_CREDENTIAL_REFUSED || failures >= this.policy.maxAttempts) this.onWarning(final)
      return this.shutdown(final)
    }
    for (const [id, pending] of this.pending) {
      if (pending.frame !== undefined) continue
      this.disconnect(
        id,
        pending,
        `\`${pending.cmd}\` was in flight when the connection to the backend dropped (${reason}), so it may or may not have run. ` +
          'The page is reconnecting by itself and calls made meanwhile wait for it: call again if running it twice is safe',
      )
    }
    this.failures = failures
    this.setState(this.instance === undefined ? 'connecting' : 'reconnecting', { reason })
    this.retryTimer = setTimeout(() => this.retry(), backoffDelay(failures, this.policy))
  }

  private retry(): void {
    this.retryTimer = undefined
    const next = this.current === 'closed' ? undefined : this.link.reconnect?.()
    if (!next) return
    this.link = next
    this.attach(next)
  }

  /** The end: every call still waiting or in flight rejects with `reason`, and nothing retries. */
  private shutdown(reason: string): void {
    this.closedReason = reason
    clearTimeout(this.retryTimer)
    this.markFailed(reason)
    for (const [id, pending] of this.pending) this.disconnect(id, pending, reason)
    this.setState('closed', { reason })
  }

  /** Moves to `state`; a retry that fails again is no news, so staying in a state says nothing. */
  private setState(state: ConnectionState, change: StateChange): void {
    if (state === this.current) return
    this.current = state
    this.broadcast(state, change)
  }

  private broadcast(state: ConnectionState, change: StateChange): void {
    for (const handler of [...this.stateHandlers]) {
      try {
        handler(state, change)
      } catch (error) {
        console.error('[causeway] a connection state handler threw:', error)
      }
    }
  }

  private warnIfDuplicate(event: string, callback: EventCallback<unknown>): void {
    let same = 0
    for (const handler of this.listeners.callbacks()) if (handler.event === event && handler.callback === callback) same++
    if (same > 0) {
      this.onWarning(
        `listen('${event}'): this handler is already listening to \`${event}\` in this window (${same + 1} listeners now), ` +
          'so it will run twice per event. Call the unlisten function returned by the first listen() when the component unmounts.',
      )
    }
  }

  private dispatchEvent(event: string, ids: number[], payload: unknown): void {
    for (const backendId of ids) {
      const found = this.listeners.lookup(backendId)
      const callback = found?.entry.callback
      if (!found || !callback) continue
      try {
        callback({ event, id: found.id, payload })
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
    if (this.delivered.has(ch)) this.delivered.set(ch, index + 1)
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
}
