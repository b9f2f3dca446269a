/**
 * Directory listings for the in-page file dialog: what the user may see, filtered like a native
 * dialog (directories always, files by extension). Node-only.
 */
import { readdir, realpath, stat } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { DialogEntry, DialogListing } from './protocol.ts'

/** Tauri's file filter: `{ name: 'Images', extensions: ['png', 'jpg'] }`; `*` matches all. */
export interface DialogFilter {
  name: string
  extensions: string[]
}

/** What a listing shows. */
export interface ListOptions {
  filters: readonly DialogFilter[]
  /** Directory pickers show no files. */
  directoriesOnly: boolean
}

/**
 * Lists `dir` (resolved to its real path) for the dialog.
 *
 * @example
 * const listing = await listDirectory('/home/me', { filters: [], directoriesOnly: false })
 */
export async function listDirectory(dir: string, options: ListOptions): Promise<DialogListing> {
  const path = await realpath(dir)
  const dirents = await readdir(path, { withFileTypes: true })
  const entries: DialogEntry[] = []
  for (const dirent of dirents) {
    const full = join(path, dirent.name)
    let directory = dirent.isDirectory()
    if (dirent.isSymbolicLink()) {
      const target = await stat(full).catch(() => undefined)
      if (!target) continue
      directory = target.isDirectory()
    } else if (!directory && !dirent.isFile()) continue
    if (!directory && (options.directoriesOnly || !passesFilters(dirent.name, options.filters))) continue
    entries.push({ name: dirent.name, path: full, directory })
  }
  entries.sort((a, b) => Number(b.directory) - Number(a.directory) || a.name.localeCompare(b.name))
  const parent = dirname(path)
  return { path, parent: parent === path ? null : parent, entries }
}

/** No filters, or a filter with `*`, shows every file; otherwise the extension must match one. */
export function passesFilters(name: string, filters: readonly DialogFilter[]): boolean {
  if (filters.length === 0) return true
  const lower = name.toLowerCase()
  return filters.some((filter) =>
    filter.extensions.some((ext) => ext === '*' || lower.endsWith(`.${ext.toLowerCase().replace(/^\./, '')}`)),
  )
}

/**
 * Where browsing starts: `defaultPath` if it is a directory, else its directory (the file name
 * becomes the suggestion), else the fallback.
 *
 * @example
 * await startingPoint('/home/me/notes.txt', '/home/me') // { dir: '/home/me', filename: 'notes.txt' }
 */
export async function startingPoint(defaultPath: string | undefined, fallback: string): Promise<{ dir: string; filename: string }> {
  if (!defaultPath) return { dir: fallback, filename: '' }
  const info = await stat(defaultPath).catch(() => undefined)
  if (info?.isDirectory()) return { dir: defaultPath, filename: '' }
  const parent = dirname(defaultPath)
  const parentInfo = await stat(parent).catch(() => undefined)
  const filename = defaultPath.slice(parent.length).replace(/^[/\\]+/, '')
  return parentInfo?.isDirectory() ? { dir: parent, filename } : { dir: fallback, filename }
}
