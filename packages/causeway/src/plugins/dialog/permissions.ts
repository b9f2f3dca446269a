/**
 * What the dialog plugin declares: Tauri's `allow-*` and `deny-*` permissions and `default`
 * granting every dialog. `ask` and `confirm` of plugin-dialog 2.4 and later call `message`, so
 * their permissions allow it too. No permission reaches the dialog window's own requests
 * (listing, answering): those are not commands of the app at all.
 */
import type { PluginPermissions } from '../../plugin-kit.ts'

/**
 * The dialog plugin's permissions.
 *
 * @example
 * // capability: "permissions": ["dialog:default"] or ["dialog:allow-open"]
 */
export function dialogPermissions(): PluginPermissions {
  return {
    permissions: [
      { identifier: 'allow-open', description: 'Show a dialog to pick files or directories.', commands: { allow: ['open'] } },
      { identifier: 'allow-save', description: 'Show a dialog to pick a path to save to.', commands: { allow: ['save'] } },
      { identifier: 'allow-message', description: 'Show a message dialog.', commands: { allow: ['message'] } },
      { identifier: 'allow-ask', description: 'Show a Yes/No question dialog.', commands: { allow: ['ask', 'message'] } },
      { identifier: 'allow-confirm', description: 'Show an Ok/Cancel confirmation dialog.', commands: { allow: ['confirm', 'message'] } },
      { identifier: 'deny-open', description: 'Forbids the open dialog.', commands: { deny: ['open'] } },
      { identifier: 'deny-save', description: 'Forbids the save dialog.', commands: { deny: ['save'] } },
      { identifier: 'deny-message', description: 'Forbids message dialogs.', commands: { deny: ['message'] } },
      { identifier: 'deny-ask', description: 'Forbids the older ask command.', commands: { deny: ['ask'] } },
      { identifier: 'deny-confirm', description: 'Forbids the older confirm command.', commands: { deny: ['confirm'] } },
    ],
    default: ['allow-open', 'allow-save', 'allow-message', 'allow-ask', 'allow-confirm'],
  }
}
