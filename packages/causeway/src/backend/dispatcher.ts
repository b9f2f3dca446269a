/**
 * The command table: every app and plugin command by wire name, found, checked against the
 * caller's capabilities and run. Built once, with the policy, when the app starts.
 */

import type { StandardSchemaV1 } from '@standard-schema/spec'
import type { AccessPolicy, Caller, CommandScope } from '../acl/types.ts'
import { CausewayError } from '../core/errors.ts'
import { closest } from '../core/names.ts'
import type { BlockingMonitor } from './blocking.ts'
import { type Command, type CommandContext, type CommandDefinition, type CommandHandler, handlerOf } from './context.ts'
import type { PluginContext } from './plugin.ts'

export interface Logger {
  warn(...args: unknown[]): void
  error(...args: unknown[]): void
  info(...args: unknown[]): void
}

/** A registered command: its handler, what its definition declares, and for plugin commands the plugin's context. */
export interface RegisteredCommand {
  handler: CommandHandler<CommandContext>
  plugin: PluginContext | undefined
  args: StandardSchemaV1 | undefined
  result: StandardSchemaV1 | undefined
  timeoutMs: number | undefined
}

/** A command found and allowed for the caller. */
export interface ResolvedCommand extends RegisteredCommand {
  scope: CommandScope
}

/** Collects commands by wire name, refusing duplicates and non-functions with the name in the message. */
export class CommandTable {
  private readonly commands = new Map<string, RegisteredCommand>()

  add(name: string, command: Command, plugin?: PluginContext): void {
    const handler = handlerOf(command)
    if (!handler) throw new TypeError(`command \`${name}\` is not a function or { handler } (got ${typeof command})`)
    if (this.commands.has(name)) throw new TypeError(`command \`${name}\` is registered twice`)
    const definition = typeof command === 'object' ? (command as CommandDefinition<unknown>) : undefined
    for (const key of ['args', 'result'] as const) {
      const schema = definition?.[key]
      if (schema !== undefined && typeof schema?.['~standard']?.validate !== 'function') {
        throw new TypeError(`command \`${name}\`: \`${key}\` is not a Standard Schema (zod, valibot, arktype and others implement it)`)
      }
    }
    const timeoutMs = definition?.timeoutMs
    if (timeoutMs !== undefined && !(Number.isSafeInteger(timeoutMs) && timeoutMs > 0)) {
      throw new TypeError(`command \`${name}\`: timeoutMs must be a positive integer, got ${timeoutMs}`)
    }
    this.commands.set(name, {
      handler: handler as CommandHandler<CommandContext>,
      plugin,
      args: definition?.args,
      result: definition?.result,
      timeoutMs,
    })
  }

  get(name: string): RegisteredCommand | undefined {
    return this.commands.get(name)
  }

  names(): IterableIterator<string> {
    return this.commands.keys()
  }
}

export interface DispatcherOptions {
  commands: CommandTable
  policy: AccessPolicy
  blocking: BlockingMonitor
  dev: boolean
}

export class Dispatcher {
  constructor(private readonly options: DispatcherOptions) {}

  get policy(): AccessPolicy {
    return this.options.policy
  }

  /** Finds the command and checks the caller may run it; the error to answer with otherwise. */
  resolve(name: string, caller: Caller): ResolvedCommand | CausewayError {
    const command = this.options.commands.get(name)
    if (!command) return this.notFound(name)
    const decision = this.options.policy.checkCommand(caller, name)
    if (!decision.allowed) {
      return new CausewayError('Forbidden', this.options.dev ? decision.reason : `command \`${name}\` is not allowed`)
    }
    return { ...command, scope: decision.scope }
  }

  private notFound(name: string): CausewayError {
    let message = `command \`${name}\` not found`
    if (this.options.dev) {
      const suggestion = closest(name, this.options.commands.names())
      if (suggestion) message += `: did you mean \`${suggestion}\`?`
      message += ' Commands are registered in createApp({ commands: { ... } })'
    }
    return new CausewayError('CommandNotFound', message)
  }

  /** Runs a handler, timing its synchronous part and tracking its asynchronous rest. */
  run(name: string, command: ResolvedCommand, args: unknown, ctx: CommandContext): unknown {
    const blocking = this.options.blocking
    const result = blocking.timeSync(name, () => command.handler(args, ctx))
    if (typeof (result as PromiseLike<unknown> | undefined)?.then === 'function') blocking.track(name, result as PromiseLike<unknown>)
    return result
  }
}
