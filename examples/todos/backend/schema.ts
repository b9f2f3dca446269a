/**
 * The todo database: one connection string and its migrations, applied when it is first loaded
 * (by the backend or by a page) and recorded in `_sqlx_migrations`, as a Tauri build would.
 */
import type { Migration } from 'causewayjs-plugin-sql'

export const DB = 'sqlite:todos.db'

export const migrations: Migration[] = [
  {
    version: 1,
    description: 'create todos',
    sql: `CREATE TABLE todos (
      id INTEGER PRIMARY KEY,
      title TEXT NOT NULL UNIQUE CHECK (length(title) BETWEEN 1 AND 200),
      done INTEGER NOT NULL DEFAULT 0,
      created_at TEXT NOT NULL DEFAULT (datetime('now'))
    );`,
  },
  {
    version: 2,
    description: 'history of changes',
    sql: `CREATE TABLE history (
      id INTEGER PRIMARY KEY,
      todo INTEGER NOT NULL,
      action TEXT NOT NULL,
      at TEXT NOT NULL DEFAULT (datetime('now'))
    );`,
  },
]
