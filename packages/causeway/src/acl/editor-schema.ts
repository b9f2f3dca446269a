/**
 * The JSON Schema editors use to complete capability files. It is generated from the same zod
 * schema that validates them, with the permission identifier narrowed to every identifier that
 * exists, each with its description, so the schema and the validator cannot drift apart.
 */
import { z } from 'zod'
import { buildRegistry } from './build-registry.ts'
import type { CapabilityProblem } from './capability-error.ts'
import { capabilityFileSchema, throwIfAny } from './file-schema.ts'
import type { PermissionFileInput, PluginManifest } from './types.ts'

export interface CapabilitySchemaOptions {
  appCommands: readonly string[]
  plugins: readonly PluginManifest[]
  permissionFiles?: readonly PermissionFileInput[]
}

/**
 * Builds the JSON Schema (draft 2020-12) for capability files. Write it next to them and point
 * `$schema` at it.
 *
 * @example
 * const schema = capabilitySchema({ appCommands: ['greet'], plugins: [] })
 * await writeFile('capabilities/schema.json', JSON.stringify(schema, null, 2))
 * // capabilities/default.json: { "$schema": "./schema.json", ... }
 */
export function capabilitySchema(options: CapabilitySchemaOptions): Record<string, unknown> {
  const problems: CapabilityProblem[] = []
  const registry = buildRegistry(
    { appCommands: options.appCommands, plugins: options.plugins, permissionFiles: options.permissionFiles ?? [] },
    problems,
  )
  throwIfAny(problems)
  const choices: z.ZodType<string>[] = []
  for (const entry of registry.list()) {
    const kind = entry.kind === 'set' ? `Set of ${entry.members.length}: ${entry.members.join(', ')}` : ''
    const description = [entry.description, kind].filter((part) => part !== '').join(' ')
    choices.push(z.literal(entry.identifier).describe(description || entry.identifier))
  }
  for (const [alias, canonical] of registry.aliasList()) {
    choices.push(z.literal(alias).describe(`Same as "${canonical}".`))
  }
  const [first, second, ...rest] = choices
  const identifier = first === undefined ? z.string() : second === undefined ? first : z.union([first, second, ...rest])
  return z.toJSONSchema(capabilityFileSchema(identifier), { target: 'draft-2020-12' }) as Record<string, unknown>
}
