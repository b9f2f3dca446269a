/**
 * What the dialog plugin declares: Tauri's `allow-*` permissions and `default` granting them all.
 * `list_dir` and `resolve` ride along with the permissions that can open a dialog; the handlers
 * only answer them for a dialog the backend itself opened in the calling window.
 */
import type { PluginPermissions } from '../../plugin-kit.ts'

/**
 * The dialog plugin's permissions.
 *
 * @example
 * // capability: "permissions": ["dialog:default"] or ["dialog:allow-open"]
 */
export function dialogPermissions(): PluginPermissions {
  const internal = ['list_dir', 'resolve']
  return {
    permissions: [
      { identifier: 'allow-open', description: 'Show a dialog to pick files or directories.', commands: { allow: ['open', ...internal] } },
      { identifier: 'allow-save', description: 'Show a dialog to pick a path to save to.', commands: { allow: ['save', ...internal] } },
      { identifier: 'allow-message', description: 'Show a message dialog.', commands: { allow: ['message', 'resolve'] } },
      { identifier: 'allow-ask', description: 'Show a Yes/No question dialog.', commands: { allow: ['ask', 'message', 'resolve'] } },
      {
        identifier: 'allow-confirm',
        description: 'Show an Ok/Cancel confirmation dialog.',
        commands: { allow: ['confirm', 'message', 'resolve'] },
      },
      { identifier: 'deny-open', description: 'Forbids the open dialog.', commands: { deny: ['open'] } },
      { identifier: 'deny-save', description: 'Forbids the save dialog.', commands: { deny: ['save'] } },
      { identifier: 'deny-message', description: 'Forbids message dialogs.', commands: { deny: ['message'] } },
    ],
    default: ['allow-open', 'allow-save', 'allow-message', 'allow-ask', 'allow-confirm'],
  }
}
