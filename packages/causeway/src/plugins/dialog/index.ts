/**
 * The dialog plugin: Tauri's `plugin-dialog` commands (`open`, `save`, `message`, and the older
 * `ask` and `confirm`) drawn in a trusted window that belongs to the user, not to the page that
 * asked. Node-only.
 *
 * - `setup` starts the plugin's own loopback HTTP and WebSocket server (server.ts) on a port apart
 *   from the app's, so dialog windows have an origin, and so storage, no app page shares;
 *   `teardown` stops it and ends every dialog.
 * - Each dialog opens as a browser window of its own through the app's browser driver (or the
 *   app's `showWindow`), on a URL holding a single-use 192-bit key; the driver sends URLs over the
 *   DevTools pipe, never on a command line. The requesting page gets no handle on that window (no
 *   `window.open` reference, no name, no shared storage) and no part of what it lists.
 * - Only the dialog window can list directories and answer, over its own socket on the dialog
 *   server; none of that is a command of the app. The requesting page learns the final result of
 *   its call and nothing else. An app without a browser (`open: false`) and without `showWindow`
 *   gets `DialogUnavailable` (code `App`) from every dialog call.
 * - A pick is granted to the calling window's fs scope exactly: the file; the folder (and what is
 *   below it only with `recursive`); the save target. Grants are forgotten when the window closes.
 * - A window shows one dialog at a time; dismissing the dialog window (closing or reloading it,
 *   Escape) answers like Cancel; a save onto an existing file needs the user's second confirmation.
 */
import { definePlugin, type Plugin } from '../../plugin-kit.ts'
import { ask, confirm, message, open, save } from './commands.ts'
import { type DialogPluginOptions, DialogState } from './dialogs.ts'
import { dialogPermissions } from './permissions.ts'

/** The commands by wire name. */
const dialogCommands = { open, save, message, ask, confirm }

/**
 * Creates the dialog plugin. `dialog:default` allows every dialog; picks are granted through the
 * fs plugin, so register `fsPlugin()` too.
 *
 * @example
 * createApp({ plugins: [dialogPlugin(), fsPlugin()], ... })
 * // page: const path = await open({ filters: [{ name: 'Text', extensions: ['txt'] }] }) // from @tauri-apps/plugin-dialog
 */
export function dialogPlugin(options: DialogPluginOptions = {}): Plugin<DialogState> {
  return definePlugin<DialogState>({
    name: 'dialog',
    commands: { ...dialogCommands },
    permissions: dialogPermissions(),
    state: () => new DialogState(options),
    setup: (plugin) => plugin.state.start(),
    teardown: (plugin) => plugin.state.close(),
  })
}

export type { DialogPluginOptions, DialogState } from './dialogs.ts'
export { dialogPermissions } from './permissions.ts'
export type { DialogFilter } from './protocol.ts'
