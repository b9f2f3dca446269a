/**
 * The one plugin interface. Every feature beyond dispatching commands is a plugin on it, the
 * built-in ones (events, windows, resources, dialog, fs, the Tauri page contract) included: if a
 * built-in plugin needs more than this file offers, the interface grows, no back door opens.
 */
import type { PluginPermissions } from '../acl/types.ts'
import type { AppHandle } from './app-handle.ts'
import type { CommandContext, CommandMap } from './context.ts'
import type { AppWindow } from './windows.ts'

/** A script a plugin contributes to every page the app serves, run before the page's own scripts. */
export interface PageScript {
  /** The script's text (a classic script). Called once per app; the result is cached. */
  source(): string | Promise<string>
}

/** What a plugin's hooks and commands see of their plugin: its name, the app, its own state. */
export interface PluginContext<S = unknown> {
  /** The plugin's name (`fs` for `plugin:fs|read_file`). */
  readonly name: string
  readonly app: AppHandle
  /** This app's instance of the plugin's state (see `Plugin.state`). */
  readonly state: S
}

/** An HTTP route a plugin serves, as a Web `Request` to `Response` function. */
export type PluginRoute<S = unknown> = (request: Request, plugin: PluginContext<S>) => Response | Promise<Response>

/** What a plugin's commands receive: the usual context plus their plugin's. */
export interface PluginCommandContext<S = unknown> extends CommandContext {
  readonly plugin: PluginContext<S>
}

/**
 * A plugin: commands invoked as `plugin:<name>|<command>`, the permissions that govern them, its
 * per-app state, lifecycle hooks, a page script and HTTP routes. Every member but `name` is optional.
 */
export interface Plugin<S = unknown> {
  /** `fs` makes `plugin:fs|read_text_file` and permissions `fs:allow-read-text-file`. */
  readonly name: string
  readonly commands?: CommandMap<PluginCommandContext<S>>
  readonly permissions?: PluginPermissions
  /**
   * Prefix of its permission identifiers when not its name. Tauri's core plugins use
   * `core:<name>` (`core:event:allow-listen` governs `plugin:event|listen`); their `default`
   * sets make up `core:default`.
   */
  readonly permissionPrefix?: string
  /** Makes this plugin's state for one app; called once per app, so two apps never share it. */
  state?(app: AppHandle): S
  /** Runs once when the app starts (`app.run()`), before the server accepts connections. */
  setup?(plugin: PluginContext<S>): void | Promise<void>
  /** A window connected for the first time since it was created (or since it closed). */
  onWindowOpen?(window: AppWindow, plugin: PluginContext<S>): void
  /** A window's page loaded again (a reload or a navigation): its listeners and calls are gone. */
  onWindowReload?(window: AppWindow, plugin: PluginContext<S>): void
  /** A window closed: its page is gone and did not come back. Its resources are already closed. */
  onWindowClose?(window: AppWindow, plugin: PluginContext<S>): void
  /** Runs when the app closes. */
  teardown?(plugin: PluginContext<S>): void | Promise<void>
  /** Injected first into every HTML page the app serves (plugin-os needs one, so does the Tauri contract). */
  readonly pageScript?: PageScript
  /** HTTP routes, by path under `/__causeway/plugin/<name>/` (`'file'` serves `/__causeway/plugin/<name>/file`). */
  readonly routes?: Readonly<Record<string, PluginRoute<S>>>
}

/**
 * Declares a plugin, typing its commands' `ctx.plugin.state` from its `state` factory.
 *
 * @example
 * export const counter = definePlugin({
 *   name: 'counter',
 *   state: () => ({ count: 0 }),
 *   commands: { increment: (_: undefined, ctx) => ++ctx.plugin.state.count },
 *   permissions: { permissions: [{ identifier: 'default', commands: { allow: ['increment'] } }] },
 * })
 */
export function definePlugin<S = undefined>(plugin: Plugin<S>): Plugin<S> {
  return plugin
}

/** Plugin commands are invoked as `plugin:<plugin>|<command>`. */
export function pluginCommandName(plugin: string, command: string): string {
  return `plugin:${plugin}|${command}`
}
