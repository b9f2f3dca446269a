/**
 * Argument shapes of the fs commands, as `@tauri-apps/plugin-fs` sends them, and the per-call
 * path guard. Arguments come from a page, so each is validated before any path is looked at.
 */
import { z } from 'zod'
import { CausewayError } from '../../core/errors.ts'
import type { CommandContext } from '../../plugin-kit.ts'
import { PathGuard } from './path-scope.ts'
import { runtimeGrantsFor } from './runtime-scope.ts'

/** `options.baseDir` is a Tauri `BaseDirectory` number; unknown options are ignored as Tauri does. */
const baseOptions = z.looseObject({ baseDir: z.number().int().nullish() })

export const pathArgs = z.looseObject({
  path: z.string(),
  options: baseOptions.extend({ recursive: z.boolean().nullish(), mode: z.number().int().nullish() }).nullish(),
})

/** Bytes arrive as a Uint8Array from a binary frame, or as a number array from JSON. */
const bytes = z.union([z.instanceof(Uint8Array), z.instanceof(ArrayBuffer), z.array(z.number().int().min(0).max(255))])

const writeOptions = baseOptions
  .extend({
    append: z.boolean().nullish(),
    create: z.boolean().nullish(),
    createNew: z.boolean().nullish(),
    mode: z.number().int().nullish(),
  })
  .nullish()

export const writeTextArgs = z.looseObject({ path: z.string(), contents: z.string(), options: writeOptions })
export const writeBytesArgs = z.looseObject({ path: z.string(), contents: z.union([bytes, z.string()]), options: writeOptions })

export const renameArgs = z.looseObject({
  oldPath: z.string(),
  newPath: z.string(),
  options: baseOptions.extend({ oldPathBaseDir: z.number().int().nullish(), newPathBaseDir: z.number().int().nullish() }).nullish(),
})

export const copyArgs = z.looseObject({
  fromPath: z.string(),
  toPath: z.string(),
  options: baseOptions.extend({ fromPathBaseDir: z.number().int().nullish(), toPathBaseDir: z.number().int().nullish() }).nullish(),
})

/**
 * Validates `args` or throws `InvalidArgs` naming the command and the offending field.
 *
 * @example
 * const { path, options } = parseArgs(pathArgs, args, 'read_text_file')
 */
export function parseArgs<T>(schema: z.ZodType<T>, args: unknown, command: string): T {
  const result = schema.safeParse(args ?? {})
  if (result.success) return result.data
  const issue = result.error.issues[0]
  const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : ''
  throw new CausewayError('InvalidArgs', `invalid arguments for fs ${command}${where}: ${issue?.message ?? 'unexpected shape'}`)
}

/** A write's arguments, whichever way they arrived. */
export interface WriteArgs {
  path: string
  contents: Uint8Array | ArrayBuffer | number[] | string
  options?: z.output<typeof writeOptions>
}

/**
 * `@tauri-apps/plugin-fs` sends a write as raw bytes with the path (URI-encoded) and the options
 * (JSON) in headers; a plain `invoke` may send `{ path, contents, options }` instead. The path is
 * decoded exactly once, so a `%2f` that survives decoding is still refused by the scope check.
 *
 * @example
 * const { path, contents, options } = parseWriteArgs(writeBytesArgs, args, ctx.headers, 'write_file')
 */
export function parseWriteArgs(
  schema: typeof writeTextArgs | typeof writeBytesArgs,
  args: unknown,
  headers: Readonly<Record<string, string>>,
  command: string,
): WriteArgs {
  if (!(args instanceof Uint8Array || args instanceof ArrayBuffer)) return parseArgs(schema, args, command)
  let path: string
  let options: unknown
  try {
    path = decodeURIComponent(headers['path'] ?? '')
    const raw = headers['options']
    options = raw === undefined || raw === '' || raw === 'undefined' ? undefined : JSON.parse(raw)
  } catch (error) {
    throw new CausewayError('InvalidArgs', `invalid headers for fs ${command}: ${(error as Error).message}`)
  }
  const parsed = parseArgs(writeBytesArgs, { path, contents: args, options }, command)
  return { path: parsed.path, contents: parsed.contents, options: parsed.options }
}

/** Copies nothing when the bytes already are a Uint8Array. */
export function toBytes(contents: Uint8Array | ArrayBuffer | number[] | string): Uint8Array | string {
  if (typeof contents === 'string' || contents instanceof Uint8Array) return contents
  return new Uint8Array(contents)
}

/**
 * The guard for this call: the window's capability scope plus its run-time grants.
 *
 * @example
 * const real = await guardFor(ctx).check(path, { baseDir: options?.baseDir })
 */
export function guardFor(ctx: Pick<CommandContext, 'scope' | 'app' | 'window'>): PathGuard {
  return new PathGuard(ctx.scope, ctx.app.paths, runtimeGrantsFor(ctx.app, ctx.window.label))
}
