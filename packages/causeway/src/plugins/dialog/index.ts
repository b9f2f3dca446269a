/**
 * The dialog plugin: Tauri's `plugin-dialog` commands (`open`, `save`, `message`, `ask`,
 * `confirm`) without any native dialog tool. The backend sends the request to the calling
 * window, whose dialog page script draws it (page.ts) and answers; picked paths
 * join that window's fs scope for the rest of the run. Node-only.
 */
import { bundledPageScript, definePlugin, type Plugin } from '../../plugin-kit.ts'
import { ask, confirm, list_dir, message, open, resolve, save } from './commands.ts'
import type { DialogState } from './pending.ts'
import { dialogPermissions } from './permissions.ts'

/** The commands by wire name; `list_dir` and `resolve` serve the dialog page script. */
const dialogCommands = { open, save, message, ask, confirm, list_dir, resolve }

/**
 * Creates the dialog plugin. `dialog:default` allows every dialog.
 *
 * @example
 * createApp({ plugins: [dialogPlugin(), fsPlugin()], ... })
 * // page: await invoke('plugin:dialog|open', { options: { filters: [{ name: 'Text', extensions: ['txt'] }] } })
 */
export function dialogPlugin(): Plugin<DialogState> {
  return definePlugin<DialogState>({
    name: 'dialog',
    commands: { ...dialogCommands },
    permissions: dialogPermissions(),
    state: () => new Map(),
    pageScript: bundledPageScript(new URL('./page.ts', import.meta.url)),
  })
}

export type { DialogFilter } from './browse.ts'
export type { MessageArgs, MessageButtons, OpenDialogOptions, SaveDialogOptions } from './commands.ts'
export type { DialogState } from './pending.ts'
export { dialogPermissions } from './permissions.ts'
