/**
 * The transport-neutral heart of the backend: the command table, access checks, the event hub
 * and the live sessions. `Session` feeds it calls; adapters feed it connections.
 */

import type { AccessPolicy, Caller, CommandScope } from '../acl/types.ts'
import { CausewayError } from '../core/errors.ts'
import { closest } from '../core/names.ts'
import type { AppHandle } from './app-handle.ts'
import { BlockingMonitor } from './blocking.ts'
import type { CommandHandler, CommandMap, Plugin } from './context.ts'
import { EventHub } from './event-hub.ts'
import { eventPlugin } from './event-plugin.ts'
import { type InternalContext, Session, type Transport } from './session.ts'

export interface Logger {
  warn(...args: unknown[]): void
  error(...args: unknown[]): void
  info(...args: unknown[]): void
}

export interface RuntimeOptions {
  commands: CommandMap
  plugins: Plugin[]
  /** Built-in plugins that need the runtime (the window plugin). */
  builtins?: (runtime: Runtime) => Plugin[]
  policy: AccessPolicy
  dev: boolean
  log: Logger
}

/** Plugin commands are invoked as `plugin:<plugin>|<command>`. */
export function pluginCommandName(plugin: string, command: string): string {
  return `plugin:${plugin}|${command}`
}

export class Runtime {
  readonly dev: boolean
  readonly log: Logger
  readonly hub: EventHub
  readonly blocking: BlockingMonitor
  /** Set by the app once its handle exists (the handle needs the runtime first). */
  handle!: AppHandle<unknown>
  policy: AccessPolicy
  private readonly commands = new Map<string, CommandHandler>()
  private readonly appCommandNames: string[]
  private readonly sessions = new Set<Session>()
  private readonly sessionListeners = new Set<(event: 'open' | 'close', session: Session) => void>()

  constructor(options: RuntimeOptions) {
    this.dev = options.dev
    this.log = options.log
    this.policy = options.policy
    this.hub = new EventHub((event, error) => this.log.error(`[causeway] a backend listener of \`${event}\` threw:`, error))
    this.blocking = new BlockingMonitor((message) => this.log.warn(`[causeway] ${message}`), options.dev)
    for (const [name, handler] of Object.entries(options.commands)) this.register(name, handler)
    this.appCommandNames = Object.keys(options.commands)
    for (const plugin of [eventPlugin(this), ...(options.builtins?.(this) ?? []), ...options.plugins]) {
      for (const [name, handler] of Object.entries(plugin.commands)) this.register(pluginCommandName(plugin.name, name), handler)
    }
  }

  private register(name: string, handler: CommandHandler): void {
    if (typeof handler !== 'function') throw new TypeError(`command \`${name}\` is not a function (got ${typeof handler})`)
    if (this.commands.has(name)) throw new TypeError(`command \`${name}\` is registered twice`)
    this.commands.set(name, handler)
  }

  /** Registered app command names (without plugin commands). */
  get appCommands(): readonly string[] {
    return this.appCommandNames
  }

  /** Finds the handler and checks the caller may run it. Returns the error to answer with otherwise. */
  resolveCommand(name: string, caller: Caller): { handler: CommandHandler; scope: CommandScope } | CausewayError {
    const handler = this.commands.get(name)
    if (!handler) return this.notFound(name)
    const decision = this.policy.checkCommand(caller, name)
    if (!decision.allowed) {
      return new CausewayError('Forbidden', this.dev ? decision.reason : `command \`${name}\` is not allowed`)
    }
    return { handler, scope: decision.scope }
  }

  private notFound(name: string): CausewayError {
    let message = `command \`${name}\` not found`
    if (this.dev) {
      const suggestion = closest(name, this.commands.keys())
      if (suggestion) message += `: did you mean \`${suggestion}\`?`
      message += ' Commands are registered in createApp({ commands: { ... } })'
    }
    return new CausewayError('CommandNotFound', message)
  }

  /** Runs a handler, timing its synchronous part and tracking its asynchronous rest. */
  runHandler(name: string, handler: CommandHandler, args: unknown, ctx: InternalContext): unknown {
    const result = this.blocking.timeSync(name, () => handler(args, ctx))
    if (typeof (result as PromiseLike<unknown> | undefined)?.then === 'function') this.blocking.track(name, result as PromiseLike<unknown>)
    return result
  }

  /** A new connection: the caller was authenticated by the adapter. */
  attach(caller: Caller, transport: Transport): Session {
    const session = new Session(this, caller, transport)
    this.sessions.add(session)
    for (const listener of this.sessionListeners) listener('open', session)
    return session
  }

  /** Called by a session when its connection closes. */
  detach(session: Session): void {
    if (!this.sessions.delete(session)) return
    this.hub.removeSink(session)
    for (const listener of this.sessionListeners) listener('close', session)
  }

  onSession(listener: (event: 'open' | 'close', session: Session) => void): () => void {
    this.sessionListeners.add(listener)
    return () => this.sessionListeners.delete(listener)
  }

  /** The live connections of one window (a window may have several tabs or a reload in flight). */
  sessionsFor(label: string): Session[] {
    return [...this.sessions].filter((s) => s.label === label)
  }

  connectedLabels(): Set<string> {
    return new Set([...this.sessions].map((s) => s.label))
  }

  stop(): void {
    this.blocking.stop()
    for (const session of [...this.sessions]) session.close()
  }
}
