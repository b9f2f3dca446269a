/**
 * One dialog on screen: what it shows, what its window may list, and which answers it accepts.
 * Only the dialog window's socket reaches it. It may list only directories it has shown (the
 * start, shown subdirectories, parents, home), and an answer must be something it showed: a
 * file or folder it listed, or (for a save) a new name in a folder it listed; a save onto an
 * existing file needs the user's second confirmation. A refused answer leaves the dialog open.
 */
import { lstat } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { type ListOptions, listDirectory, startingPoint } from './browse.ts'
import type { DialogListing, DialogView, RefusalReason, ServerMessage, WindowMessage } from './protocol.ts'
import type { DialogSpec } from './requests.ts'

/** What an accepted answer resolves the command with: paths, a path, a label, or null. */
export type DialogResult = string | string[] | null

/** A refusal sent back to the dialog window. */
export class Refusal extends Error {
  constructor(
    readonly reason: RefusalReason,
    message: string,
  ) {
    super(message)
  }
}

/** Who asked, for the window to show, and where a dialog with no usable start begins. */
export interface DialogOrigin {
  /** The requesting window's label. */
  requester: string
  home: string
}

export class TrustedDialog {
  /** Directories the window may ask to list. */
  private readonly browsable = new Set<string>()
  /** Directories actually listed: a save may land in one of them. */
  private readonly listed = new Set<string>()
  /** Every entry shown so far, path → is a directory. */
  private readonly offered = new Map<string, boolean>()
  private readonly list: ListOptions

  constructor(
    readonly spec: DialogSpec,
    private readonly origin: DialogOrigin,
  ) {
    const filters = spec.kind === 'message' ? [] : spec.filters
    this.list = { filters, directoriesOnly: spec.kind === 'open' && spec.directory }
    this.browsable.add(origin.home)
  }

  /** What the window draws, with the first listing; browsing starts where Tauri would. */
  async view(): Promise<DialogView> {
    const { spec } = this
    const base = { title: spec.title, requester: this.origin.requester }
    if (spec.kind === 'message') return { ...base, kind: 'message', message: spec.message, level: spec.level, buttons: spec.buttons }
    const start = await startingPoint(spec.defaultPath, this.origin.home)
    const listing = (await this.listing(start.dir)) ?? (await this.listing(this.origin.home))
    const files = { ...base, filters: spec.filters, start: listing, home: this.origin.home }
    if (spec.kind === 'save') return { ...files, kind: 'save', filename: start.filename }
    return { ...files, kind: 'open', directory: spec.directory, multiple: spec.multiple, recursive: spec.recursive }
  }

  private async listing(dir: string): Promise<DialogListing | null> {
    try {
      return this.remember(await listDirectory(dir, this.list))
    } catch {
      return null
    }
  }

  private remember(listing: DialogListing): DialogListing {
    this.listed.add(listing.path)
    this.browsable.add(listing.path)
    if (listing.parent !== null) this.browsable.add(listing.parent)
    for (const entry of listing.entries) {
      this.offered.set(entry.path, entry.directory)
      if (entry.directory) this.browsable.add(entry.path)
    }
    return listing
  }

  /**
   * Serves a `list` request: the listing, or a refusal for a directory this dialog never showed
   * or one that cannot be read.
   */
  async handleList(message: Extract<WindowMessage, { t: 'list' }>): Promise<ServerMessage> {
    if (this.spec.kind === 'message') throw new Refusal('refused', 'a message dialog lists no directories')
    if (!this.browsable.has(message.path)) throw new Refusal('refused', `the dialog only opens folders it has shown, not ${message.path}`)
    try {
      return { t: 'listing', id: message.id, listing: this.remember(await listDirectory(message.path, this.list)) }
    } catch (error) {
      throw new Refusal('refused', `cannot open ${message.path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`)
    }
  }

  /** The result a dismissed dialog resolves with: null, or a message's cautious label. */
  get dismissed(): DialogResult {
    return this.spec.kind === 'message' ? this.spec.dismiss : null
  }

  /** Checks the user's answer; resolves with the command's result or throws a `Refusal`. */
  async check(result: DialogResult, replace: boolean): Promise<DialogResult> {
    if (result === null) return this.dismissed
    const { spec } = this
    if (spec.kind === 'message') {
      if (typeof result !== 'string' || !spec.buttons.includes(result)) throw new Refusal('refused', 'answer with one of the buttons')
      return result
    }
    if (spec.kind === 'save') return this.checkSave(result, replace)
    const paths = typeof result === 'string' ? [result] : result
    if (paths.length === 0) throw new Refusal('refused', spec.directory ? 'select a folder' : 'select a file')
    if (!spec.multiple && paths.length > 1) throw new Refusal('refused', 'this dialog takes one pick')
    for (const path of paths) {
      // A folder picker may also take the folder it is showing.
      const isDir = this.offered.get(path) ?? (this.listed.has(path) ? true : undefined)
      if (isDir !== spec.directory)
        throw new Refusal('refused', `${path} is not a ${spec.directory ? 'folder' : 'file'} this dialog showed`)
    }
    return spec.multiple ? [...new Set(paths)] : (paths[0] as string)
  }

  private async checkSave(result: string | string[], replace: boolean): Promise<string> {
    if (typeof result !== 'string') throw new Refusal('refused', 'a save dialog answers with one path')
    const name = basename(result)
    const dir = dirname(result)
    const badName = name === '' || name === '.' || name === '..' || /[/\\\0]/.test(name) || name.length > 255
    if (badName || !this.listed.has(dir) || join(dir, name) !== result) {
      throw new Refusal('refused', `${JSON.stringify(name)} is not a file name in a folder this dialog showed`)
    }
    const existing = await lstat(result).catch(() => undefined)
    if (existing?.isDirectory()) throw new Refusal('refused', `${name} is a folder: choose another name`)
    if (existing && !replace) throw new Refusal('exists', `${name} already exists`)
    return result
  }
}
