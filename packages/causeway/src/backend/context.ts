/**
 * What a command handler receives besides its arguments, and the shapes of commands.
 */
import type { StandardSchemaV1 } from '@standard-schema/spec'
import type { AccessDecision, CommandScope } from '../acl/types.ts'
import type { NormalizedTarget } from '../core/targets.ts'
import type { AppHandle, EventMap } from './app-handle.ts'
import type { AppWindow } from './windows.ts'

/** The page connection a call arrived on: one load of one window's page. */
export interface WindowConnection {
  /** The window it belongs to. */
  readonly window: AppWindow
  /** Fires when this connection closes (the page reloaded, navigated or went away). */
  readonly closed: AbortSignal
  /** Sends `payload` to this page's part of plugin `plugin` (the handler its page script registered). */
  post(plugin: string, payload: unknown): void
  /** Delivers events matching `event` and `target` to this page; returns the listener id the page sees. */
  addListener(event: string, target: NormalizedTarget): number
  /** Removes a listener this connection registered; false if it has no such listener. */
  removeListener(id: number): boolean
  /** Emits an event from this window (listeners see it as the `source`). */
  emit(event: string, payload: unknown, target: NormalizedTarget): void
}

/** What the calling window may do, as its capabilities decide. */
export interface CallerAccess {
  /** May it invoke `command`, and with what scope? */
  command(command: string): AccessDecision
  /**
   * May it listen to or emit `event`? `via` names the command doing it (`plugin:event|emit_to`), whose
   * grant alone decides; without it, any command of the action may grant it.
   */
  event(action: 'listen' | 'emit', event: string, via?: string): AccessDecision
}

/** Everything a handler may need about the call it is serving. */
export interface CommandContext<S = unknown, E extends EventMap = EventMap> {
  /**
   * Emit events, open windows, read managed state from anywhere. Give the app's event map as the
   * second type argument (`CommandContext<State, Events>`) and `ctx.app.emit` checks names and payloads.
   */
  app: AppHandle<S, E>
  /** The calling window; its label was assigned by the server, not claimed by the page. */
  window: AppWindow
  /** The connection the call arrived on. */
  connection: WindowConnection
  /** The calling page's origin ('' for a non-browser client). */
  origin: string
  /** Managed state (Tauri's `.manage()` / `State<T>`), as passed to `createApp({ state })`. */
  state: S
  /** Fires when the caller cancels the call or its window goes away. */
  signal: AbortSignal
  /** Headers sent with the call (`invoke(cmd, args, { headers })`). */
  headers: Readonly<Record<string, string>>
  /** The scope the window's capabilities grant for this command (global merged with per-command). */
  scope: CommandScope
  /** What else the calling window may do. */
  access: CallerAccess
  /** The command's name as invoked. */
  command: string
}

/** A command as a plain function of one arguments object and the context; sync or async. */
// biome-ignore lint/suspicious/noExplicitAny: `any` keeps every handler assignable whatever its argument type.
export type CommandHandler<C = CommandContext<any, any>> = (args: any, ctx: C) => unknown

/**
 * A command declared as an object: the handler plus what is known about it. With an `args`
 * schema (any Standard Schema validator: zod, valibot, arktype, ...), arguments are validated
 * before the handler runs and a failure rejects with `InvalidArgs` listing each issue's path.
 */
export interface CommandDefinition<C = CommandContext, S extends StandardSchemaV1 | undefined = StandardSchemaV1 | undefined> {
  // biome-ignore lint/suspicious/noExplicitAny: see CommandHandler.
  handler: (args: S extends StandardSchemaV1 ? StandardSchemaV1.InferOutput<S> : any, ctx: C) => unknown
  /** Validates (and may transform) the arguments; the handler receives the schema's output. */
  args?: S
  /** Checked against the handler's value in development mode (a wrong result is an Internal error). */
  result?: StandardSchemaV1
  /** The call fails with `Timeout` and `ctx.signal` fires after this long, unless the page asks for less. */
  timeoutMs?: number
  /** One line for generated docs and error messages. */
  description?: string
}

/**
 * Declares a command whose argument type comes from its schema, so the handler and the typed
 * client need no annotation.
 *
 * @example
 * const add_note = defineCommand({
 *   args: z.object({ title: z.string().min(1), body: z.string() }),
 *   handler: ({ title, body }, ctx) => notes.add(title, body),
 * })
 */
export function defineCommand<S extends StandardSchemaV1, R, C = CommandContext>(
  definition: Omit<CommandDefinition<C, S>, 'handler' | 'args'> & {
    args: S
    handler: (args: StandardSchemaV1.InferOutput<S>, ctx: C) => R
  },
): CommandDefinition<C, S> & { handler: (args: StandardSchemaV1.InferOutput<S>, ctx: C) => R; args: S }
export function defineCommand<R, C = CommandContext>(
  // biome-ignore lint/suspicious/noExplicitAny: a definition without a schema takes what its handler declares.
  definition: Omit<CommandDefinition<C, undefined>, 'handler'> & { handler: (args: any, ctx: C) => R },
): typeof definition
export function defineCommand(
  definition: CommandDefinition<unknown, StandardSchemaV1 | undefined>,
): CommandDefinition<unknown, StandardSchemaV1 | undefined> {
  return definition
}

/** A command: a handler function, or a definition object around one. */
// biome-ignore lint/suspicious/noExplicitAny: see CommandHandler.
export type Command<C = CommandContext<any, any>> = CommandHandler<C> | CommandDefinition<C>

// biome-ignore lint/suspicious/noExplicitAny: see CommandHandler.
export type CommandMap<C = CommandContext<any, any>> = Record<string, Command<C>>

/** The handler of a command, whichever way it was declared. */
export function handlerOf<C>(command: Command<C>): CommandHandler<C> | undefined {
  if (typeof command === 'function') return command
  if (typeof command === 'object' && command !== null && typeof command.handler === 'function') return command.handler as CommandHandler<C>
  return undefined
}

/** Base directories that scopes and path APIs refer to as `$APPDATA`, `$HOME`, ... */
export interface AppPaths {
  appData: string
  appConfig: string
  appLocalData: string
  appCache: string
  appLog: string
  home: string
  temp: string
  resource: string
}
