/**
 * Connection strings as Tauri's SQL plugin reads them: `sqlite:name.db` is a file in the app's
 * config directory, `sqlite:///abs/path.db` (or `sqlite:/abs/path.db`) an absolute path,
 * `sqlite::memory:` a private in-memory database, and `?mode=ro|rw|rwc|memory` as in sqlx.
 */
import { isAbsolute, join, normalize } from 'node:path'
import { invalidUrl } from './errors.ts'

/** Where a connection string points and how to open it. */
export interface DatabaseLocation {
  /** An absolute file path, or ':memory:'. */
  filename: string
  /** The path was absolute in the string: it must be inside a scope the app grants. */
  absolute: boolean
  readonly: boolean
  /** `mode=rw`: open an existing file only. */
  fileMustExist: boolean
}

/**
 * Resolves a connection string against the app's config directory; throws an Error with Tauri's
 * text for a string it cannot use.
 *
 * @example
 * databaseLocation('sqlite:todos.db', '/home/me/.config/dev.app') // { filename: '/home/me/.config/dev.app/todos.db', ... }
 */
export function databaseLocation(db: string, appConfig: string): DatabaseLocation {
  if (!db.startsWith('sqlite:') || db.includes('\0')) throw new Error(invalidUrl(db))
  const rest = db.slice('sqlite:'.length)
  const query = rest.indexOf('?')
  const path = query === -1 ? rest : rest.slice(0, query)
  const params = new URLSearchParams(query === -1 ? '' : rest.slice(query + 1))
  const mode = params.get('mode') ?? 'rwc'
  if (!['ro', 'rw', 'rwc', 'memory'].includes(mode)) throw new Error(`${invalidUrl(db)}: unknown mode \`${mode}\` (ro, rw, rwc or memory)`)
  const base = { readonly: mode === 'ro', fileMustExist: mode === 'ro' || mode === 'rw' }
  if (path === '' || path === ':memory:' || mode === 'memory') {
    return { filename: ':memory:', absolute: false, readonly: false, fileMustExist: false }
  }
  if (path.startsWith('/')) return { ...base, filename: normalize(`/${path.replace(/^\/+/, '')}`), absolute: true }
  if (isAbsolute(path) || path.split(/[/\\]/).includes('..')) {
    throw new Error(`${invalidUrl(db)}: a relative database path stays inside the app's config directory (no \`..\`)`)
  }
  return { ...base, filename: join(appConfig, path), absolute: false }
}
