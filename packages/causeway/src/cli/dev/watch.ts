/**
 * Watches the backend's files for `causeway dev`: every change within a short quiet period comes
 * out as one list, so an editor's save (write, rename, chmod) restarts the backend once.
 */
import { type FSWatcher, statSync, watch } from 'node:fs'
import { join, sep } from 'node:path'

const QUIET_MS = 40

/** Files no restart should follow: dependencies, VCS data, editors' swap and backup files. */
function ignored(file: string): boolean {
  const parts = file.split(sep)
  if (parts.includes('node_modules') || parts.includes('.git')) return true
  const name = parts.at(-1) ?? ''
  return name.endsWith('~') || /\.sw[px]$/.test(name) || /\.timestamp-\d+\.mjs$/.test(name) || name === '4913'
}

/**
 * Calls `onChange` with the files changed under `paths` (folders, recursively, or single files);
 * returns the function that stops watching. Paths that do not exist are skipped.
 *
 * @example
 * const stop = watchFiles(['/app/backend'], (files) => console.log('changed:', files))
 */
export function watchFiles(paths: readonly string[], onChange: (files: string[]) => void): () => void {
  const changed = new Set<string>()
  let timer: ReturnType<typeof setTimeout> | undefined
  const note = (file: string) => {
    if (ignored(file)) return
    changed.add(file)
    clearTimeout(timer)
    timer = setTimeout(() => {
      const files = [...changed]
      changed.clear()
      onChange(files)
    }, QUIET_MS)
  }
  const watchers: FSWatcher[] = []
  for (const path of paths) {
    const folder = statSync(path, { throwIfNoEntry: false })?.isDirectory()
    if (folder === undefined) continue
    const watcher = watch(path, { recursive: folder }, (_event, name) => note(folder && name ? join(path, name.toString()) : path))
    // A watched folder removed under the watcher: nothing to restart for.
    watcher.on('error', () => {})
    watchers.push(watcher)
  }
  return () => {
    clearTimeout(timer)
    for (const watcher of watchers) watcher.close()
  }
}
