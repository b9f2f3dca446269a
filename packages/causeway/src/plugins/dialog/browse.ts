/**
 * Directory listings for the trusted dialog window, filtered like a native dialog (directories
 * always, files by extension), and where browsing starts. Node-only; only the dialog window
 * ever receives a listing.
 */
import { readdir, realpath, stat } from 'node:fs/promises'
import { dirname, isAbsolute, join, resolve } from 'node:path'
import type { DialogEntry, DialogFilter, DialogListing } from './protocol.ts'

/** Entries a listing carries at most; the rest of a huge directory is left out (`truncated`). */
export const MAX_ENTRIES = 5_000

/** What a listing shows. */
export interface ListOptions {
  filters: readonly DialogFilter[]
  /** Directory pickers show no files. */
  directoriesOnly: boolean
}

/**
 * Lists `dir` (resolved to its real path) for the dialog window.
 *
 * @example
 * const listing = await listDirectory('/home/me', { filters: [], directoriesOnly: false })
 */
export async function listDirectory(dir: string, options: ListOptions): Promise<DialogListing> {
  const path = await realpath(dir)
  const dirents = await readdir(path, { withFileTypes: true })
  const entries: DialogEntry[] = []
  let truncated = false
  for (const dirent of dirents) {
    if (entries.length >= MAX_ENTRIES) {
      truncated = true
      break
    }
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
  return { path, parent: parent === path ? null : parent, entries, truncated }
}

/**
 * No filters, or a filter with `*`, shows every file; otherwise the extension must match one.
 *
 * @example
 * passesFilters('a.TXT', [{ name: 'Text', extensions: ['txt'] }]) // true
 */
export function passesFilters(name: string, filters: readonly DialogFilter[]): boolean {
  if (filters.length === 0) return true
  const lower = name.toLowerCase()
  return filters.some((filter) =>
    filter.extensions.some((ext) => ext === '*' || lower.endsWith(`.${ext.toLowerCase().replace(/^\./, '')}`)),
  )
}

/**
 * Where browsing starts, as Tauri does it: `defaultPath` if it is a directory, else its parent
 * directory with its last component as the suggested file name, else `home`. A relative
 * `defaultPath` is taken relative to `home`.
 *
 * @example
 * await startingPoint('/home/me/notes.txt', '/home/me') // { dir: '/home/me', filename: 'notes.txt' }
 */
export async function startingPoint(defaultPath: string | undefined, home: string): Promise<{ dir: string; filename: string }> {
  if (!defaultPath) return { dir: home, filename: '' }
  const path = isAbsolute(defaultPath) ? resolve(defaultPath) : resolve(home, defaultPath)
  const info = await stat(path).catch(() => undefined)
  if (info?.isDirectory()) return { dir: path, filename: '' }
  const parent = dirname(path)
  const filename = path.slice(parent.length).replace(/^[/\\]+/, '')
  const parentInfo = await stat(parent).catch(() => undefined)
  return parentInfo?.isDirectory() ? { dir: parent, filename } : { dir: home, filename }
}
