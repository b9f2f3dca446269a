/**
 * `createApp`: an app with the built-in plugins every Causeway app has (events, windows,
 * resources and, unless turned off, the Tauri page contract) ahead of the app's own.
 */
import { type App, type AppOptions, assembleApp } from './backend/app.ts'
import type { EventMap } from './backend/app-handle.ts'
import type { CommandMap } from './backend/context.ts'
import { eventPlugin } from './plugins/event/index.ts'
import { resourcesPlugin } from './plugins/resources/index.ts'
import { windowPlugin } from './plugins/window/index.ts'
import { tauriCompat } from './tauri/node/index.ts'

export interface CreateAppOptions<C extends CommandMap, S, E extends EventMap> extends AppOptions<C, S, E> {
  /**
   * Provide the `@tauri-apps/api` page contract (`window.__TAURI_INTERNALS__`) in served pages, so
   * frontends written for Tauri run unmodified. Default true.
   */
  tauriCompat?: boolean
}

/**
 * Creates an app from its commands.
 *
 * @example
 * const app = createApp({ commands: { greet: ({ name }: { name: string }) => `Hello, ${name}!` } })
 * await app.run()
 */
export function createApp<C extends CommandMap, S = undefined, E extends EventMap = EventMap>(
  options: CreateAppOptions<C, S, E>,
): App<C, S, E> {
  const builtins = [...(options.tauriCompat === false ? [] : [tauriCompat()]), eventPlugin(), windowPlugin(), resourcesPlugin()]
  return assembleApp(options, builtins)
}
