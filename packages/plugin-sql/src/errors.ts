/**
 * The error texts a page sees, in the words `@tauri-apps/plugin-sql` users know from sqlx
 * (`error returned from database: (code: 2067) UNIQUE constraint failed: users.email`), so code
 * written against Tauri that matches on them keeps working. Shared by the worker and the backend.
 */

/** SQLite's primary result codes, by the name better-sqlite3 reports. */
const primary: Readonly<Record<string, number>> = {
  SQLITE_ERROR: 1,
  SQLITE_INTERNAL: 2,
  SQLITE_PERM: 3,
  SQLITE_ABORT: 4,
  SQLITE_BUSY: 5,
  SQLITE_LOCKED: 6,
  SQLITE_NOMEM: 7,
  SQLITE_READONLY: 8,
  SQLITE_INTERRUPT: 9,
  SQLITE_IOERR: 10,
  SQLITE_CORRUPT: 11,
  SQLITE_NOTFOUND: 12,
  SQLITE_FULL: 13,
  SQLITE_CANTOPEN: 14,
  SQLITE_PROTOCOL: 15,
  SQLITE_EMPTY: 16,
  SQLITE_SCHEMA: 17,
  SQLITE_TOOBIG: 18,
  SQLITE_CONSTRAINT: 19,
  SQLITE_MISMATCH: 20,
  SQLITE_MISUSE: 21,
  SQLITE_NOLFS: 22,
  SQLITE_AUTH: 23,
  SQLITE_FORMAT: 24,
  SQLITE_RANGE: 25,
  SQLITE_NOTADB: 26,
}

/** Extended result codes (primary | n << 8) that apps meet; the rest fall back to their primary code. */
const extended: Readonly<Record<string, number>> = {
  SQLITE_CONSTRAINT_CHECK: 275,
  SQLITE_CONSTRAINT_COMMITHOOK: 531,
  SQLITE_CONSTRAINT_FOREIGNKEY: 787,
  SQLITE_CONSTRAINT_FUNCTION: 1043,
  SQLITE_CONSTRAINT_NOTNULL: 1299,
  SQLITE_CONSTRAINT_PRIMARYKEY: 1555,
  SQLITE_CONSTRAINT_TRIGGER: 1811,
  SQLITE_CONSTRAINT_UNIQUE: 2067,
  SQLITE_CONSTRAINT_VTAB: 2323,
  SQLITE_CONSTRAINT_ROWID: 2579,
  SQLITE_CONSTRAINT_DATATYPE: 3091,
  SQLITE_BUSY_RECOVERY: 261,
  SQLITE_BUSY_SNAPSHOT: 517,
  SQLITE_BUSY_TIMEOUT: 773,
  SQLITE_READONLY_RECOVERY: 264,
  SQLITE_READONLY_CANTLOCK: 520,
  SQLITE_READONLY_ROLLBACK: 776,
  SQLITE_READONLY_DBMOVED: 1032,
  SQLITE_CANTOPEN_NOTEMPDIR: 270,
  SQLITE_CANTOPEN_ISDIR: 526,
  SQLITE_CANTOPEN_FULLPATH: 782,
}

/**
 * The numeric (extended) result code for better-sqlite3's code name, as sqlx prints it.
 *
 * @example
 * resultCode('SQLITE_CONSTRAINT_UNIQUE') // 2067
 */
export function resultCode(name: string): number {
  const exact = extended[name] ?? primary[name]
  if (exact !== undefined) return exact
  const prefix = Object.keys(primary).find((p) => name.startsWith(`${p}_`))
  return prefix === undefined ? 1 : (primary[prefix] as number)
}

/**
 * sqlx's text for an error SQLite returned.
 *
 * @example
 * databaseError('SQLITE_ERROR', 'near "SELEC": syntax error') // 'error returned from database: (code: 1) near "SELEC": syntax error'
 */
export function databaseError(code: string, message: string): string {
  return `error returned from database: (code: ${resultCode(code)}) ${message}`
}

/** Tauri's text for a database string no `load` has opened (or one that was closed). */
export function notLoaded(db: string): string {
  return `database ${db} not loaded`
}

/** Tauri's text for a connection string it cannot parse. */
export function invalidUrl(db: string): string {
  return `invalid connection url: ${db}`
}
