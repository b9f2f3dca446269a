/**
 * Reads capability and permission files from a directory. Parsing only: validation happens in
 * `createAccessPolicy`, which sees the commands and plugins and can say what a name should be.
 */
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parse as parseToml } from 'smol-toml'
import { CapabilityError, type CapabilityProblem } from './capability-error.ts'
import type { CapabilityInput, PermissionFileInput } from './types.ts'

/** `*.json` and `*.toml` files of `dir`, in name order so results do not depend on the OS. */
async function configFiles(dir: string): Promise<string[]> {
  const names = await readdir(dir)
  return names
    .filter((name) => name.endsWith('.json') || name.endsWith('.toml'))
    .filter((name) => name !== 'schema.json' && !name.endsWith('.schema.json'))
    .sort()
    .map((name) => join(dir, name))
}

async function parseFiles(dir: string): Promise<Array<{ source: string; value: unknown }>> {
  const problems: CapabilityProblem[] = []
  const out: Array<{ source: string; value: unknown }> = []
  for (const file of await configFiles(dir)) {
    const text = await readFile(file, 'utf8')
    try {
      out.push({ source: file, value: file.endsWith('.toml') ? parseToml(text) : JSON.parse(text) })
    } catch (error) {
      problems.push({ source: file, at: '', problem: `cannot parse: ${(error as Error).message.split('\n')[0]}` })
    }
  }
  if (problems.length > 0) throw new CapabilityError(problems)
  return out
}

function asInput(source: string, value: unknown): CapabilityInput {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CapabilityError([{ source, at: '', problem: 'expected an object at the top level' }])
  }
  return { ...(value as Record<string, unknown>), source }
}

/**
 * Reads every capability file (`*.json`, `*.toml`) in `dir`; each result carries its file name
 * as `source`. A generated `schema.json` next to them is skipped.
 *
 * @example
 * const policy = createAccessPolicy({ capabilities: await loadCapabilityDir('src-app/capabilities'), ... })
 */
export async function loadCapabilityDir(dir: string): Promise<CapabilityInput[]> {
  return (await parseFiles(dir)).map(({ source, value }) => asInput(source, value))
}

/**
 * Reads every app permission file in `dir`: TOML or JSON with `[[permission]]` entries
 * (identifier, description, commands.allow/deny, scope.allow/deny) and `[[set]]` entries.
 *
 * @example
 * // permissions/config.toml
 * // [[permission]]
 * // identifier = "allow-config"
 * // commands.allow = ["read_config", "write_config"]
 * const permissionFiles = await loadPermissionDir('src-app/permissions')
 */
export async function loadPermissionDir(dir: string): Promise<PermissionFileInput[]> {
  return (await parseFiles(dir)).map(({ source, value }) => asInput(source, value))
}
