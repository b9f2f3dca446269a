/**
 * The `core:window:*` permissions, with Tauri's identifiers.
 */
import type { PluginPermissions } from '../../plugin-kit.ts'

/** Window basics only; richer window control belongs in a plugin of its own. */
export const windowPermissions: PluginPermissions = {
  permissions: [
    { identifier: 'allow-get-all-windows', description: 'List the labels of all windows.', commands: { allow: ['get_all_windows'] } },
    { identifier: 'allow-title', description: "Read a window's title.", commands: { allow: ['title'] } },
    { identifier: 'allow-set-title', description: "Change a window's title.", commands: { allow: ['set_title'] } },
    { identifier: 'allow-create', description: 'Open new windows.', commands: { allow: ['create'] } },
    { identifier: 'allow-close', description: 'Close windows.', commands: { allow: ['close'] } },
  ],
  // Read-only by default, as Tauri's core:window:default: a page may look, not act.
  default: ['allow-get-all-windows', 'allow-title'],
}
