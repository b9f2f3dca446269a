/**
 * A database's worker thread: one better-sqlite3 connection, statements run in the order they
 * arrive, so a long query blocks only this thread and `BEGIN`/`COMMIT` sent as separate calls
 * hold. A transaction belongs to the owner (window) whose statement opened it: statements of
 * other owners wait here, in order, until it ends (or fail after `lockTimeoutMs`) instead of
 * joining it.
 */
import { createHash } from 'node:crypto'
import { parentPort, workerData } from 'node:worker_threads'
import Database from 'better-sqlite3'
import { databaseError } from './errors.ts'
import { bindArguments, scanParameters } from './params.ts'
import type { BlobShape, ExecuteResult, Statement, WorkerMigration, WorkerOptions, WorkerReply, WorkerRequest } from './protocol.ts'

type Work = Extract<WorkerRequest, { op: 'execute' | 'select' | 'batch' }>
interface Waiting {
  request: Work
  since: number
}

const options = workerData as WorkerOptions
const port = parentPort
if (!port) throw new Error('the sql worker runs only as a worker thread')

/** Replies go out together at the end of each turn: one message per batch, not per statement. */
let outbox: WorkerReply[] = []

function reply(message: WorkerReply): void {
  outbox.push(message)
}

function flush(): void {
  if (outbox.length === 0) return
  port?.postMessage(outbox)
  outbox = []
}

/** The text a page sees for anything a statement threw. */
function describe(error: unknown): string {
  const e = error as { code?: unknown; message?: unknown }
  if (error instanceof Database.SqliteError && typeof e.code === 'string') return databaseError(e.code, String(e.message))
  return error instanceof Error ? error.message : String(error)
}

let db: Database.Database
try {
  db = new Database(options.filename, { readonly: options.readonly, fileMustExist: options.fileMustExist })
  // sqlx's defaults, so a database shared with a Tauri build behaves the same in both.
  if (!options.readonly && options.filename !== ':memory:') db.pragma('journal_mode = WAL')
  db.pragma('foreign_keys = ON')
  db.pragma('synchronous = FULL')
  reply({ id: 0, ok: true, value: null })
  flush()
} catch (error) {
  reply({ id: 0, ok: false, message: describe(error) })
  flush()
  process.exit(0)
}

/** A prepared statement with its parameters, as scanned once. */
interface Prepared {
  statement: Database.Statement
  parameters: ReturnType<typeof scanParameters>
}

/** Prepared statements by text; apps repeat a few statements many times. */
const prepared = new Map<string, Prepared>()
const PREPARED_MAX = 200

function prepare(sql: string): Prepared {
  let found = prepared.get(sql)
  if (found) {
    // Most recently used last, so the oldest is evicted first.
    prepared.delete(sql)
    prepared.set(sql, found)
    return found
  }
  found = { statement: db.prepare(sql), parameters: scanParameters(sql) }
  if (prepared.size >= PREPARED_MAX) prepared.delete(prepared.keys().next().value as string)
  prepared.set(sql, found)
  return found
}

const totalChanges = (): number => (db.prepare('SELECT total_changes() AS n').get() as { n: number }).n
const lastInsertRowid = (): number => (db.prepare('SELECT last_insert_rowid() AS n').get() as { n: number }).n

/** A value read from SQLite as Tauri's JSON has it: BLOBs as number arrays, non-finite reals as null. */
function fromSql(value: unknown, blobs: BlobShape): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null
  if (value instanceof Uint8Array) return blobs === 'array' ? Array.from(value) : new Uint8Array(value)
  return value
}

function execute({ sql, values }: Statement): ExecuteResult {
  let statement: Database.Statement
  let parameters: Prepared['parameters']
  try {
    ;({ statement, parameters } = prepare(sql))
  } catch (error) {
    // Several statements in one string: sqlx runs them all; better-sqlite3 does so only without values.
    if (!(error instanceof RangeError) || !/more than one statement/.test(error.message)) throw error
    if (values.length > 0) throw new RangeError('values can be bound to one statement at a time: split the statements or use batch')
    const before = totalChanges()
    db.exec(sql)
    return [totalChanges() - before, lastInsertRowid()]
  }
  const args = bindArguments(parameters, values)
  if (statement.reader) {
    const before = totalChanges()
    statement.all(...args)
    return [totalChanges() - before, lastInsertRowid()]
  }
  const result = statement.run(...args)
  return [result.changes, Number(result.lastInsertRowid)]
}

function select({ sql, values }: Statement, blobs: BlobShape): Record<string, unknown>[] {
  const { statement, parameters } = prepare(sql)
  const args = bindArguments(parameters, values)
  if (!statement.reader) {
    statement.run(...args)
    return []
  }
  const names = statement.columns().map((column) => column.name)
  const rows = statement.raw(true).all(...args) as unknown[][]
  statement.raw(false)
  return rows.map((row) => {
    const object: Record<string, unknown> = {}
    for (let i = 0; i < names.length; i++) object[names[i] as string] = fromSql(row[i], blobs)
    return object
  })
}

function batch(statements: Statement[], blobs: BlobShape): unknown[] {
  // better-sqlite3 uses a savepoint when a transaction is already open, so a batch nests.
  return db.transaction(() => statements.map((statement) => (isReader(statement.sql) ? select(statement, blobs) : execute(statement))))()
}

function isReader(sql: string): boolean {
  try {
    return prepare(sql).statement.reader
  } catch {
    return false
  }
}

/** sqlx's migrator: `_sqlx_migrations` with SHA-384 checksums, each migration in its own transaction. */
function migrate(migrations: WorkerMigration[]): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS _sqlx_migrations (
    version BIGINT PRIMARY KEY,
    description TEXT NOT NULL,
    installed_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    success BOOLEAN NOT NULL,
    checksum BLOB NOT NULL,
    execution_time BIGINT NOT NULL
  );`)
  const dirty = db.prepare('SELECT version FROM _sqlx_migrations WHERE success = false ORDER BY version LIMIT 1').get() as
    | { version: number }
    | undefined
  if (dirty) throw new Error(`migration ${dirty.version} is partially applied; fix and remove row from \`_sqlx_migrations\` table`)
  const checksum = (sql: string) => createHash('sha384').update(sql).digest()
  const known = new Map(migrations.map((m) => [m.version, m]))
  const applied = db.prepare('SELECT version, checksum FROM _sqlx_migrations ORDER BY version').all() as Array<{
    version: number
    checksum: Uint8Array
  }>
  for (const row of applied) {
    const migration = known.get(row.version)
    if (!migration) throw new Error(`migration ${row.version} was previously applied but is missing in the resolved migrations`)
    if (!checksum(migration.sql).equals(row.checksum))
      throw new Error(`migration ${row.version} was previously applied but has been modified`)
  }
  const done = new Set(applied.map((row) => row.version))
  const ran: number[] = []
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (done.has(migration.version)) continue
    const start = process.hrtime.bigint()
    try {
      db.transaction(() => {
        db.exec(migration.sql)
        db.prepare(
          'INSERT INTO _sqlx_migrations ( version, description, success, checksum, execution_time ) VALUES ( ?, ?, TRUE, ?, -1 )',
        ).run(migration.version, migration.description, checksum(migration.sql))
      })()
    } catch (error) {
      throw new Error(`while executing migration ${migration.version}: ${describe(error)}`)
    }
    const elapsed = process.hrtime.bigint() - start
    db.prepare('UPDATE _sqlx_migrations SET execution_time = ? WHERE version = ?').run(elapsed, migration.version)
    ran.push(migration.version)
  }
  return ran
}

/** The owner whose statement opened the transaction now open, if one is. */
let owner: string | undefined
const waiting: Waiting[] = []
let timer: ReturnType<typeof setTimeout> | undefined

function run(request: Work): void {
  try {
    const value =
      request.op === 'batch'
        ? batch(request.statements, request.blobs)
        : request.op === 'execute'
          ? execute(request.statement)
          : select(request.statement, request.blobs)
    reply({ id: request.id, ok: true, value })
  } catch (error) {
    reply({ id: request.id, ok: false, message: describe(error) })
  }
  owner = db.inTransaction ? (owner ?? request.owner) : undefined
}

/**
 * Runs the waiting statements no other owner's transaction stands in the way of: in arrival
 * order while none is open; while one is, its owner's own statements (they may sit behind others'
 * in the queue), the rest keeping their order for when it ends.
 */
function drain(): void {
  let i = 0
  while (i < waiting.length) {
    const next = waiting[i] as Waiting
    if (owner !== undefined && next.request.owner !== owner) {
      i++
      continue
    }
    waiting.splice(i, 1)
    const before = owner
    run(next.request)
    // That transaction ended: the statements skipped for it go now, from the front.
    if (before !== undefined && owner === undefined) i = 0
  }
  schedule()
}

/** Fails waiting statements once they have waited `lockTimeoutMs`; the transaction's owner may still finish. */
function schedule(): void {
  clearTimeout(timer)
  const first = waiting[0]
  if (!first) return
  timer = setTimeout(
    () => {
      const now = Date.now()
      while (waiting[0] && now - waiting[0].since >= options.lockTimeoutMs) {
        const expired = waiting.shift() as Waiting
        reply({
          id: expired.request.id,
          ok: false,
          message: databaseError(
            'SQLITE_BUSY',
            `database is locked: a transaction begun by another window is still open after ${options.lockTimeoutMs} ms`,
          ),
        })
      }
      drain()
      flush()
    },
    Math.max(0, first.since + options.lockTimeoutMs - Date.now()),
  )
}

/** The backend sends the requests of one turn together, in the order they were made. */
port.on('message', (requests: WorkerRequest[]) => {
  for (const request of requests) handle(request)
  flush()
})

function handle(request: WorkerRequest): void {
  switch (request.op) {
    case 'execute':
    case 'select':
    case 'batch':
      if (owner !== undefined ? request.owner !== owner : waiting.length > 0) {
        waiting.push({ request, since: Date.now() })
        if (waiting.length === 1) schedule()
        return
      }
      run(request)
      // The transaction it ran in may have ended: statements of other windows may go now.
      if (owner === undefined && waiting.length > 0) drain()
      return
    case 'release':
      if (owner === request.owner && db.inTransaction) db.exec('ROLLBACK')
      if (owner === request.owner) owner = undefined
      reply({ id: request.id, ok: true, value: null })
      drain()
      return
    case 'migrate':
      try {
        reply({ id: request.id, ok: true, value: migrate(request.migrations) })
      } catch (error) {
        reply({ id: request.id, ok: false, message: describe(error) })
      }
      return
    case 'close':
      clearTimeout(timer)
      for (const { request: waiter } of waiting.splice(0)) reply({ id: waiter.id, ok: false, message: 'the database was closed' })
      db.close()
      reply({ id: request.id, ok: true, value: null })
      flush()
      port?.close()
      return
  }
}
