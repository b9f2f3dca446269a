/**
 * The `plugin:sql|*` commands, with the argument shapes `@tauri-apps/plugin-sql` sends and the
 * results it expects: `load` → the connection string, `execute` → `[rowsAffected, lastInsertId]`,
 * `select` → rows as objects in column order, `close` → true. Beyond Tauri, `batch` runs several
 * statements atomically in one call. Failures reject with Tauri's texts.
 */
import { CausewayError, defineCommand, type PluginCommandContext } from 'causewayjs/plugin'
import { checkPath } from 'causewayjs/plugins/fs'
import { z } from 'zod'
import { notLoaded } from './errors.ts'
import { toSqlValue } from './params.ts'
import type { ExecuteResult, Statement } from './protocol.ts'
import { closeDatabases, loadedDatabase, type OpenDatabase, openDatabase, type SqlState } from './registry.ts'
import type { DatabaseLocation } from './url.ts'

type Ctx = PluginCommandContext<SqlState>

/** A failure the page receives as Tauri's plugin sends it: a string (the message). */
function failure(error: unknown): CausewayError {
  if (error instanceof CausewayError) return error
  return new CausewayError('App', error instanceof Error ? error.message : String(error), { cause: error })
}

async function attempt<T>(run: () => T | Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (error) {
    throw failure(error)
  }
}

/** An absolute database path must lie in the scope the caller's capabilities grant (none by default). */
async function authorize(location: DatabaseLocation, db: string, ctx: Ctx): Promise<string> {
  try {
    return await checkPath(location.filename, ctx.scope, ctx.app.paths)
  } catch (error) {
    if (error instanceof CausewayError && error.code === 'Forbidden') {
      throw new CausewayError(
        'Forbidden',
        `database ${db} is outside the sql scope: grant its path in a capability ({ "identifier": "sql:scope", "allow": [{ "path": "..." }] })`,
        { cause: error },
      )
    }
    throw error
  }
}

/** The database a call names; a database at an absolute path only for windows whose `load` passed its scope check. */
function usable(ctx: Ctx, db: string): OpenDatabase {
  const open = loadedDatabase(ctx.plugin.state, db)
  if (open.location.absolute && !open.connection.loadedBy.has(ctx.window.label)) throw new Error(notLoaded(db))
  return open
}

const statementOf = (query: string, values: readonly unknown[]): Statement => ({ sql: query, values: values.map(toSqlValue) })

const values = z.array(z.unknown()).max(100_000).optional()

export const load = defineCommand({
  description: 'Opens a database and applies its migrations; resolves to the connection string.',
  args: z.looseObject({ db: z.string().min(1).max(4096) }),
  handler: ({ db }, ctx: Ctx) =>
    attempt(async () => {
      const open = await openDatabase(ctx.plugin.state, db, ctx.app.paths.appConfig, (location) => authorize(location, db, ctx))
      // Another window opened it: this window's scope must allow the path too.
      if (open.location.absolute && !open.connection.loadedBy.has(ctx.window.label)) await authorize(open.location, db, ctx)
      open.connection.loadedBy.add(ctx.window.label)
      return db
    }),
})

export const execute = defineCommand({
  description: 'Runs one statement; resolves to [rowsAffected, lastInsertId].',
  args: z.looseObject({ db: z.string(), query: z.string(), values }),
  // Posted to the worker before any await, so statements keep the order they were sent in.
  handler: ({ db, query, values = [] }, ctx: Ctx): Promise<ExecuteResult> =>
    attempt(() => usable(ctx, db).connection.execute(ctx.window.label, statementOf(query, values))),
})

export const select = defineCommand({
  description: 'Runs a query; resolves to its rows, each an object with the columns in order.',
  args: z.looseObject({ db: z.string(), query: z.string(), values }),
  handler: ({ db, query, values = [] }, ctx: Ctx): Promise<Record<string, unknown>[]> =>
    attempt(() => usable(ctx, db).connection.select(ctx.window.label, statementOf(query, values))),
})

export const batch = defineCommand({
  description: 'Runs statements atomically: all apply or none. Resolves to each one’s result (rows for a query).',
  args: z.looseObject({
    db: z.string(),
    statements: z
      .array(z.looseObject({ query: z.string(), values }))
      .min(1)
      .max(10_000),
  }),
  handler: ({ db, statements }, ctx: Ctx): Promise<unknown[]> =>
    attempt(() =>
      usable(ctx, db).connection.batch(
        ctx.window.label,
        statements.map((s) => statementOf(s.query, s.values ?? [])),
      ),
    ),
})

export const close = defineCommand({
  description: 'Closes one database, or every database when none is named; resolves to true.',
  args: z.looseObject({ db: z.string().nullish() }).nullish(),
  handler: (args, ctx: Ctx): Promise<boolean> =>
    attempt(async () => {
      const db = args?.db ?? undefined
      if (db !== undefined) usable(ctx, db)
      await closeDatabases(ctx.plugin.state, db)
      return true
    }),
})
