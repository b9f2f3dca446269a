/**
 * Argument (and result) validation through Standard Schema: any validator that implements the
 * spec (zod, valibot, arktype, ...) works, and the package depends on none of them.
 */
import type { StandardSchemaV1 } from '@standard-schema/spec'
import { CausewayError } from '../core/errors.ts'
import { formatPath } from '../core/names.ts'

/** One validation problem, as the page receives it in `error.data.issues`. */
export interface ArgumentIssue {
  /** Where, as JavaScript would write it: `args.items[2].name`. */
  path: string
  /** The validator's own text. */
  message: string
}

/** What an `InvalidArgs` error from a schema carries as its data. */
export interface InvalidArgsData {
  issues: ArgumentIssue[]
  /** The first top-level key that was missing altogether, if any (Tauri words those differently). */
  missing?: string
}

function keysOf(path: StandardSchemaV1.Issue['path']): Array<string | number> {
  return (path ?? []).map((segment) => {
    const key = typeof segment === 'object' && segment !== null ? segment.key : segment
    return typeof key === 'number' ? key : String(key)
  })
}

/**
 * Validates `value` with `schema`; resolves to the schema's output or rejects with `InvalidArgs`
 * naming each issue's path under `root`.
 *
 * @example
 * const args = await validate(z.object({ name: z.string() }), { name: 1 }, 'greet', 'args')
 * // rejects: invalid args for command `greet`: args.name: Expected string, received number
 */
export async function validate(schema: StandardSchemaV1, value: unknown, command: string, root: 'args' | 'result'): Promise<unknown> {
  const result = await schema['~standard'].validate(value)
  if (!result.issues) return result.value
  const issues = result.issues.map((issue) => ({ path: formatPath(keysOf(issue.path), root), message: issue.message }))
  const data: InvalidArgsData = { issues }
  const record = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined
  for (const issue of result.issues) {
    const [first, ...rest] = keysOf(issue.path)
    if (rest.length === 0 && typeof first === 'string' && (record === undefined || record[first] === undefined)) {
      data.missing = first
      break
    }
  }
  const summary = issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')
  if (root === 'result') {
    return Promise.reject(new CausewayError('Internal', `command \`${command}\` returned a value its result schema refuses: ${summary}`))
  }
  return Promise.reject(new CausewayError('InvalidArgs', `invalid args for command \`${command}\`: ${summary}`, { data }))
}
