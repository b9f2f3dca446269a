/**
 * The built-in `resources` plugin: `plugin:resources|close`, which `Resource.close()` in
 * `@tauri-apps/api/core` calls, closing a resource of the calling window by its id. Governed by
 * `core:resources:allow-close`.
 */
import { definePlugin, type Plugin } from '../../plugin-kit.ts'

/**
 * Creates the resources plugin; `createApp` adds it to every app.
 *
 * @example
 * // page: await invoke('plugin:resources|close', { rid })
 */
export function resourcesPlugin(): Plugin {
  return definePlugin({
    name: 'resources',
    permissionPrefix: 'core:resources',
    permissions: {
      permissions: [{ identifier: 'allow-close', description: 'Close a resource of this window by id.', commands: { allow: ['close'] } }],
      default: ['allow-close'],
    },
    commands: {
      close: (args: { rid: unknown }, ctx) => ctx.window.resources.close(args?.rid),
    },
  })
}
