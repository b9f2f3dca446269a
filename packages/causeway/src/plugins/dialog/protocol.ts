/**
 * What the dialog plugin's backend and the page runtime tell each other. The backend posts a
 * `DialogRequest` to the requesting page's dialog script; the page
 * draws it and answers with `plugin:dialog|list_dir` and `plugin:dialog|resolve`. Shared by
 * Node and browser code: imports nothing.
 */

/** One row of a directory listing. */
export interface DialogEntry {
  /** The file name shown to the user. */
  name: string
  /** Absolute path, as the page must send it back. */
  path: string
  /** True for a directory the user can open. */
  directory: boolean
}

/** A directory the page may show. */
export interface DialogListing {
  /** Absolute path of the directory shown. */
  path: string
  /** Its parent, or null at the file system root. */
  parent: string | null
  /** Directories first, then files that pass the filters; sorted by name. */
  entries: DialogEntry[]
}

interface RequestBase {
  /** Identifies the pending dialog; only the window it was sent to may answer it. */
  requestId: string
  /** The dialog's title. */
  title: string
}

/** Pick existing files (or directories). The answer is `string[]` (possibly one) or null. */
export interface OpenRequest extends RequestBase {
  kind: 'open'
  /** Pick directories instead of files. */
  directory: boolean
  /** Allow more than one pick. */
  multiple: boolean
  /** Where browsing starts. */
  listing: DialogListing
}

/** Pick a directory and type a new file name. The answer is a full path or null. */
export interface SaveRequest extends RequestBase {
  kind: 'save'
  /** Where browsing starts. */
  listing: DialogListing
  /** The file name to suggest, from `defaultPath`. */
  filename: string
}

/** Show a text with buttons. The answer is the clicked button's label, or null for dismissed. */
export interface MessageRequest extends RequestBase {
  kind: 'message'
  /** The text to show. */
  message: string
  /** The icon or tone: info, warning or error. */
  level: 'info' | 'warning' | 'error'
  /** Button labels in display order; the first is the default action. */
  buttons: string[]
}

/** The caller went away: the page should take the dialog down. */
export interface DismissRequest {
  requestId: string
  kind: 'dismiss'
}

export type DialogRequest = OpenRequest | SaveRequest | MessageRequest | DismissRequest

/** Arguments of `plugin:dialog|list_dir`. */
export interface ListDirArgs {
  requestId: string
  path: string
}

/** Arguments of `plugin:dialog|resolve`. */
export interface ResolveArgs {
  requestId: string
  /** open: paths; save: one path; message: a label. Null cancels. */
  result: string | string[] | null
}
