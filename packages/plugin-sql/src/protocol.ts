/**
 * Messages between the backend and a database's worker thread. Internal: not exported.
 */
import type { SqlValue } from './params.ts'

/** How BLOB values come back: number arrays as Tauri's JSON has them, or bytes for the backend API. */
export type BlobShape = 'array' | 'bytes'

/** One statement and its values. */
export interface Statement {
  sql: string
  values: SqlValue[]
}

/** A migration as the worker applies it (only `up` migrations reach it, as in Tauri). */
export interface WorkerMigration {
  version: number
  description: string
  sql: string
}

export type WorkerRequest =
  /** Runs one statement for `owner` (a window label or a backend transaction). */
  | { op: 'execute' | 'select'; id: number; owner: string; statement: Statement; blobs: BlobShape }
  /** Runs statements atomically (a savepoint inside the owner's open transaction). */
  | { op: 'batch'; id: number; owner: string; statements: Statement[]; blobs: BlobShape }
  /** Applies pending migrations, recording them in `_sqlx_migrations` as sqlx does. */
  | { op: 'migrate'; id: number; migrations: WorkerMigration[] }
  /** `owner` is gone: roll back its open transaction, if any, and let waiting statements run. */
  | { op: 'release'; id: number; owner: string }
  /** Closes the connection (an open transaction rolls back). */
  | { op: 'close'; id: number }

export type WorkerReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; message: string }

/** What the worker opens, passed as its `workerData`. */
export interface WorkerOptions {
  /** A file path, or ':memory:'. */
  filename: string
  readonly: boolean
  /** `mode=rw`: fail instead of creating a missing file. */
  fileMustExist: boolean
  /** How long a statement of another owner waits for an open transaction to end. */
  lockTimeoutMs: number
}

/** One statement's result: `[rowsAffected, lastInsertId]` for `execute`, rows for `select`. */
export type ExecuteResult = [rowsAffected: number, lastInsertId: number]
