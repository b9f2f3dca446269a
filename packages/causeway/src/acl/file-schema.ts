/**
 * The shapes of capability files and app permission files, as zod schemas. One builder serves
 * both validation (identifiers as plain strings, checked afterwards so an unknown one gets a
 * "did you mean") and the JSON Schema for editors (identifiers as an enumeration).
 */
import { z } from 'zod'
import { formatPath } from '../core/names.ts'
import { CapabilityError, type CapabilityProblem } from './capability-error.ts'

/** Platform names as Tauri spells them in `platforms`. */
export const platformNames = ['linux', 'macOS', 'windows', 'android', 'iOS'] as const
export type PlatformName = (typeof platformNames)[number]

/**
 * A scope entry: `{ path }` for file system scopes, `{ event }` for event scopes, or a bare
 * string. Other keys pass through untouched because each plugin gives its scope its own meaning.
 */
export const scopeEntrySchema = z.union([
  z.string(),
  z.looseObject({
    path: z.string().optional().describe('A path glob; may start with $APPDATA, $APPCONFIG, $HOME, $TEMP, ...'),
    event: z.string().optional().describe('An event name glob, for core:event permissions.'),
  }),
])

const scopeList = z.array(scopeEntrySchema)

/**
 * The capability file shape; `identifier` is what a permission reference must be.
 *
 * @example
 * capabilityFileSchema().parse({ identifier: 'default', windows: ['main'], permissions: ['core:default'] })
 */
export function capabilityFileSchema(identifier: z.ZodType<string> = z.string().min(1)) {
  const extended = z.strictObject({
    identifier,
    allow: scopeList.optional().describe('Scope entries added to what this permission allows.'),
    deny: scopeList.optional().describe('Scope entries refused even when something else allows them.'),
  })
  return z
    .strictObject({
      $schema: z.string().optional(),
      identifier: z.string().min(1).describe('Unique name of this capability.'),
      description: z.string().optional(),
      windows: z.array(z.string()).min(1).describe('Window labels this capability applies to; globs such as "settings-*".'),
      permissions: z.array(z.union([identifier, extended])).describe('Permission identifiers, optionally with extra scope.'),
      platforms: z.array(z.enum(platformNames)).optional().describe('Only on these platforms; all when absent.'),
      local: z.boolean().optional().describe("Applies to the app's own pages. Defaults to true, or to false when `remote` is set."),
      remote: z
        .strictObject({
          urls: z.array(z.string()).min(1).describe('Origin patterns such as "https://*.example.com".'),
        })
        .optional()
        .describe('Pages from other origins this capability applies to.'),
    })
    .meta({ title: 'Causeway capability' })
}

export type CapabilityFile = z.output<ReturnType<typeof capabilityFileSchema>>
export type ScopeEntry = z.output<typeof scopeEntrySchema>

const permissionEntrySchema = z.strictObject({
  identifier: z.string().min(1),
  description: z.string().optional(),
  commands: z.strictObject({ allow: z.array(z.string()).optional(), deny: z.array(z.string()).optional() }).optional(),
  scope: z.strictObject({ allow: scopeList.optional(), deny: scopeList.optional() }).optional(),
})

const setEntrySchema = z.strictObject({
  identifier: z.string().min(1),
  description: z.string().optional(),
  permissions: z.array(z.string()),
})

/** An app permission file: `[[permission]]` and `[[set]]` tables. */
export const permissionFileSchema = z.strictObject({
  $schema: z.string().optional(),
  permission: z.array(permissionEntrySchema).optional(),
  set: z.array(setEntrySchema).optional(),
})

export type PermissionFile = z.output<typeof permissionFileSchema>

/**
 * Parses `value` or records each zod issue as a problem located in `source`.
 *
 * @example
 * const problems: CapabilityProblem[] = []
 * const file = parseWith(permissionFileSchema, raw, 'permissions/app.toml', problems)
 */
export function parseWith<T>(schema: z.ZodType<T>, value: unknown, source: string, problems: CapabilityProblem[]): T | undefined {
  const result = schema.safeParse(value)
  if (result.success) return result.data
  for (const issue of result.error.issues) {
    problems.push({ source, at: formatPath(issue.path), problem: describeIssue(issue) })
  }
  return undefined
}

/** zod's messages start with "Invalid input:"; the location already says where, so say what. */
function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys')
    return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`
  if (issue.code === 'invalid_union') {
    const isPermission = issue.path.length === 2 && issue.path[0] === 'permissions'
    return isPermission
      ? 'expected a permission identifier string or an object { identifier, allow?, deny? }'
      : 'expected a string or an object'
  }
  return issue.message.replace(/^Invalid input: /, '')
}

/** Throws the collected problems, if any. */
export function throwIfAny(problems: CapabilityProblem[]): void {
  if (problems.length > 0) throw new CapabilityError(problems)
}
