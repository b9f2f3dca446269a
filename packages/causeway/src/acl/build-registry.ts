/**
 * Builds the permission registry once at startup from the app's commands, the plugins'
 * declarations, the core manifest and the app's permission files; a capability can only name
 * what ends up in it. Problems are collected, not thrown, so all of them are reported together.
 */
import { type CapabilityProblem, suggest } from './capability-error.ts'
import { parseWith, permissionFileSchema } from './file-schema.ts'
import { kebab, PermissionRegistry, type ResolvedPermission } from './permission-registry.ts'
import { corePluginOf, type TauriCorePlugin, tauriCorePlugins } from './tauri-catalog.ts'
import type { PermissionDef, PermissionFileInput, PluginManifest, PluginPermissions } from './types.ts'

/** What the registry is built from. */
export interface RegistryInput {
  appCommands: readonly string[]
  plugins: readonly PluginManifest[]
  permissionFiles?: readonly PermissionFileInput[]
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
  const coreDefaults: string[] = []
  for (const plugin of input.plugins) {
    const source = `plugin "${plugin.name}"`
    const prefix = plugin.prefix ?? plugin.name
    const core = prefix === `core:${plugin.name}`
    if (!/^[a-z][a-z0-9_-]*$/i.test(plugin.name) || plugin.name === 'core' || (prefix !== plugin.name && !core)) {
      problems.push({
        source,
        at: 'name',
        problem: `plugin name "${plugin.name}" is reserved or not a simple name (letters, digits, - and _), or its permission prefix "${prefix}" is neither its name nor core:${plugin.name}`,
      })
      continue
    }
    const facts = corePluginOf(plugin.name)
    if (facts && !core) {
      // Tauri's core:<name>:* identifiers govern plugin:<name>|* and core:default grants some of
      // them: a plugin under such a name that did not opt in would be granted by capabilities
      // written for Tauri's core API.
      problems.push({
        source,
        at: 'name',
        problem: `plugin name "${plugin.name}" is Tauri's core ${plugin.name} API (${facts.api}): give the plugin permissionPrefix "core:${plugin.name}" to implement it, or another name`,
      })
      continue
    }
    const declared: PluginPermissions = plugin.permissions ?? { permissions: [], default: [] }
    const permissions = facts ? withTauriDefaults(declared, plugin.commands, facts) : declared
    addPlugin(registry, { prefix, wire: plugin.name, commands: plugin.commands, permissions }, source, pending, problems)
    if (core) coreDefaults.push(`${prefix}:default`)
  }
  addTauriCore(registry, coreDefaults, problems)
  // Tauri's `core:default`: the default sets of every core plugin.
  registry.add(
    {
      kind: 'set',
      identifier: 'core:default',
      description: 'Default core permissions: the default set of every core plugin.',
      members: coreDefaults,
    },
    'core permissions',
    '',
    problems,
  )
  for (const [i, file] of (input.permissionFiles ?? []).entries()) {
    addPermissionFile(registry, file, `permissionFiles[${i}]`, input.appCommands, pending, problems)
  }
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
        {
          kind: 'permission',
          identifier,
          description: `${verb} the ${command} command.`,
          owner: '',
          allow: action === 'allow' ? [command] : [],
          deny: action === 'deny' ? [command] : [],
          scope: { allow: [], deny: [] },
        },
        'app commands',
        `appCommands: ${command}`,
        problems,
      )
      registry.alias(`${action}-${command}`, identifier)
    }
    registry.commands.add(command)
  }
}

/**
 * A core plugin's `default` as Tauri's: what the plugin declares, plus `allow-<command>` for each
 * command Tauri's default allows that the plugin does not implement (those grant nothing until it
 * does, and then grant what Tauri's default would).
 */
function withTauriDefaults(declared: PluginPermissions, commands: readonly string[], facts: TauriCorePlugin): PluginPermissions {
  const missing = facts.defaults.filter((command) => !commands.includes(command)).map((command) => `allow-${kebab(command)}`)
  return { ...declared, default: [...declared.default, ...missing.filter((id) => !declared.default.includes(id))] }
}

/**
 * Every identifier of Tauri's core permission sets, so capability files written for Tauri name
 * only what exists. What no plugin declared is added as Tauri defines it, governing a command
 * that does not exist here: granting it grants nothing, and calling it says it is not implemented.
 */
function addTauriCore(registry: PermissionRegistry, coreDefaults: string[], problems: CapabilityProblem[]): void {
  for (const [name, facts] of Object.entries(tauriCorePlugins)) {
    const prefix = `core:${name}`
    for (const command of [...facts.defaults, ...facts.others]) {
      for (const action of ['allow', 'deny'] as const) {
        const identifier = `${prefix}:${action}-${kebab(command)}`
        if (registry.get(identifier)) continue
        const wire = [`plugin:${name}|${command}`]
        registry.add(
          {
            kind: 'permission',
            identifier,
            description: `${action === 'allow' ? 'Allows' : 'Denies'} Tauri's ${command} command (${facts.api}). Causeway does not implement it: a call to it fails with CommandNotFound.`,
            owner: name,
            allow: action === 'allow' ? wire : [],
            deny: action === 'deny' ? wire : [],
            scope: { allow: [], deny: [] },
          },
          'Tauri core permissions',
          '',
          problems,
        )
      }
    }
    if (registry.get(`${prefix}:default`)) continue
    registry.add(
      {
        kind: 'set',
        identifier: `${prefix}:default`,
        description: `Default permissions of Tauri's core ${name} API (${facts.api}), which Causeway does not implement.`,
        members: facts.defaults.map((command) => `${prefix}:allow-${kebab(command)}`),
      },
      'Tauri core permissions',
      '',
      problems,
    )
    coreDefaults.push(`${prefix}:default`)
  }
}

/** A plugin's permissions under their prefix (`fs`, or `core:event` for the wire name `event`). */
interface PluginDeclaration {
  prefix: string
  wire: string
  commands: readonly string[]
  permissions: PluginPermissions
}

function addPlugin(
  registry: PermissionRegistry,
  plugin: PluginDeclaration,
  source: string,
  pending: PendingMember[],
  problems: CapabilityProblem[],
): void {
  const full = (id: string) => (id.includes(':') ? id : `${plugin.prefix}:${id}`)
  const wire = (command: string) => `plugin:${plugin.wire}|${command}`
  registry.prefixes.add(plugin.prefix)
  for (const command of plugin.commands) registry.commands.add(wire(command))
  const declared = new Set<string>()
  plugin.permissions.permissions.forEach((def, i) => {
    const commands = (action: 'allow' | 'deny') =>
      (def.commands?.[action] ?? []).flatMap((command, j) => {
        if (plugin.commands.includes(command)) return [wire(command)]
        const suggestions = suggest(command, plugin.commands)
        problems.push({
          source,
          at: `permissions[${i}].commands.${action}[${j}]`,
          problem: `"${command}" is not a command of plugin ${plugin.wire}`,
          suggestions,
        })
        return []
      })
    declared.add(full(def.identifier))
    registry.add(
      permissionOf(def, full(def.identifier), plugin.wire, commands('allow'), commands('deny')),
      source,
      `permissions[${i}]`,
      problems,
    )
  })
  // Like Tauri's build script, every command gets allow-/deny- permissions unless declared.
  for (const command of plugin.commands) {
    for (const action of ['allow', 'deny'] as const) {
      const identifier = `${plugin.prefix}:${action}-${kebab(command)}`
      if (declared.has(identifier)) continue
      const description = `${action === 'allow' ? 'Allows' : 'Denies'} the ${command} command.`
      const list = [wire(command)]
      registry.add(
        {
          kind: 'permission',
          identifier,
          description,
          owner: plugin.wire,
          allow: action === 'allow' ? list : [],
          deny: action === 'deny' ? list : [],
          scope: { allow: [], deny: [] },
        },
        source,
        '',
        problems,
      )
    }
  }
  ;(plugin.permissions.sets ?? []).forEach((set, i) => {
    const members = set.permissions.map(full)
    members.forEach((member, j) => {
      pending.push({ source, at: `sets[${i}].permissions[${j}]`, member })
    })
    registry.add(
      { kind: 'set', identifier: full(set.identifier), description: set.description ?? '', members },
      source,
      `sets[${i}]`,
      problems,
    )
  })
  const defaults = plugin.permissions.default.map(full)
  defaults.forEach((member, j) => {
    pending.push({ source, at: `default[${j}]`, member })
  })
  registry.add(
    { kind: 'set', identifier: `${plugin.prefix}:default`, description: `Default permissions of ${plugin.prefix}.`, members: defaults },
    source,
    'default',
    problems,
  )
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
      problems.push({
        source,
        at: `permission[${i}].identifier`,
        problem: `app permission identifiers have no prefix; "${def.identifier}" contains ":"`,
      })
      return
    }
    const commands = (action: 'allow' | 'deny') =>
      (def.commands?.[action] ?? []).filter((command, j) => {
        if (appCommands.includes(command)) return true
        const suggestions = suggest(command, appCommands)
        problems.push({
          source,
          at: `permission[${i}].commands.${action}[${j}]`,
          problem: `command "${command}" is not registered`,
          suggestions,
        })
        return false
      })
    const def2: PermissionDef = { identifier: def.identifier }
    if (def.description !== undefined) def2.description = def.description
    if (def.scope) def2.scope = { allow: def.scope.allow ?? [], deny: def.scope.deny ?? [] }
    registry.add(permissionOf(def2, def.identifier, '', commands('allow'), commands('deny')), source, `permission[${i}]`, problems)
  })
  ;(file.set ?? []).forEach((set, i) => {
    set.permissions.forEach((member, j) => {
      pending.push({ source, at: `set[${i}].permissions[${j}]`, member })
    })
    registry.add(
      { kind: 'set', identifier: set.identifier, description: set.description ?? '', members: set.permissions },
      source,
      `set[${i}]`,
      problems,
    )
  })
}
