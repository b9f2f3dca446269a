/**
 * Paths granted to one window while the app runs, on top of its capabilities: a file dialog
 * adds what the user picked. Kept per app handle in a WeakMap so two apps in one process never
 * share grants and a discarded app takes its grants with it.
 */
import { isAbsolute, resolve } from 'node:path'

/** One run-time grant. */
export interface RuntimeGrant {
  /** Absolute, normalized. */
  path: string
  /** Everything below `path` too; otherwise `path` itself and its direct children. */
  recursive: boolean
}

const grants = new WeakMap<object, Map<string, RuntimeGrant[]>>()

/**
 * Lets window `label` of `app` use `path` through the fs commands until the window is forgotten.
 * Deny entries of its capabilities still win. A plain path (no recursion) grants the path itself
 * and, if it is a directory, its direct children, so a picked folder can be listed.
 *
 * @example
 * const [picked] = await showOpenDialog()
 * allowPathForWindow(ctx.app, ctx.window.label, picked, { recursive: true })
 */
export function allowPathForWindow(app: object, label: string, path: string, options: { recursive?: boolean } = {}): void {
  if (!isAbsolute(path) || path.includes('\0'))
    throw new TypeError(`allowPathForWindow needs an absolute path, got ${JSON.stringify(path)}`)
  let byLabel = grants.get(app)
  if (!byLabel) {
    byLabel = new Map()
    grants.set(app, byLabel)
  }
  const list = byLabel.get(label) ?? []
  list.push({ path: resolve(path), recursive: options.recursive === true })
  byLabel.set(label, list)
}

/**
 * The run-time grants of one window; empty when it has none.
 *
 * @example
 * runtimeGrantsFor(ctx.app, ctx.window.label) // [{ path: '/home/me/picked.txt', recursive: false }]
 */
export function runtimeGrantsFor(app: object, label: string): readonly RuntimeGrant[] {
  return grants.get(app)?.get(label) ?? []
}

/**
 * Drops every run-time grant of a window, e.g. when it closes: a new window reusing the label
 * must not inherit what the user gave the old one.
 *
 * @example
 * app.onWindowClosed((label) => forgetWindowGrants(app, label))
 */
export function forgetWindowGrants(app: object, label: string): void {
  grants.get(app)?.delete(label)
}
