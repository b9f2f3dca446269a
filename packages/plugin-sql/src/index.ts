/**
 * Causeway's SQL plugin (`causewayjs-plugin-sql`): SQLite through better-sqlite3, one worker
 * thread per database, answering `@tauri-apps/plugin-sql` unchanged (`plugin:sql|load`,
 * `execute`, `select`, `close`) under Tauri's permissions (`sql:default`, `sql:allow-execute`),
 * with migrations recorded where sqlx records them. Beyond Tauri: statements run in the order
 * they were sent on one connection, so `BEGIN`/`COMMIT` across calls hold; a transaction belongs
 * to its window; `batch` runs statements atomically; `database(app, db)` is a typed handle for
 * backends that keep SQL to themselves.
 */
import { definePlugin, type Plugin } from 'causewayjs/plugin'
import { batch, close, execute, load, select } from './commands.ts'
import { sqlPermissions } from './permissions.ts'
import { closeDatabases, createSqlState, openDatabase, type SqlPluginOptions, type SqlState } from './registry.ts'

/** The commands by wire name (`plugin:sql|<name>`). */
export const sqlCommands = { load, execute, select, close, batch }

/** Rolls back what a window left open and forgets its loads. */
function release(state: SqlState, label: string, forget: boolean): void {
  for (const { connection } of state.open.values()) {
    // A worker that already stopped has nothing to roll back.
    connection.release(label).catch(() => {})
    if (forget) connection.loadedBy.delete(label)
  }
}

/**
 * Creates the sql plugin. Its `default` permission set opens, reads and closes databases; grant
 * `sql:allow-execute` to write.
 *
 * @example
 * createApp({
 *   plugins: [sqlPlugin({ migrations: { 'sqlite:todos.db': [{ version: 1, description: 'todos', sql: 'CREATE TABLE todos (...)' }] } })],
 *   ...
 * })
 * // capability: "permissions": ["core:default", "sql:default", "sql:allow-execute"]
 */
export function sqlPlugin(options: SqlPluginOptions = {}): Plugin<SqlState> {
  return definePlugin<SqlState>({
    name: 'sql',
    commands: { ...sqlCommands },
    permissions: sqlPermissions(),
    state: () => createSqlState(options),
    async setup(plugin) {
      for (const db of options.preload ?? []) await openDatabase(plugin.state, db, plugin.app.paths.appConfig)
    },
    onWindowReload: (window, plugin) => release(plugin.state, window.label, false),
    onWindowClose: (window, plugin) => release(plugin.state, window.label, true),
    teardown: (plugin) => closeDatabases(plugin.state),
  })
}

export type { Database, ExecuteResult, Row, TransactionHandle } from './database.ts'
export { database } from './database.ts'
export { sqlPermissions } from './permissions.ts'
export type { Migration, SqlPluginOptions, SqlState } from './registry.ts'
