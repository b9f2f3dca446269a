/**
 * The command table: every app and plugin command by wire name, found, checked against the
 * caller's capabilities and run. Built once, with the policy, when the app starts.
 */

import type { StandardSchemaV1 } from '@standard-schema/spec'
import { corePluginOf, howToInstall, isTauriPlugin, tauriPublishedPlugins } from '../acl/tauri-catalog.ts'
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
    const head = `command \`${name}\` not found`
    if (!this.options.dev) return new CausewayError('CommandNotFound', head)
    const registered = [...this.options.commands.names()]
    const plugin = /^plugin:([^|]*)\|(.*)$/s.exec(name)
    if (!plugin) {
      const suggestion = closest(
        name,
        registered.filter((n) => !n.startsWith('plugin:')),
      )
      const hint = suggestion ? `: did you mean \`${suggestion}\`?` : ''
      return new CausewayError('CommandNotFound', `${head}${hint} Commands are registered in createApp({ commands: { ... } })`)
    }
    return new CausewayError('CommandNotFound', `${head}: ${missingPluginCommand(plugin[1] as string, plugin[2] as string, registered)}`)
  }

  /** Runs a handler, timing its synchronous part and tracking its asynchronous rest. */
  run(name: string, command: ResolvedCommand, args: unknown, ctx: CommandContext): unknown {
    const blocking = this.options.blocking
    const result = blocking.timeSync(name, () => command.handler(args, ctx))
    if (typeof (result as PromiseLike<unknown> | undefined)?.then === 'function') blocking.track(name, result as PromiseLike<unknown>)
    return result
  }
}

/**
 * Why `plugin:<plugin>|<command>` does not exist, naming the plugin or Tauri feature that is
 * missing and whether Causeway implements it. Suggestions stay within the plugin: a command of
 * another plugin is never what a call to this one meant.
 */
function missingPluginCommand(plugin: string, command: string, registered: readonly string[]): string {
  const prefix = `plugin:${plugin}|`
  const own = registered.filter((n) => n.startsWith(prefix)).map((n) => n.slice(prefix.length))
  const wire = (c: string) => `\`${prefix}${c}\``
  const core = corePluginOf(plugin)
  if (core) {
    const tauri = [...core.defaults, ...core.others]
    const implemented = own.length === 0 ? '' : `; it implements ${own.join(', ')}`
    if (tauri.includes(command)) {
      return own.length === 0
        ? `Causeway does not implement Tauri's core ${plugin} API (${core.api})`
        : `Causeway does not implement \`${command}\` of Tauri's core ${plugin} API (${core.api})${implemented}`
    }
    const suggestion = closest(command, own) ?? closest(command, tauri)
    const hint = suggestion ? `; did you mean ${wire(suggestion)}?` : ''
    return `Tauri's core ${plugin} API (${core.api}) has no command \`${command}\`${hint}`
  }
  if (own.length > 0) {
    const suggestion = closest(command, own)
    const hint = suggestion ? `; did you mean ${wire(suggestion)}?` : ''
    return `plugin \`${plugin}\` has no command \`${command}\`${hint}`
  }
  if (isTauriPlugin(plugin)) {
    return `Tauri's ${plugin} plugin (@tauri-apps/plugin-${plugin}) is not installed. To use it, ${howToInstall(plugin)}`
  }
  const plugins = new Set(registered.flatMap((n) => /^plugin:([^|]*)\|/.exec(n)?.[1] ?? []))
  const near = closest(plugin, [...plugins, ...Object.keys(tauriPublishedPlugins)])
  const hint =
    near === undefined
      ? ''
      : registered.includes(`plugin:${near}|${command}`)
        ? `; did you mean \`plugin:${near}|${command}\`?`
        : `; did you mean plugin \`${near}\`?`
  return `no plugin \`${plugin}\` is registered (plugins are added in createApp({ plugins: [...] }))${hint}`
}
