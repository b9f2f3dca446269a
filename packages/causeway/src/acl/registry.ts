/**
 * Every permission identifier that exists, resolved to wire command names. Built once at startup
 * from the app's commands, the plugins' declarations, the core manifest and the app's permission
 * files; a capability can only name what is in here.
 */
import { type CapabilityProblem, suggest } from './capability-error.ts'
import { type CorePlugin, coreDefault, corePlugins } from './core-permissions.ts'
import { parseWith, permissionFileSchema } from './schema.ts'
import type { PermissionDef, PermissionFileInput, PluginManifest, PluginPermissions } from './types.ts'

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

/** What the registry is built from. */
export interface RegistryInput {
  appCommands: readonly string[]
  plugins: readonly PluginManifest[]
  permissionFiles?: readonly PermissionFileInput[]
}

/**
 * `read_file` and `readFile` both become `read-file`, the form Tauri generates identifiers in.
 *
 * @example
 * kebab('read_text_file') // 'read-text-file'
 */
export function kebab(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/_/g, '-').toLowerCase()
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

  /** Adds an entry, or reports it as a duplicate of an earlier one. */
  add(entry: RegistryEntry, source: string, at: string, problems: CapabilityProblem[]): void {
    const earlier = this.declaredIn.get(entry.identifier)
    if (earlier !== undefined || this.aliases.has(entry.identifier)) {
      problems.push({ source, at, problem: `duplicate permission identifier "${entry.identifier}" (already declared in ${earlier ?? 'an alias'})` })
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

interface PendingMember {
  source: string
  at: string
  member: string
}

/**
 * Builds the registry, recording every problem instead of stopping at the first.
 *
 * @example
 * const problems: CapabilityProblem[] = []
 * const registry = buildRegistry({ appCommands: ['greet'], plugins: [] }, problems)
 * registry.get('allow-greet') // { kind: 'permission', allow: ['greet'], ... }
 */
export function buildRegistry(input: RegistryInput, problems: CapabilityProblem[]): PermissionRegistry {
  const registry = new PermissionRegistry()
  const pending: PendingMember[] = []
  addAppCommands(registry, input.appCommands, problems)
  for (const core of corePlugins) addPlugin(registry, core, 'core permissions', pending, problems)
  registry.add({ kind: 'set', identifier: coreDefault.identifier, description: coreDefault.description, members: coreDefault.members }, 'core permissions', '', problems)
  for (const plugin of input.plugins) {
    const source = `plugin "${plugin.name}"`
    if (!/^[a-z][a-z0-9_-]*$/i.test(plugin.name) || plugin.name === 'core' || corePlugins.some((c) => c.wire === plugin.name)) {
      problems.push({ source, at: 'name', problem: `plugin name "${plugin.name}" is reserved or not a simple name (letters, digits, - and _)` })
      continue
    }
    const permissions: PluginPermissions = plugin.permissions ?? { permissions: [], default: [] }
    addPlugin(registry, { prefix: plugin.name, wire: plugin.name, commands: plugin.commands, permissions }, source, pending, problems)
  }
  ;(input.permissionFiles ?? []).forEach((file, i) => addPermissionFile(registry, file, `permissionFiles[${i}]`, input.appCommands, pending, problems))
  for (const { source, at, member } of pending) {
    if (!registry.get(member)) {
      problems.push({ source, at, problem: `unknown permission "${member}"`, suggestions: suggest(member, registry.spellings()) })
    }
  }
  return registry
}

function addAppCommands(registry: PermissionRegistry, commands: readonly string[], problems: CapabilityProblem[]): void {
  for (const command of commands) {
    for (const action of ['allow', 'deny'] as const) {
      const identifier = `${action}-${kebab(command)}`
      const verb = action === 'allow' ? 'Allows' : 'Denies'
      registry.add(
        { kind: 'permission', identifier, description: `${verb} the ${command} command.`, owner: '', allow: action === 'allow' ? [command] : [], deny: action === 'deny' ? [command] : [], scope: { allow: [], deny: [] } },
        'app commands',
        `appCommands: ${command}`,
        problems,
      )
      registry.alias(`${action}-${command}`, identifier)
    }
    registry.commands.add(command)
  }
}

function addPlugin(registry: PermissionRegistry, plugin: CorePlugin, source: string, pending: PendingMember[], problems: CapabilityProblem[]): void {
  const full = (id: string) => (id.includes(':') ? id : `${plugin.prefix}:${id}`)
  const wire = (command: string) => `plugin:${plugin.wire}|${command}`
  for (const command of plugin.commands) registry.commands.add(wire(command))
  const declared = new Set<string>()
  plugin.permissions.permissions.forEach((def, i) => {
    const commands = (action: 'allow' | 'deny') =>
      (def.commands?.[action] ?? []).flatMap((command, j) => {
        if (plugin.commands.includes(command)) return [wire(command)]
        const suggestions = suggest(command, plugin.commands)
        problems.push({ source, at: `permissions[${i}].commands.${action}[${j}]`, problem: `"${command}" is not a command of plugin ${plugin.wire}`, suggestions })
        return []
      })
    declared.add(full(def.identifier))
    registry.add(permissionOf(def, full(def.identifier), plugin.wire, commands('allow'), commands('deny')), source, `permissions[${i}]`, problems)
  })
  // Like Tauri's build script, every command gets allow-/deny- permissions unless declared.
  for (const command of plugin.commands) {
    for (const action of ['allow', 'deny'] as const) {
      const identifier = `${plugin.prefix}:${action}-${kebab(command)}`
      if (declared.has(identifier)) continue
      const description = `${action === 'allow' ? 'Allows' : 'Denies'} the ${command} command.`
      const list = [wire(command)]
      registry.add({ kind: 'permission', identifier, description, owner: plugin.wire, allow: action === 'allow' ? list : [], deny: action === 'deny' ? list : [], scope: { allow: [], deny: [] } }, source, '', problems)
    }
  }
  ;(plugin.permissions.sets ?? []).forEach((set, i) => {
    const members = set.permissions.map(full)
    members.forEach((member, j) => pending.push({ source, at: `sets[${i}].permissions[${j}]`, member }))
    registry.add({ kind: 'set', identifier: full(set.identifier), description: set.description ?? '', members }, source, `sets[${i}]`, problems)
  })
  const defaults = plugin.permissions.default.map(full)
  defaults.forEach((member, j) => pending.push({ source, at: `default[${j}]`, member }))
  registry.add({ kind: 'set', identifier: `${plugin.prefix}:default`, description: `Default permissions of ${plugin.prefix}.`, members: defaults }, source, 'default', problems)
}

function permissionOf(def: PermissionDef, identifier: string, owner: string, allow: string[], deny: string[]): ResolvedPermission {
  return {
    kind: 'permission',
    identifier,
    description: def.description ?? '',
    owner,
    allow,
    deny,
    scope: { allow: def.scope?.allow ?? [], deny: def.scope?.deny ?? [] },
  }
}

function addPermissionFile(
  registry: PermissionRegistry,
  input: PermissionFileInput,
  fallbackSource: string,
  appCommands: readonly string[],
  pending: PendingMember[],
  problems: CapabilityProblem[],
): void {
  const { source = fallbackSource, ...raw } = input
  const file = parseWith(permissionFileSchema, raw, source, problems)
  if (!file) return
  ;(file.permission ?? []).forEach((def, i) => {
    if (def.identifier.includes(':')) {
      problems.push({ source, at: `permission[${i}].identifier`, problem: `app permission identifiers have no prefix; "${def.identifier}" contains ":"` })
      return
    }
    const commands = (action: 'allow' | 'deny') =>
      (def.commands?.[action] ?? []).filter((command, j) => {
        if (appCommands.includes(command)) return true
        const suggestions = suggest(command, appCommands)
        problems.push({ source, at: `permission[${i}].commands.${action}[${j}]`, problem: `command "${command}" is not registered`, suggestions })
        return false
      })
    const def2: PermissionDef = { identifier: def.identifier }
    if (def.description !== undefined) def2.description = def.description
    if (def.scope) def2.scope = { allow: def.scope.allow ?? [], deny: def.scope.deny ?? [] }
    registry.add(permissionOf(def2, def.identifier, '', commands('allow'), commands('deny')), source, `permission[${i}]`, problems)
  })
  ;(file.set ?? []).forEach((set, i) => {
    set.permissions.forEach((member, j) => pending.push({ source, at: `set[${i}].permissions[${j}]`, member }))
    registry.add({ kind: 'set', identifier: set.identifier, description: set.description ?? '', members: set.permissions }, source, `set[${i}]`, problems)
  })
}
