/**
 * What the dialog server and its trusted dialog window tell each other over the window's
 * WebSocket. The requesting page never sees any of it: it only gets its command's result. Shared
 * by the server (Node) and the window's script (browser): imports nothing.
 */

/** Tauri's file filter: `{ name: 'Images', extensions: ['png', 'jpg'] }`; `*` matches every file. */
export interface DialogFilter {
  /** Shown to the user. */
  name: string
  /** Extensions without the dot. */
  extensions: string[]
}

/** One row of a directory listing. */
export interface DialogEntry {
  /** The file name shown to the user. */
  name: string
  /** Absolute path, as the window sends it back. */
  path: string
  /** True for a directory the user can open. */
  directory: boolean
}

/** A directory the window may show. */
export interface DialogListing {
  /** Absolute real path of the directory shown. */
  path: string
  /** Its parent, or null at the file system root. */
  parent: string | null
  /** Directories first, then files that pass the filters; sorted by name. */
  entries: DialogEntry[]
  /** True when the directory held more entries than a listing carries (`MAX_ENTRIES`). */
  truncated: boolean
}

interface ViewBase {
  /** The dialog's title, from the requesting page (shown as such, never as markup). */
  title: string
  /** The label of the window that asked, so the user knows who is asking. */
  requester: string
}

/** Pick existing files, or directories. */
export interface OpenView extends ViewBase {
  kind: 'open'
  /** Pick directories instead of files. */
  directory: boolean
  /** Allow more than one pick. */
  multiple: boolean
  /** A picked directory is granted with everything below it. */
  recursive: boolean
  /** Files shown are those matching any filter; none means all. */
  filters: DialogFilter[]
  /** Where browsing starts, or null when no directory could be listed. */
  start: DialogListing | null
  /** The user's home directory: always browsable. */
  home: string
}

/** Choose a directory and type a file name to save to. */
export interface SaveView extends ViewBase {
  kind: 'save'
  filters: DialogFilter[]
  start: DialogListing | null
  home: string
  /** The file name to suggest, from `defaultPath`. */
  filename: string
}

/** A text with buttons. */
export interface MessageView extends ViewBase {
  kind: 'message'
  /** The text to show. */
  message: string
  /** The tone: info, warning or error. */
  level: 'info' | 'warning' | 'error'
  /** Button labels in display order; the first is the default action. */
  buttons: string[]
}

/** What a dialog window shows. */
export type DialogView = OpenView | SaveView | MessageView

/** Why the server refused a window's request. */
export type RefusalReason =
  /** A save target exists: ask the user, then answer again with `replace: true`. */
  | 'exists'
  /** Anything else; the message says what. */
  | 'refused'

/** Server to window. */
export type ServerMessage =
  /** Sent once, right after the window connects: what to draw. */
  | { t: 'show'; dialog: DialogView }
  /** The answer to `list` number `id`. */
  | { t: 'listing'; id: number; listing: DialogListing }
  /** Request `id` (a `list` or an `answer`) was refused; the dialog stays open. */
  | { t: 'refused'; id: number; reason: RefusalReason; message: string }
  /** The dialog is over (answered, or the requesting page went away): the window will be closed. */
  | { t: 'done' }

/** Window to server. */
export type WindowMessage =
  /** List a directory the dialog has shown (the start, a shown subdirectory, a parent, home). */
  | { t: 'list'; id: number; path: string }
  /**
   * The user's answer: open, paths; save, one path; message, a button label. Null cancels.
   * `replace` confirms that a save may replace an existing file.
   */
  | { t: 'answer'; id: number; result: string | string[] | null; replace: boolean }
