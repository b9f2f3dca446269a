/**
 * One connected page: decodes its messages, runs its calls, delivers its events, channel and
 * plugin messages. Knows no transport; an adapter hands it frames and a `Transport` to answer on.
 */
import type { Caller } from '../acl/types.ts'
import { FrameBatcher } from '../core/batcher.ts'
import { CausewayError, isErr, toCausewayError } from '../core/errors.ts'
import { parseClientFrame } from '../core/parse.ts'
import { CHANNEL_PREFIX, type ClientMessage, type ServerMessage } from '../core/protocol.ts'
import type { NormalizedTarget } from '../core/targets.ts'
import { encodeEvent, encodeMessage, type Frame, type PreparedValue } from '../core/wire.ts'
import type { AppHandle } from './app-handle.ts'
import { Channel, type ChannelOutput } from './channel.ts'
import type { CallerAccess, CommandContext, WindowConnection } from './context.ts'
import type { Dispatcher, Logger, ResolvedCommand } from './dispatcher.ts'
import type { EventHub, EventSink } from './event-hub.ts'
import { type Limits, preview } from './limits.ts'
import { validate } from './validate.ts'
import type { AppWindow } from './windows.ts'

/** What a transport adapter provides: sending frames, how much is still unsent, and closing. */
export interface Transport {
  send(frame: Frame): void
  /** Bytes handed to `send` and not yet written to the network. */
  unsent(): number
  /** Resolves the next time some unsent bytes are written (or the connection closes). */
  written(): Promise<void>
  /** Closes the connection with a WebSocket close code. */
  close(code: number, reason: string): void
}

/** What a session needs of the app it belongs to. */
export interface SessionHost {
  readonly app: AppHandle<unknown>
  readonly dispatcher: Dispatcher
  readonly hub: EventHub
  readonly dev: boolean
  readonly log: Logger
  readonly limits: Readonly<Limits>
  /** The session's connection closed. */
  closed(session: Session): void
}

interface Call {
  /** Made only when the handler reads `ctx.signal`: most calls never do, and it is not free. */
  controller: AbortController | undefined
  /** Why the call was aborted, once it was. */
  abortReason: CausewayError | undefined
  channels: Channel[]
  /** The call's timeout, when it has one. */
  timer: ReturnType<typeof setTimeout> | undefined
}

function abort(call: Call, reason: CausewayError): void {
  if (call.abortReason) return
  call.abortReason = reason
  call.controller?.abort(reason)
}

function signalOf(call: Call): AbortSignal {
  if (!call.controller) {
    call.controller = new AbortController()
    if (call.abortReason) call.controller.abort(call.abortReason)
  }
  return call.controller.signal
}

export class Session implements EventSink, ChannelOutput, WindowConnection {
  private readonly calls = new Map<number, Call>()
  private readonly channels = new Map<number, Channel>()
  private readonly ended = new AbortController()
  private listeners = 0
  private readonly warnings = { windowStart: 0, sent: 0, suppressed: 0 }
  private droppedEvents = 0
  /** Denials already printed on the terminal (each once per connection). */
  private readonly deniedShown = new Set<string>()
  private readonly access: CallerAccess
  /** Everything this session writes goes through here, so frames written in one tick coalesce. */
  private readonly out: FrameBatcher

  constructor(
    private readonly host: SessionHost,
    readonly caller: Caller,
    readonly window: AppWindow,
    private readonly transport: Transport,
    greeting: { session: string; instance: string },
  ) {
    this.out = new FrameBatcher(
      (frame) => transport.send(frame),
      (flush) => setImmediate(flush),
    )
    const policy = host.dispatcher.policy
    this.access = {
      command: (command) => policy.checkCommand(caller, command),
      event: (action, event, via) => policy.checkEvent(caller, action, event, via),
    }
    this.send({ t: 'hello', label: caller.label, dev: host.dev, ...greeting })
  }

  get label(): string {
    return this.caller.label
  }

  get closed(): AbortSignal {
    return this.ended.signal
  }

  private get open(): boolean {
    return !this.ended.signal.aborted
  }

  addListener(event: string, target: NormalizedTarget): number {
    const max = this.host.limits.maxListenersPerConnection
    if (this.listeners >= max) {
      throw new CausewayError(
        'LimitExceeded',
        `this page already has ${max} event listeners (limits.maxListenersPerConnection): unlisten the ones it no longer needs`,
      )
    }
    const id = this.host.hub.addWindowListener(this, event, target)
    this.listeners++
    return id
  }

  removeListener(id: number): boolean {
    const removed = this.host.hub.remove(id, this)
    if (removed) this.listeners--
    return removed
  }

  emit(event: string, payload: unknown, target: NormalizedTarget): void {
    this.host.hub.emit(event, payload, target, this.label)
  }

  post(plugin: string, payload: unknown): void {
    if (this.open) this.out.send(encodeMessage({ t: 'plugin', plugin, p: payload }))
  }

  /**
   * Handles one incoming frame. Never throws: the frame is parsed into typed messages at this
   * edge, each bad one answered (its call gets a Protocol error) or warned about, the good ones run.
   */
  receive(frame: string | Uint8Array): void {
    const { maxDepth, maxMessagesPerFrame } = this.host.limits
    const messages = parseClientFrame(frame, { maxDepth, maxMessages: maxMessagesPerFrame })
    if (messages instanceof CausewayError) return this.warn(`ignored a malformed message: ${messages.message}`)
    // Looking for channel arguments means walking them; a text frame without the marker has none.
    const mayHaveChannels = typeof frame !== 'string' || frame.includes(CHANNEL_PREFIX)
    for (const message of messages) {
      if (message.t !== 'invalid') this.dispatch(message, mayHaveChannels)
      else if (message.id !== undefined && !this.calls.has(message.id)) this.fail(message.id, new CausewayError('Protocol', message.reason))
      else this.warn(`ignored a malformed message: ${message.reason}`)
    }
  }

  private dispatch(message: ClientMessage, mayHaveChannels: boolean): void {
    switch (message.t) {
      case 'invoke':
        return this.invoke(message, mayHaveChannels)
      case 'cancel': {
        const call = this.calls.get(message.id)
        if (call) abort(call, new CausewayError('Cancelled', 'the caller cancelled the call'))
        return
      }
      case 'ack':
        this.channels.get(message.ch)?.ack(message.n)
        return
    }
  }

  /** The connection closed: cancel its calls, drop its listeners and channels. */
  close(): void {
    if (!this.open) return
    this.ended.abort()
    this.out.drop()
    for (const call of this.calls.values()) {
      clearTimeout(call.timer)
      abort(call, new CausewayError('Disconnected', `window \`${this.label}\` went away`))
    }
    this.calls.clear()
    for (const channel of this.channels.values()) channel.abandon()
    this.channels.clear()
    this.host.hub.removeSink(this)
    this.host.closed(this)
  }

  deliver(event: string, ids: number[], payload: PreparedValue): void {
    if (!this.open) return
    if (this.transport.unsent() > this.host.limits.maxBufferedBytes) return this.slowReader(event)
    this.out.send(encodeEvent(event, ids, payload))
  }

  /** The page stopped reading while events kept coming: disconnect it, or drop the event (counted). */
  private slowReader(event: string): void {
    const max = this.host.limits.maxBufferedBytes
    if (this.host.limits.slowReader === 'disconnect') {
      this.host.log.warn(`[causeway] window \`${this.label}\` stopped reading: over ${max} bytes queued for it; disconnecting it`)
      this.transport.close(1008, 'the page stopped reading its messages')
      this.close()
      return
    }
    this.droppedEvents++
    this.warn(`dropped event \`${preview(event)}\`: over ${max} bytes are queued for this page (${this.droppedEvents} dropped so far)`)
  }

  /** Resolves once the page's socket has room again (channel producers wait here). */
  async room(): Promise<void> {
    while (this.open && this.transport.unsent() > this.host.limits.maxBufferedBytes) await this.transport.written()
  }

  /** A newer connection of the same window took over: this one is closed and told why. */
  replace(): void {
    this.transport.close(4001, 'replaced by a newer connection')
    this.close()
  }

  /** Something escaped the session's own handling of a frame: a bug; it costs this connection only. */
  fatal(error: unknown): void {
    this.host.log.error(`[causeway] window \`${this.label}\`: closing the connection after an unexpected failure:`, error)
    this.transport.close(1011, 'internal error')
    this.close()
  }

  sendChannelMessage(ch: number, index: number, value: unknown): boolean {
    if (!this.open) return false
    this.out.send(encodeMessage({ t: 'chan', ch, i: index, v: value }))
    return true
  }

  sendEnd(ch: number, count: number): void {
    this.channels.delete(ch)
    this.send({ t: 'chan-end', ch, n: count })
  }

  /**
   * Logs a warning and, in development mode, sends it to the page's console. At most
   * `limits.warningsPerSecond` per connection; the rest are counted and summarized in the next one.
   */
  warn(message: string): void {
    const now = Date.now()
    const budget = this.warnings
    if (now - budget.windowStart >= 1000) {
      budget.windowStart = now
      budget.sent = 0
    }
    if (budget.sent >= this.host.limits.warningsPerSecond) {
      budget.suppressed++
      return
    }
    budget.sent++
    const text = budget.suppressed > 0 ? `${message} (${budget.suppressed} more warnings were suppressed)` : message
    budget.suppressed = 0
    this.host.log.warn(`[causeway] window \`${this.label}\`: ${text}`)
    if (this.host.dev) this.send({ t: 'warn', message: text })
  }

  private send(message: ServerMessage): void {
    if (this.open) this.out.send(encodeMessage(message))
  }

  private invoke(message: Extract<ClientMessage, { t: 'invoke' }>, mayHaveChannels: boolean): void {
    const { id, cmd } = message
    const limits = this.host.limits
    if (this.calls.has(id)) return this.warn(`ignored an invoke reusing the id of a call in flight (${id})`)
    if (cmd.length > limits.maxCommandNameLength) {
      return this.fail(
        id,
        new CausewayError('LimitExceeded', `command name of ${cmd.length} characters is over the limit of ${limits.maxCommandNameLength}`),
      )
    }
    if (this.calls.size >= limits.maxPendingCalls) {
      return this.fail(
        id,
        new CausewayError(
          'LimitExceeded',
          `${limits.maxPendingCalls} calls are already in flight on this connection (limits.maxPendingCalls)`,
        ),
      )
    }

    const resolved = this.host.dispatcher.resolve(cmd, this.caller)
    if (resolved instanceof CausewayError) return this.fail(id, resolved)

    const call: Call = { controller: undefined, abortReason: undefined, channels: [], timer: undefined }
    let args: unknown
    try {
      args = mayHaveChannels ? this.attachChannels(message.args, call) : message.args
    } catch (error) {
      for (const channel of call.channels) this.channels.delete(channel.id)
      return this.fail(id, error)
    }
    this.calls.set(id, call)
    const timeout = Math.min(message.timeout ?? Number.POSITIVE_INFINITY, resolved.timeoutMs ?? Number.POSITIVE_INFINITY)
    if (timeout !== Number.POSITIVE_INFINITY) {
      call.timer = setTimeout(() => {
        if (this.calls.get(id) !== call) return
        const error = new CausewayError('Timeout', `\`${cmd}\` did not finish within ${timeout} ms`)
        abort(call, error)
        for (const channel of call.channels) channel.close()
        this.fail(id, error)
      }, timeout)
    }
    const ctx = this.contextFor(call, cmd, resolved, message.headers ?? {})
    if (!resolved.args) return this.start(id, call, cmd, resolved, args, ctx)
    validate(resolved.args, args, cmd, 'args').then(
      (valid) => {
        if (this.calls.get(id) === call && !call.abortReason) this.start(id, call, cmd, resolved, valid, ctx)
      },
      (error) => this.settle(id, call, false, error),
    )
  }

  private contextFor(call: Call, cmd: string, resolved: ResolvedCommand, headers: Readonly<Record<string, string>>): CommandContext {
    const app = this.host.app
    const base: CommandContext = {
      app,
      window: this.window,
      connection: this,
      origin: this.caller.origin,
      state: app.state,
      get signal() {
        return signalOf(call)
      },
      headers,
      scope: resolved.scope,
      access: this.access,
      command: cmd,
    }
    return resolved.plugin ? Object.assign(base, { plugin: resolved.plugin }) : base
  }

  /** Runs the handler; a result schema is checked in development mode. */
  private start(id: number, call: Call, cmd: string, resolved: ResolvedCommand, args: unknown, ctx: CommandContext): void {
    let result: unknown
    try {
      result = this.host.dispatcher.run(cmd, resolved, args, ctx)
    } catch (error) {
      return this.settle(id, call, false, error)
    }
    const check = this.host.dev && resolved.result ? resolved.result : undefined
    if (isPromiseLike(result) || check) {
      Promise.resolve(result)
        .then((value) => (check && !isErr(value) ? validate(check, value, cmd, 'result').then(() => value) : value))
        .then(
          (value) => this.settle(id, call, true, value),
          (error) => this.settle(id, call, false, error),
        )
    } else this.settle(id, call, true, result)
  }

  private settle(id: number, call: Call, ok: boolean, value: unknown): void {
    clearTimeout(call.timer)
    // A command that succeeded may keep sending on its channels (Tauri's spawn returns the pid and
    // streams afterwards): they stay open until its handler closes them or the window goes away.
    // A failed, cancelled or timed-out command's channels end with it.
    if (!ok || isErr(value) || call.abortReason || this.calls.get(id) !== call) for (const channel of call.channels) channel.close()
    // A cancelled or orphaned call already answered (or has nobody to answer).
    if (this.calls.get(id) !== call) return
    this.calls.delete(id)
    if (call.abortReason) return this.fail(id, call.abortReason)
    if (!ok || isErr(value)) return this.fail(id, value)
    let frame: Frame
    try {
      frame = encodeMessage({ t: 'ok', id, v: value })
    } catch (error) {
      // The page gets an error, so the call failed for it: its channels end too.
      for (const channel of call.channels) channel.close()
      return this.fail(id, error)
    }
    if (this.open) this.out.send(frame)
  }

  private fail(id: number, thrown: unknown): void {
    this.calls.delete(id)
    const error = toCausewayError(thrown)
    if (error.code === 'Internal') this.host.log.error(`[causeway] command failed in window \`${this.label}\`:`, error.cause ?? error)
    // Forgetting a permission is every new user's first mistake: say it where they look, once per command.
    if (error.code === 'Forbidden' && this.host.dev && !this.deniedShown.has(error.message)) {
      this.deniedShown.add(error.message)
      this.host.log.warn(`[causeway] denied: ${error.message}`)
    }
    const payload = error.toPayload(this.host.dev)
    let frame: Frame
    try {
      frame = encodeMessage({ t: 'err', id, e: payload })
    } catch {
      // The application's error data itself cannot cross the wire; say so instead of sending {}.
      delete payload.data
      payload.message += ' (its data could not be serialized and was dropped)'
      frame = encodeMessage({ t: 'err', id, e: payload })
    }
    if (this.open) this.out.send(frame)
  }

  /**
   * Replaces `__CHANNEL__:<id>` strings anywhere in the arguments with live channels (Tauri's
   * plugins nest them, e.g. plugin-fs `watch`). Containers on the way are copied, never mutated.
   */
  private attachChannels(args: unknown, call: Call): unknown {
    if (typeof args === 'string') {
      const digits = args.startsWith(CHANNEL_PREFIX) ? args.slice(CHANNEL_PREFIX.length) : ''
      const chId = Number(digits)
      if (!/^\d{1,15}$/.test(digits) || !Number.isSafeInteger(chId)) return args
      const limits = this.host.limits
      if (call.channels.length >= limits.maxChannelsPerCall) {
        throw new CausewayError(
          'LimitExceeded',
          `a call may pass at most ${limits.maxChannelsPerCall} channels (limits.maxChannelsPerCall)`,
        )
      }
      if (this.channels.size >= limits.maxChannelsPerConnection || this.channels.has(chId)) {
        throw new CausewayError(
          'LimitExceeded',
          this.channels.has(chId)
            ? `channel ${chId} is already open`
            : `${limits.maxChannelsPerConnection} channels are already open on this connection (limits.maxChannelsPerConnection): ` +
                'a channel stays open until its handler calls close() or the window goes away',
        )
      }
      const channel = new Channel(chId, this)
      this.channels.set(chId, channel)
      call.channels.push(channel)
      return channel
    }
    if (typeof args !== 'object' || args === null || ArrayBuffer.isView(args) || args instanceof ArrayBuffer) return args
    if (Array.isArray(args)) {
      let out: unknown[] | undefined
      args.forEach((item, i) => {
        const replaced = this.attachChannels(item, call)
        if (replaced !== item) (out ??= args.slice())[i] = replaced
      })
      return out ?? args
    }
    let out: Record<string, unknown> | undefined
    for (const [key, value] of Object.entries(args)) {
      const replaced = this.attachChannels(value, call)
      if (replaced !== value) (out ??= { ...(args as Record<string, unknown>) })[key] = replaced
    }
    return out ?? args
  }
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function'
}
