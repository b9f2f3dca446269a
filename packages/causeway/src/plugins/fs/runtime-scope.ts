/**
 * Paths granted to one window while the app runs, on top of its capabilities: a file dialog
 * adds what the user picked. Kept in the fs plugin's state, so two apps in one process never
 * share grants, and forgotten when the window closes, so a new window reusing the label does not
 * inherit what the user gave the old one.
 */
import { isAbsolute, resolve } from 'node:path'
import type { AppHandle } from '../../plugin-kit.ts'

/** One run-time grant. */
export interface RuntimeGrant {
  /** Absolute, normalized. */
  path: string
  /** Everything below `path` too; otherwise `path` itself only (a directory can be listed, not opened into). */
  recursive: boolean
}

/** The fs plugin's state in one app: run-time grants by window label. */
export type FsState = Map<string, RuntimeGrant[]>

function grantsOf(app: AppHandle): FsState {
  const state = app.plugin<FsState>('fs')?.state
  if (!state) throw new TypeError('run-time path grants need the fs plugin: createApp({ plugins: [fsPlugin()] })')
  return state
}

/**
 * Lets window `label` of `app` use `path` through the fs commands until the window closes.
 * Deny entries of its capabilities still win. Without `recursive` only the path itself is
 * granted: a picked file, or a picked folder to list and stat but nothing inside it. With
 * `recursive`, everything below it too. (Tauri grants a folder's direct children as well; a
 * dialog here grants exactly what the user picked.)
 *
 * @example
 * const [picked] = await showOpenDialog()
 * allowPathForWindow(ctx.app, ctx.window.label, picked, { recursive: true })
 */
export function allowPathForWindow(app: AppHandle, label: string, path: string, options: { recursive?: boolean } = {}): void {
  if (!isAbsolute(path) || path.includes('\0'))
    throw new TypeError(`allowPathForWindow needs an absolute path, got ${JSON.stringify(path)}`)
  const grants = grantsOf(app)
  const list = grants.get(label) ?? []
  list.push({ path: resolve(path), recursive: options.recursive === true })
  grants.set(label, list)
}

/**
 * The run-time grants of one window; empty when it has none.
 *
 * @example
 * runtimeGrantsFor(ctx.app, ctx.window.label) // [{ path: '/home/me/picked.txt', recursive: false }]
 */
export function runtimeGrantsFor(app: AppHandle, label: string): readonly RuntimeGrant[] {
  return app.plugin<FsState>('fs')?.state.get(label) ?? []
}

/**
 * Drops every run-time grant of a window. The fs plugin calls it when a window closes.
 *
 * @example
 * forgetWindowGrants(app, 'settings')
 */
export function forgetWindowGrants(app: AppHandle, label: string): void {
  app.plugin<FsState>('fs')?.state.delete(label)
}
