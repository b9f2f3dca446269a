/**
 * The arguments `@tauri-apps/plugin-dialog` sends, parsed once into what a dialog shows. Every
 * field is checked and bounded here; the rest of the plugin trusts the result. Node-only.
 *
 * Shapes (plugin-dialog 2.x): `open`/`save` take `{ options: { title, filters, defaultPath,
 * multiple, directory, recursive, canCreateDirectories } }`; `message` takes `{ message, title,
 * kind, buttons }` where `buttons` is `'Ok' | 'OkCancel' | 'YesNo' | 'YesNoCancel' | { OkCustom } |
 * { OkCancelCustom: [ok, cancel] } | { YesNoCancelCustom: [yes, no, cancel] }` (the JS forms
 * `{ ok, cancel }` and `{ yes, no, cancel }`, and the older `okButtonLabel`, are read too); the
 * older `ask`/`confirm` commands take `{ message, title, kind, okButtonLabel, cancelButtonLabel }`.
 */
import { CausewayError } from '../../plugin-kit.ts'
import type { DialogFilter } from './protocol.ts'

const MAX_TITLE = 1_000
const MAX_MESSAGE = 20_000
const MAX_LABEL = 200
const MAX_PATH = 4_096
const MAX_FILTERS = 100
const MAX_EXTENSIONS = 100

/** A file picker. */
export interface OpenSpec {
  kind: 'open'
  title: string
  directory: boolean
  multiple: boolean
  recursive: boolean
  filters: DialogFilter[]
  defaultPath: string | undefined
}

/** A save picker. */
export interface SaveSpec {
  kind: 'save'
  title: string
  filters: DialogFilter[]
  defaultPath: string | undefined
}

/** A message with buttons. */
export interface MessageSpec {
  kind: 'message'
  title: string
  message: string
  level: 'info' | 'warning' | 'error'
  /** Labels in display order; the command resolves with the clicked one. */
  buttons: string[]
  /** The label a dismissed dialog (Escape, closed window) resolves with: the cautious one. */
  dismiss: string
}

/** What one dialog shows. */
export type DialogSpec = OpenSpec | SaveSpec | MessageSpec

function invalid(message: string): CausewayError {
  return new CausewayError('InvalidArgs', message)
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (value === undefined || value === null) return {}
  if (typeof value !== 'object' || Array.isArray(value)) throw invalid(`dialog ${what} must be an object`)
  return value as Record<string, unknown>
}

function text(value: unknown, what: string, max: number): string | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string') throw invalid(`dialog \`${what}\` must be a string`)
  if (value.length > max) throw invalid(`dialog \`${what}\` is longer than ${max} characters`)
  return value
}

function flag(value: unknown, what: string): boolean {
  if (value === undefined || value === null) return false
  if (typeof value !== 'boolean') throw invalid(`dialog \`${what}\` must be a boolean`)
  return value
}

function filtersOf(value: unknown): DialogFilter[] {
  if (value === undefined || value === null) return []
  const shape = 'dialog `filters` must be [{ name: string, extensions: string[] }]'
  if (!Array.isArray(value) || value.length > MAX_FILTERS) throw invalid(`${shape}, at most ${MAX_FILTERS}`)
  return value.map((item: unknown) => {
    const filter = record(item, '`filters` entry')
    const { name, extensions } = filter
    if (typeof name !== 'string' || name.length > MAX_LABEL || !Array.isArray(extensions) || extensions.length > MAX_EXTENSIONS)
      throw invalid(shape)
    if (!extensions.every((e: unknown) => typeof e === 'string' && e.length <= MAX_LABEL)) throw invalid(shape)
    return { name, extensions: [...(extensions as string[])] }
  })
}

function defaultPathOf(options: Record<string, unknown>): string | undefined {
  const path = text(options['defaultPath'], 'defaultPath', MAX_PATH)
  if (path?.includes('\0')) throw invalid('dialog `defaultPath` contains a NUL byte')
  return path === '' ? undefined : path
}

/**
 * `plugin:dialog|open`'s arguments.
 *
 * @example
 * parseOpen({ options: { directory: true, recursive: true } }).recursive // true
 */
export function parseOpen(args: unknown): OpenSpec {
  const options = record(record(args, 'arguments')['options'], '`options`')
  const directory = flag(options['directory'], 'directory')
  return {
    kind: 'open',
    title: text(options['title'], 'title', MAX_TITLE) ?? (directory ? 'Open folder' : 'Open file'),
    directory,
    multiple: flag(options['multiple'], 'multiple'),
    recursive: directory && flag(options['recursive'], 'recursive'),
    filters: filtersOf(options['filters']),
    defaultPath: defaultPathOf(options),
  }
}

/**
 * `plugin:dialog|save`'s arguments.
 *
 * @example
 * parseSave({ options: { defaultPath: '/home/me/out.txt' } }).defaultPath // '/home/me/out.txt'
 */
export function parseSave(args: unknown): SaveSpec {
  const options = record(record(args, 'arguments')['options'], '`options`')
  return {
    kind: 'save',
    title: text(options['title'], 'title', MAX_TITLE) ?? 'Save file',
    filters: filtersOf(options['filters']),
    defaultPath: defaultPathOf(options),
  }
}

function labels(value: unknown, count: number, what: string): string[] {
  if (!Array.isArray(value) || value.length !== count) throw invalid(`dialog \`buttons.${what}\` must be ${count} labels`)
  return value.map((label) => text(label, `buttons.${what}`, MAX_LABEL) ?? '')
}

/** The labels for a `buttons` value in any of the forms the header lists. */
function buttonLabels(buttons: unknown, okLabel: string | undefined): string[] {
  if (buttons === undefined || buttons === null) return [okLabel ?? 'Ok']
  if (buttons === 'Ok') return ['Ok']
  if (buttons === 'OkCancel') return ['Ok', 'Cancel']
  if (buttons === 'YesNo') return ['Yes', 'No']
  if (buttons === 'YesNoCancel') return ['Yes', 'No', 'Cancel']
  if (typeof buttons === 'object' && !Array.isArray(buttons)) {
    const b = buttons as Record<string, unknown>
    if ('OkCustom' in b) return [text(b['OkCustom'], 'buttons.OkCustom', MAX_LABEL) ?? 'Ok']
    if ('OkCancelCustom' in b) return labels(b['OkCancelCustom'], 2, 'OkCancelCustom')
    if ('YesNoCancelCustom' in b) return labels(b['YesNoCancelCustom'], 3, 'YesNoCancelCustom')
    const label = (key: string, fallback: string) => text(b[key], `buttons.${key}`, MAX_LABEL) ?? fallback
    if ('yes' in b || 'no' in b) return [label('yes', 'Yes'), label('no', 'No'), ...('cancel' in b ? [label('cancel', 'Cancel')] : [])]
    if ('ok' in b) return [label('ok', 'Ok'), ...('cancel' in b ? [label('cancel', 'Cancel')] : [])]
  }
  throw invalid(
    'dialog `buttons` must be Ok, OkCancel, YesNo, YesNoCancel, { OkCustom }, { OkCancelCustom: [ok, cancel] } or { YesNoCancelCustom: [yes, no, cancel] }',
  )
}

function levelOf(value: unknown): MessageSpec['level'] {
  if (value === undefined || value === null) return 'info'
  if (value === 'info' || value === 'warning' || value === 'error') return value
  throw invalid('dialog `kind` must be info, warning or error')
}

function messageSpec(args: Record<string, unknown>, buttons: string[]): MessageSpec {
  const message = text(args['message'], 'message', MAX_MESSAGE)
  if (message === undefined) throw invalid('a message dialog needs { message: string }')
  return {
    kind: 'message',
    title: text(args['title'], 'title', MAX_TITLE) ?? '',
    message,
    level: levelOf(args['kind']),
    buttons,
    // Closing the dialog means the most cautious answer: cancel, else no, else the only button.
    dismiss: buttons[buttons.length - 1] as string,
  }
}

/**
 * `plugin:dialog|message`'s arguments.
 *
 * @example
 * parseMessage({ message: 'Go?', buttons: { OkCancelCustom: ['Go', 'Stay'] } }).buttons // ['Go', 'Stay']
 */
export function parseMessage(args: unknown): MessageSpec {
  const a = record(args, 'arguments')
  return messageSpec(a, buttonLabels(a['buttons'], text(a['okButtonLabel'], 'okButtonLabel', MAX_LABEL)))
}

/**
 * The older `plugin:dialog|ask` (`yes` true) and `plugin:dialog|confirm` commands' arguments:
 * two buttons, the first answering true.
 *
 * @example
 * parseQuestion({ message: 'Sure?' }, ['Yes', 'No']).buttons // ['Yes', 'No']
 */
export function parseQuestion(args: unknown, defaults: [string, string]): MessageSpec {
  const a = record(args, 'arguments')
  const label = (keys: string[], fallback: string) =>
    keys.map((key) => text(a[key], key, MAX_LABEL)).find((value) => value !== undefined) ?? fallback
  const yes = label(['okButtonLabel', 'yesButtonLabel'], defaults[0])
  const no = label(['cancelButtonLabel', 'noButtonLabel'], defaults[1])
  return messageSpec(a, [yes, no])
}
