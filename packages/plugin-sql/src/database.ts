/**
 * The backend's own handle on a database, typed: for apps that keep their SQL on the backend
 * and expose commands instead of raw SQL. It shares the connection (and its ordering and
 * transaction rules) with the pages' `plugin:sql|*` calls.
 */
import type { AppHandle } from 'causewayjs/plugin'
import type { Connection } from './connection.ts'
import { toSqlValue } from './params.ts'
import type { Statement } from './protocol.ts'
import { closeDatabases, openDatabase, type SqlState } from './registry.ts'

/** A row as the backend reads it: BLOBs as `Uint8Array`, everything else as the page sees it. */
export type Row = Record<string, unknown>

/** What `execute` resolves to, as `@tauri-apps/plugin-sql`'s `QueryResult`. */
export interface ExecuteResult {
  rowsAffected: number
  lastInsertId: number
}

/** The statements of one transaction. */
export interface TransactionHandle {
  execute(query: string, values?: readonly unknown[]): Promise<ExecuteResult>
  select<R extends object = Row>(query: string, values?: readonly unknown[]): Promise<R[]>
}

export interface Database extends TransactionHandle {
  /** The connection string it was opened with. */
  readonly db: string
  /**
   * Runs `body` in a transaction: commits when it resolves, rolls back when it throws. Pages'
   * statements issued meanwhile wait for it instead of joining it.
   */
  transaction<T>(body: (tx: TransactionHandle) => Promise<T>): Promise<T>
  /** Runs statements atomically in one round trip; each result is `[rowsAffected, lastInsertId]` or rows. */
  batch(statements: ReadonlyArray<{ query: string; values?: readonly unknown[] }>): Promise<unknown[]>
  /** Closes the database for everyone, as the page's `close(db)` does. */
  close(): Promise<void>
}

/** The owner of the backend's statements outside transactions; labels cannot start with `#`. */
const BACKEND = '#backend'

const statement = (query: string, values: readonly unknown[] = []): Statement => ({ sql: query, values: values.map(toSqlValue) })

function handle(connection: Connection, owner: string): TransactionHandle {
  return {
    async execute(query, values) {
      const [rowsAffected, lastInsertId] = await connection.execute(owner, statement(query, values))
      return { rowsAffected, lastInsertId }
    },
    select: <R extends object>(query: string, values?: readonly unknown[]) =>
      connection.select<R>(owner, statement(query, values), 'bytes'),
  }
}

/**
 * Opens `db` for the backend (creating it, applying its migrations) or returns the open one.
 * Absolute paths are not scope-checked: the backend is trusted. Needs `sqlPlugin()` in the app.
 *
 * @example
 * const db = await database(ctx.app, 'sqlite:todos.db')
 * const todos = await db.select<{ id: number; title: string; done: number }>('SELECT * FROM todos WHERE done = $1', [0])
 * await db.transaction(async (tx) => {
 *   await tx.execute('UPDATE todos SET done = 1 WHERE id = $1', [id])
 *   await tx.execute('INSERT INTO history (todo, action) VALUES ($1, $2)', [id, 'done'])
 * })
 */
export async function database(app: AppHandle, db: string): Promise<Database> {
  const state = app.plugin<SqlState>('sql')?.state
  if (!state) throw new TypeError('database() needs the sql plugin: createApp({ plugins: [sqlPlugin()] })')
  const { connection } = await openDatabase(state, db, app.paths.appConfig)
  return {
    db,
    ...handle(connection, BACKEND),
    async transaction(body) {
      const owner = `#transaction-${++state.transactions}`
      const tx = handle(connection, owner)
      await tx.execute('BEGIN IMMEDIATE')
      let result: Awaited<ReturnType<typeof body>>
      try {
        result = await body(tx)
      } catch (error) {
        // Rolls back; the body's error is the one to report.
        await connection.release(owner).catch(() => {})
        throw error
      }
      try {
        await tx.execute('COMMIT')
      } finally {
        // A failed COMMIT leaves the transaction open: roll it back so others can go on.
        await connection.release(owner).catch(() => {})
      }
      return result
    },
    batch: (statements) =>
      connection.batch(
        BACKEND,
        statements.map((s) => statement(s.query, s.values)),
        'bytes',
      ),
    close: () => closeDatabases(state, db),
  }
}
