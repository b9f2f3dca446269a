/**
 * The dialog plugin's commands, as `@tauri-apps/plugin-dialog` calls them: `open`, `save`,
 * `message`, and the older `ask` and `confirm`. Each parses its arguments, shows the dialog in a
 * trusted window of its own (dialogs.ts) and resolves with the user's answer only. What the user
 * picked joins the calling window's fs scope, exactly: a file, a folder (and what is below it only
 * with `recursive`), a save target. These are the only dialog commands a page can call: listing
 * and answering happen on the dialog server, which no page of the app can reach.
 */

import { CausewayError, type PluginCommandContext } from '../../plugin-kit.ts'
import { allowPathForWindow } from '../fs/index.ts'
import type { DialogState } from './dialogs.ts'
import { parseMessage, parseOpen, parseQuestion, parseSave } from './requests.ts'

type DialogContext = PluginCommandContext<DialogState>

/**
 * Grants `paths` to the calling window, unless its page went away meanwhile: the fs plugin has
 * forgotten (or is about to forget) that window's grants, and a late grant would outlive it.
 */
function grant(ctx: DialogContext, paths: readonly string[], recursive: boolean): void {
  if (ctx.signal.aborted || ctx.connection.closed.aborted) throw new CausewayError('Cancelled', 'the window that asked went away')
  for (const path of paths) allowPathForWindow(ctx.app, ctx.window.label, path, { recursive })
}

/**
 * Shows a file or folder picker; resolves to null, a path, or paths (`multiple`).
 *
 * @example
 * // page: await invoke('plugin:dialog|open', { options: { directory: true, recursive: true } })
 */
export async function open(args: unknown, ctx: DialogContext): Promise<string | string[] | null> {
  const spec = parseOpen(args)
  const result = (await ctx.plugin.state.show(ctx, spec)) as string | string[] | null
  if (result === null) return null
  grant(ctx, typeof result === 'string' ? [result] : result, spec.recursive)
  return result
}

/**
 * Shows a save picker; resolves to the chosen path or null.
 *
 * @example
 * // page: await invoke('plugin:dialog|save', { options: { defaultPath: 'notes.txt' } })
 */
export async function save(args: unknown, ctx: DialogContext): Promise<string | null> {
  const result = (await ctx.plugin.state.show(ctx, parseSave(args))) as string | null
  if (result === null) return null
  grant(ctx, [result], false)
  return result
}

/**
 * Shows a message; resolves to the clicked button's label (`Ok`, `Yes`, a custom label...).
 *
 * @example
 * // page: await invoke('plugin:dialog|message', { message: 'Saved', buttons: 'Ok' })
 */
export async function message(args: unknown, ctx: DialogContext): Promise<string> {
  return (await ctx.plugin.state.show(ctx, parseMessage(args))) as string
}

/**
 * The older `ask`: a Yes/No question; true for the first button.
 *
 * @example
 * // page: await invoke('plugin:dialog|ask', { message: 'Delete?', okButtonLabel: 'Delete', cancelButtonLabel: 'Keep' })
 */
export async function ask(args: unknown, ctx: DialogContext): Promise<boolean> {
  const spec = parseQuestion(args, ['Yes', 'No'])
  return (await ctx.plugin.state.show(ctx, spec)) === spec.buttons[0]
}

/**
 * The older `confirm`: Ok/Cancel; true for the first button.
 *
 * @example
 * // page: await invoke('plugin:dialog|confirm', { message: 'Continue?' })
 */
export async function confirm(args: unknown, ctx: DialogContext): Promise<boolean> {
  const spec = parseQuestion(args, ['Ok', 'Cancel'])
  return (await ctx.plugin.state.show(ctx, spec)) === spec.buttons[0]
}
