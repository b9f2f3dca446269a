/**
 * The app handle a command receives as `ctx.app`: events, windows, state and paths.
 */
import type { BrowserDriver } from '../browser/index.ts'
import type { EmitTarget } from '../core/targets.ts'
import type { AppConfig } from './app-config.ts'
import type { AppPaths } from './context.ts'
import type { Limits } from './limits.ts'
import type { PluginContext } from './plugin.ts'
import type { AppWindow } from './windows.ts'

/** An event as a listener receives it: Tauri's `{ event, id, payload }`. */
export interface CausewayEvent<T = unknown> {
  event: string
  /** The listener's id (pass it to `unlisten`). */
  id: number
  payload: T
  /** The window that emitted it, or undefined when the backend did. */
  source?: string
}

export type EventHandler<T = unknown> = (event: CausewayEvent<T>) => void

export type EventMap = Record<string, unknown>

export interface WindowOptions {
  /** Unique label; capabilities match windows by it. */
  label: string
  /** Path on the app's server (default `/`). */
  url?: string
  title?: string
}

export interface WindowInfo {
  label: string
  /** Whether a page holds an open connection for this window now. */
  connected: boolean
  /** The URL that opens this window, token included ('' before `run()`). Keep it private. */
  launchUrl: string
}

export interface AppHandle<S = unknown, E extends EventMap = EventMap> {
  /** Emits to every window and every backend listener. Throws if the payload cannot cross the wire. */
  emit<K extends keyof E & string>(event: K, payload?: E[K]): void
  /** Emits to one window (by label) or one Tauri target kind. */
  emitTo<K extends keyof E & string>(target: EmitTarget, event: K, payload?: E[K]): void
  /** Listens on the backend; returns the unlisten function. */
  listen<K extends keyof E & string>(event: K, handler: EventHandler<E[K]>): () => void
  once<K extends keyof E & string>(event: K, handler: EventHandler<E[K]>): () => void
  /** Removes a backend listener by id. */
  unlisten(id: number): void
  /** Listeners registered for an event (or all events), backend and windows: for diagnostics and tests. */
  listenerCount(event?: string, window?: string): number
  /** Managed state. */
  readonly state: S
  /** Base directories for this app. */
  readonly paths: AppPaths
  /** The app's name, version, identifier and root (from its package.json unless `createApp` says otherwise). */
  readonly config: AppConfig
  /** What windows, connections and the app may use (see `createApp({ limits })`). */
  readonly limits: Readonly<Limits>
  /** Development mode: stacks in errors, warnings for duplicate listeners and blocking handlers. */
  readonly dev: boolean
  /** Registers a window and, unless the app runs with open: false, opens it. */
  createWindow(options: WindowOptions): Promise<WindowInfo>
  /** Known windows. */
  windows(): WindowInfo[]
  /** One window by label, with its resources and a way to message its page. */
  window(label: string): AppWindow | undefined
  /** The plugin registered under `name` (its state, for plugins that build on each other), or undefined. */
  plugin<PS = unknown>(name: string): PluginContext<PS> | undefined
  /** The browser the app opened its windows in, with DevTools protocol access; undefined when it opened none. */
  readonly browser: BrowserDriver | undefined
}
