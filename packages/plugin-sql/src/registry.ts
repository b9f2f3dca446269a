/**
 * The databases one app has open, by the connection string they were loaded with (Tauri keys
 * them the same way, so every window naming `sqlite:todos.db` shares one connection). Kept in
 * the plugin's per-app state: two apps in one process never share a database handle.
 */
import { mkdir } from 'node:fs/promises'
import { dirname } from 'node:path'
import { Connection } from './connection.ts'
import { notLoaded } from './errors.ts'
import type { WorkerMigration } from './protocol.ts'
import { type DatabaseLocation, databaseLocation } from './url.ts'

/** A migration declared on the backend, as Tauri's `Migration { version, description, sql, kind }`. */
export interface Migration {
  version: number
  description: string
  sql: string
  /** Only `up` migrations are applied on load, as in Tauri; `down` ones are kept for tools. Default `up`. */
  kind?: 'up' | 'down'
}

export interface SqlPluginOptions {
  /** Migrations by connection string, applied when that database is loaded (`_sqlx_migrations` records them). */
  migrations?: Record<string, readonly Migration[]>
  /** Databases opened (and migrated) when the app starts, as Tauri's `preload` config. */
  preload?: readonly string[]
  /** How long a statement waits for another window's open transaction to end before failing. Default 5000 ms. */
  lockTimeoutMs?: number
}

export interface OpenDatabase {
  connection: Connection
  location: DatabaseLocation
}

/** The sql plugin's state in one app. */
export interface SqlState {
  readonly options: SqlPluginOptions
  readonly open: Map<string, OpenDatabase>
  /** Loads in progress, so two windows loading one database at once share one connection. */
  readonly loading: Map<string, Promise<OpenDatabase>>
  /** Numbers backend transactions, each its own owner. */
  transactions: number
}

export function createSqlState(options: SqlPluginOptions): SqlState {
  return { options, open: new Map(), loading: new Map(), transactions: 0 }
}

/**
 * Opens `db` (or returns it if open): resolves its file, lets `authorize` check an absolute path
 * (it returns the real path to open; without it the path is trusted, as the backend's own are),
 * starts its worker and applies its migrations.
 *
 * @example
 * const { connection } = await openDatabase(state, 'sqlite:todos.db', app.paths.appConfig)
 */
export function openDatabase(
  state: SqlState,
  db: string,
  appConfig: string,
  authorize?: (location: DatabaseLocation) => Promise<string>,
): Promise<OpenDatabase> {
  const open = state.open.get(db)
  if (open) return Promise.resolve(open)
  let loading = state.loading.get(db)
  if (!loading) {
    loading = (async () => {
      const location = databaseLocation(db, appConfig)
      let filename = location.filename
      if (location.absolute) {
        // The backend's own opens (preload, `database()`) are trusted; a window's are checked.
        if (authorize) filename = await authorize(location)
      } else if (filename !== ':memory:') await mkdir(dirname(filename), { recursive: true })
      const connection = await Connection.open({
        filename,
        readonly: location.readonly,
        fileMustExist: location.fileMustExist,
        lockTimeoutMs: state.options.lockTimeoutMs ?? 5000,
      })
      const migrations: WorkerMigration[] = (state.options.migrations?.[db] ?? [])
        .filter((m) => (m.kind ?? 'up') === 'up')
        .map(({ version, description, sql }) => ({ version, description, sql }))
      try {
        if (migrations.length > 0) await connection.migrate(migrations)
      } catch (error) {
        await connection.close()
        throw error
      }
      const opened = { connection, location }
      state.open.set(db, opened)
      return opened
    })().finally(() => state.loading.delete(db))
    state.loading.set(db, loading)
  }
  return loading
}

/**
 * The open database `db`; throws Tauri's "database ... not loaded" otherwise.
 *
 * @example
 * const { connection } = loadedDatabase(state, args.db)
 */
export function loadedDatabase(state: SqlState, db: string): OpenDatabase {
  const open = state.open.get(db)
  if (!open) throw new Error(notLoaded(db))
  return open
}

/** Closes `db`, or every database when `db` is undefined; throws "not loaded" for an unknown one. */
export async function closeDatabases(state: SqlState, db?: string): Promise<void> {
  const names = db === undefined ? [...state.open.keys()] : [db]
  const closing = names.map((name) => {
    const open = loadedDatabase(state, name)
    state.open.delete(name)
    return open.connection.close()
  })
  await Promise.all(closing)
}
