/**
 * The table of every permission identifier that exists, with its commands as they appear on the
 * wire. Filled by `buildRegistry` at startup; read by capability compilation and the policy.
 */
import type { CapabilityProblem } from './capability-error.ts'

/** A permission with its commands as they appear on the wire (`plugin:fs|read_file`, `greet`). */
export interface ResolvedPermission {
  kind: 'permission'
  identifier: string
  description: string
  /** Whose commands these are: '' for the app, else the plugin's wire name (`fs`, `event`). */
  owner: string
  allow: readonly string[]
  deny: readonly string[]
  scope: { allow: readonly unknown[]; deny: readonly unknown[] }
}

export interface ResolvedSet {
  kind: 'set'
  identifier: string
  description: string
  /** Full identifiers of permissions or sets. */
  members: readonly string[]
}

export type RegistryEntry = ResolvedPermission | ResolvedSet

/**
 * `read_file` and `readFile` both become `read-file`, the form Tauri generates identifiers in.
 *
 * @example
 * kebab('read_text_file') // 'read-text-file'
 */
export function kebab(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/_/g, '-')
    .toLowerCase()
}

/** Owner of a wire command: the plugin name in `plugin:<name>|cmd`, or '' for an app command. */
export function ownerOf(command: string): string {
  if (!command.startsWith('plugin:')) return ''
  const bar = command.indexOf('|')
  return bar === -1 ? '' : command.slice('plugin:'.length, bar)
}

export class PermissionRegistry {
  private readonly entries = new Map<string, RegistryEntry>()
  /** Accepted spellings that are not canonical (`allow-read_file` for `allow-read-file`). */
  private readonly aliases = new Map<string, string>()
  private readonly declaredIn = new Map<string, string>()
  private readonly expanded = new Map<string, ResolvedPermission[]>()
  private allowIndex: Map<string, string[]> | undefined
  /** Every wire command some permission can govern. */
  readonly commands = new Set<string>()
  /** Permission prefixes of the installed plugins (`fs`, `core:event`). */
  readonly prefixes = new Set<string>()

  /** Adds an entry, or reports it as a duplicate of an earlier one. */
  add(entry: RegistryEntry, source: string, at: string, problems: CapabilityProblem[]): void {
    const earlier = this.declaredIn.get(entry.identifier)
    if (earlier !== undefined || this.aliases.has(entry.identifier)) {
      problems.push({
        source,
        at,
        problem: `duplicate permission identifier "${entry.identifier}" (already declared in ${earlier ?? 'an alias'})`,
      })
      return
    }
    this.entries.set(entry.identifier, entry)
    this.declaredIn.set(entry.identifier, source)
  }

  alias(spelling: string, canonical: string): void {
    if (spelling !== canonical && !this.entries.has(spelling)) this.aliases.set(spelling, canonical)
  }

  /** The canonical identifier for any accepted spelling. */
  canonical(identifier: string): string | undefined {
    if (this.entries.has(identifier)) return identifier
    return this.aliases.get(identifier)
  }

  get(identifier: string): RegistryEntry | undefined {
    const id = this.canonical(identifier)
    return id === undefined ? undefined : this.entries.get(id)
  }

  /** Canonical entries, in declaration order. */
  list(): RegistryEntry[] {
    return [...this.entries.values()]
  }

  aliasList(): Array<[alias: string, canonical: string]> {
    return [...this.aliases]
  }

  /** Every accepted spelling: what suggestions are drawn from. */
  spellings(): string[] {
    return [...this.entries.keys(), ...this.aliases.keys()]
  }

  /** The permissions a permission or set stands for; sets are flattened, cycles cut. */
  expand(identifier: string): ResolvedPermission[] {
    const id = this.canonical(identifier) ?? identifier
    const cached = this.expanded.get(id)
    if (cached) return cached
    const out = new Map<string, ResolvedPermission>()
    const visit = (current: string, seen: Set<string>): void => {
      const entry = this.get(current)
      if (!entry || seen.has(entry.identifier)) return
      if (entry.kind === 'permission') out.set(entry.identifier, entry)
      else for (const member of entry.members) visit(member, new Set([...seen, entry.identifier]))
    }
    visit(id, new Set())
    const result = [...out.values()]
    this.expanded.set(id, result)
    return result
  }

  /** Identifiers of the permissions (not sets) whose `commands.allow` names `command`. */
  allowing(command: string): string[] {
    if (!this.allowIndex) {
      this.allowIndex = new Map()
      for (const entry of this.entries.values()) {
        if (entry.kind !== 'permission') continue
        for (const c of entry.allow) this.allowIndex.set(c, [...(this.allowIndex.get(c) ?? []), entry.identifier])
      }
    }
    return this.allowIndex.get(command) ?? []
  }

  /** Where an identifier was declared, for messages. */
  sourceOf(identifier: string): string | undefined {
    return this.declaredIn.get(this.canonical(identifier) ?? identifier)
  }
}
