/**
 * What a command handler receives besides its arguments, and the shapes of commands and plugins.
 */
import type { CommandScope, PluginPermissions } from '../acl/types.ts'
import type { AppHandle } from './app-handle.ts'

/** Everything a handler may need about the call it is serving. */
export interface CommandContext<S = unknown> {
  /** Emit events, open windows, read managed state from anywhere. */
  app: AppHandle<S>
  /** The calling window; its label was assigned by the server, not claimed by the page. */
  window: { readonly label: string }
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
  /** The command's name as invoked. */
  command: string
}

/** A command: a plain function of one arguments object and the context; sync or async. */
// biome-ignore lint: `any` keeps every handler assignable whatever its argument type.
export type CommandHandler<S = any> = (args: any, ctx: CommandContext<S>) => unknown

export type CommandMap = Record<string, CommandHandler>

/** A plugin: commands invoked as `plugin:<name>|<command>`, with the permissions it declares. */
export interface Plugin {
  /** `fs` makes `plugin:fs|read_text_file` and permissions `fs:allow-read-text-file`. */
  name: string
  commands: CommandMap
  permissions?: PluginPermissions
  /** Runs once when the app starts. */
  setup?: (app: AppHandle) => void | Promise<void>
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
