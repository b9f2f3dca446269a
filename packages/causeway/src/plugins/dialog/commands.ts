/**
 * The dialog plugin's commands. `open`, `save` and `message` take Tauri's plugin-dialog
 * arguments and wait for the page to draw the dialog and answer; `list_dir` and `resolve` are
 * how the page does that. What the user picks is added to the window's fs scope, as in Tauri.
 */
import { basename, dirname, join } from 'node:path'
import { CausewayError, type PluginCommandContext } from '../../plugin-kit.ts'
import { allowPathForWindow } from '../fs/index.ts'
import { type DialogFilter, listDirectory, startingPoint } from './browse.ts'
import { type DialogState, pendingFor, recordListing, showInWindow } from './pending.ts'
import type { DialogListing, ListDirArgs, ResolveArgs } from './protocol.ts'

/** `open`'s options, as `@tauri-apps/plugin-dialog` sends them. */
export interface OpenDialogOptions {
  title?: string
  defaultPath?: string
  filters?: DialogFilter[]
  multiple?: boolean
  directory?: boolean
  /** A picked directory is granted with everything below it. */
  recursive?: boolean
  canCreateDirectories?: boolean
}

/** `save`'s options. */
export interface SaveDialogOptions {
  title?: string
  defaultPath?: string
  filters?: DialogFilter[]
}

export type MessageButtons = 'Ok' | 'OkCancel' | 'YesNo' | 'YesNoCancel' | { ok?: string; cancel?: string; yes?: string; no?: string }

/** `message`'s arguments. */
export interface MessageArgs {
  message: string
  title?: string | undefined
  kind?: 'info' | 'warning' | 'error' | undefined
  buttons?: MessageButtons
  okButtonLabel?: string
  cancelButtonLabel?: string
}

type DialogContext = PluginCommandContext<DialogState>

function invalid(message: string): CausewayError {
  return new CausewayError('InvalidArgs', message)
}

function filtersOf(value: unknown): DialogFilter[] {
  if (value === undefined || value === null) return []
  const ok =
    Array.isArray(value) &&
    value.every(
      (f) => typeof f?.name === 'string' && Array.isArray(f.extensions) && f.extensions.every((e: unknown) => typeof e === 'string'),
    )
  if (!ok) throw invalid('dialog `filters` must be [{ name: string, extensions: string[] }]')
  return value as DialogFilter[]
}

function optionalString(value: unknown, what: string): string | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string') throw invalid(`dialog \`${what}\` must be a string`)
  return value
}

/** Shows a file picker in the calling window; resolves to null, a path, or paths (`multiple`). */
export async function open(args: { options?: OpenDialogOptions } | undefined, ctx: DialogContext): Promise<string | string[] | null> {
  const options = args?.options ?? {}
  const directory = options.directory === true
  const multiple = options.multiple === true
  const list = { filters: filtersOf(options.filters), directoriesOnly: directory }
  const start = await startingPoint(optionalString(options.defaultPath, 'defaultPath'), ctx.app.paths.home)
  const listing = await listDirectory(start.dir, list)
  const title = optionalString(options.title, 'title') ?? (directory ? 'Open folder' : 'Open file')
  const result = await showInWindow(ctx, { kind: 'open', title, directory, multiple, listing }, list, (answer, dialog) => {
    if (answer === null) return null
    const paths = typeof answer === 'string' ? [answer] : answer
    if (!Array.isArray(paths) || paths.length === 0 || !paths.every((p) => typeof p === 'string'))
      throw invalid('an open dialog resolves with a path, paths or null')
    if (!multiple && paths.length > 1) throw invalid('this open dialog allows one pick')
    for (const path of paths) {
      // A directory picker may also take the directory it is showing.
      const isDir = dialog.offered.get(path) ?? (dialog.listed.has(path) ? true : undefined)
      if (isDir !== directory)
        throw new CausewayError('Forbidden', `${JSON.stringify(path)} is not a ${directory ? 'directory' : 'file'} this dialog showed`)
    }
    for (const path of paths) allowPathForWindow(ctx.app, ctx.window.label, path, { recursive: directory && options.recursive === true })
    return multiple ? paths : paths[0]
  })
  return result as string | string[] | null
}

/** Shows a save picker in the calling window; resolves to the chosen path or null. */
export async function save(args: { options?: SaveDialogOptions } | undefined, ctx: DialogContext): Promise<string | null> {
  const options = args?.options ?? {}
  const list = { filters: filtersOf(options.filters), directoriesOnly: false }
  const start = await startingPoint(optionalString(options.defaultPath, 'defaultPath'), ctx.app.paths.home)
  const listing = await listDirectory(start.dir, list)
  const title = optionalString(options.title, 'title') ?? 'Save file'
  const result = await showInWindow(ctx, { kind: 'save', title, listing, filename: start.filename }, list, (answer, dialog) => {
    if (answer === null) return null
    if (typeof answer !== 'string') throw invalid('a save dialog resolves with a path or null')
    const name = basename(answer)
    const dir = dirname(answer)
    const badName = name === '' || name === '.' || name === '..' || /[/\\\0]/.test(name)
    if (badName || !dialog.listed.has(dir) || join(dir, name) !== answer || dialog.offered.get(answer) === true) {
      throw new CausewayError('Forbidden', `${JSON.stringify(answer)} is not a file name in a directory this dialog showed`)
    }
    allowPathForWindow(ctx.app, ctx.window.label, answer)
    return answer
  })
  return result as string | null
}

/** The buttons to draw, and which label a dismissed dialog answers with. */
export function messageButtons(args: Pick<MessageArgs, 'buttons' | 'okButtonLabel' | 'cancelButtonLabel'>): {
  buttons: string[]
  dismiss: string
} {
  const { buttons, okButtonLabel: ok, cancelButtonLabel: cancel } = args
  let labels: string[]
  if (typeof buttons === 'object' && buttons !== null) {
    labels = buttons.yes !== undefined || buttons.no !== undefined ? [buttons.yes ?? 'Yes', buttons.no ?? 'No'] : [buttons.ok ?? ok ?? 'Ok']
    if (buttons.cancel !== undefined) labels.push(buttons.cancel)
  } else if (buttons === 'OkCancel' || (buttons === undefined && cancel !== undefined)) labels = [ok ?? 'Ok', cancel ?? 'Cancel']
  else if (buttons === 'YesNo') labels = ['Yes', 'No']
  else if (buttons === 'YesNoCancel') labels = ['Yes', 'No', cancel ?? 'Cancel']
  else labels = [ok ?? 'Ok']
  // Closing the dialog means the most cautious answer: cancel, else no, else the only button.
  return { buttons: labels, dismiss: labels.length > 1 ? (labels[labels.length - 1] as string) : (labels[0] as string) }
}

/** Shows a message in the calling window; resolves to the label of the clicked button. */
export async function message(args: MessageArgs, ctx: DialogContext): Promise<string> {
  if (typeof args?.message !== 'string') throw invalid('`message` needs { message: string }')
  const level = args.kind ?? 'info'
  if (level !== 'info' && level !== 'warning' && level !== 'error') throw invalid('message `kind` is info, warning or error')
  const { buttons, dismiss } = messageButtons(args)
  const title = optionalString(args.title, 'title') ?? ''
  const result = await showInWindow(
    ctx,
    { kind: 'message', title, message: args.message, level, buttons },
    { filters: [], directoriesOnly: false },
    (answer) => {
      if (answer === null) return dismiss
      if (typeof answer !== 'string' || !buttons.includes(answer))
        throw invalid(`a message dialog resolves with one of ${JSON.stringify(buttons)} or null`)
      return answer
    },
  )
  return result as string
}

/** Tauri's `ask`: a Yes/No question; true for yes. */
export async function ask(
  args: { message: string; title?: string; kind?: MessageArgs['kind']; yesButtonLabel?: string; noButtonLabel?: string },
  ctx: DialogContext,
): Promise<boolean> {
  const yes = args.yesButtonLabel ?? 'Yes'
  const answer = await message({ ...args, buttons: { yes, no: args.noButtonLabel ?? 'No' } }, ctx)
  return answer === yes
}

/** Tauri's `confirm`: Ok/Cancel; true for ok. */
export async function confirm(
  args: { message: string; title?: string; kind?: MessageArgs['kind']; okButtonLabel?: string; cancelButtonLabel?: string },
  ctx: DialogContext,
): Promise<boolean> {
  const ok = args.okButtonLabel ?? 'Ok'
  const answer = await message({ ...args, buttons: { ok, cancel: args.cancelButtonLabel ?? 'Cancel' } }, ctx)
  return answer === ok
}

/** Internal: the page browses to another directory of a pending file dialog. */
export async function list_dir(args: ListDirArgs, ctx: DialogContext): Promise<DialogListing> {
  const dialog = pendingFor(ctx, args?.requestId)
  if (dialog.request.kind !== 'open' && dialog.request.kind !== 'save') throw invalid('only file dialogs list directories')
  if (typeof args.path !== 'string' || !dialog.browsable.has(args.path)) {
    throw new CausewayError('Forbidden', `the dialog may only browse to a directory it was shown, not ${JSON.stringify(args.path)}`)
  }
  const listing = await listDirectory(args.path, dialog.list)
  recordListing(dialog, listing)
  return listing
}

/**
 * Internal: the page answers a pending dialog. Picks must be paths the dialog showed (a save:
 * a new name in a directory it listed); they are granted to this window's fs scope. A refused
 * answer leaves the dialog open.
 */
export function resolve(args: ResolveArgs, ctx: DialogContext): null {
  const dialog = pendingFor(ctx, args?.requestId)
  dialog.settle(dialog.finish(args.result ?? null, dialog))
  return null
}
