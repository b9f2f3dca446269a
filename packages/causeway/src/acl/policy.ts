/**
 * The access policy the host consults before any handler runs. Deny by default: a command, an
 * event or a scope entry is available only when a capability that applies to the caller grants
 * it, and any deny wins over every allow.
 */

import { buildRegistry } from './build-registry.ts'
import { type CallerTable, resolveCallerTable } from './caller-table.ts'
import {
  type CompiledCapability,
  compileCapabilities,
  compileEventGlob,
  eventGlobOf,
  type MissingTauriPlugin,
  platformName,
} from './capabilities.ts'
import type { CapabilityProblem } from './capability-error.ts'
import { explainCommand, explainEvent } from './explain.ts'
import { throwIfAny } from './file-schema.ts'
import { ownerOf, type PermissionRegistry } from './permission-registry.ts'
import { howToInstall } from './tauri-catalog.ts'
import type { AccessDecision, AccessPolicy, Caller, CapabilityInput, PermissionFileInput, PluginManifest } from './types.ts'

export interface AccessPolicyOptions {
  /** Parsed capabilities, e.g. from `loadCapabilityDir`, or written inline. */
  capabilities: readonly CapabilityInput[]
  /** Parsed app permission files, e.g. from `loadPermissionDir`. */
  permissionFiles?: readonly PermissionFileInput[]
  /** Names of the app's registered commands; each gets `allow-<name>` and `deny-<name>`. */
  appCommands: readonly string[]
  /** Registered plugins (not the built-in core ones). */
  plugins: readonly PluginManifest[]
  /** The app's own origins. A caller is local only if the host says so and its origin is one of these. */
  appOrigins: readonly string[]
  /** Development mode: refusals explain which permission would allow the call. */
  dev: boolean
  /** Overrides `process.platform` for the `platforms` filter (tests, cross-builds). */
  platform?: string
  /**
   * Who may call the app's own commands. `'capabilities'` (the default): a window may call one
   * only when a capability grants its `allow-<command>`. `'tauri'`: Tauri's rule, where an app
   * that declares no app permissions (no permission files, no app permission in any capability)
   * has its commands allowed in its own pages that some capability applies to.
   */
  appCommandAccess?: 'capabilities' | 'tauri'
  /** Startup warnings that do not stop the app: permissions of Tauri plugins not installed, the app command rule. */
  warn?: (message: string) => void
}

/** Callers are few (windows × origins); the bound only stops a flood of made-up origins. */
const MAX_CACHED_CALLERS = 512

const EVENT_COMMANDS = {
  listen: ['plugin:event|listen'],
  emit: ['plugin:event|emit', 'plugin:event|emit_to'],
} as const

/**
 * Validates every capability and permission file and returns the policy; throws
 * `CapabilityError` listing each problem (file, place in it, what is wrong, closest identifiers).
 *
 * @example
 * const policy = createAccessPolicy({
 *   capabilities: await loadCapabilityDir('capabilities'),
 *   appCommands: ['greet'],
 *   plugins: [{ name: 'fs', commands: Object.keys(fs.commands), permissions: fs.permissions }],
 *   appOrigins: ['http://127.0.0.1:4321'],
 *   dev: true,
 * })
 * policy.checkCommand({ label: 'main', origin: 'http://127.0.0.1:4321', local: true }, 'greet')
 */
export function createAccessPolicy(options: AccessPolicyOptions): AccessPolicy {
  const problems: CapabilityProblem[] = []
  const registry = buildRegistry(
    { appCommands: options.appCommands, plugins: options.plugins, permissionFiles: options.permissionFiles ?? [] },
    problems,
  )
  const platform = options.platform ?? platformName(process.platform)
  const missing: MissingTauriPlugin[] = []
  const capabilities = compileCapabilities(options.capabilities, registry, platform, problems, missing)
  throwIfAny(problems)
  const warn = options.warn ?? (() => {})
  for (const message of missingPluginWarnings(missing)) warn(message)
  const tauriRule = options.appCommandAccess === 'tauri' && tauriRuleApplies(options, registry, capabilities, warn)

  const appOrigins = new Set(options.appOrigins)
  const tables = new Map<string, CallerTable>()

  // If the host calls a page local but its origin is not the app's, trust neither: treat it as
  // remote, so a misconfigured host fails closed.
  const normalize = (caller: Caller): Caller =>
    caller.local && caller.origin !== '' && appOrigins.size > 0 && !appOrigins.has(caller.origin) ? { ...caller, local: false } : caller

  const tableFor = (caller: Caller): CallerTable => {
    const key = `${caller.local ? 'L' : 'R'}\n${caller.origin}\n${caller.label}`
    let table = tables.get(key)
    if (!table) {
      if (tables.size >= MAX_CACHED_CALLERS) tables.clear()
      table = resolveCallerTable(caller, capabilities, registry)
      tables.set(key, table)
    }
    return table
  }

  const decide = (caller: Caller, table: CallerTable, command: string): AccessDecision => {
    if (tauriRule && caller.local && table.capabilities.length > 0 && ownerOf(command) === '' && registry.commands.has(command)) {
      return { allowed: true, scope: NO_SCOPE }
    }
    const grant = table.commands.get(command)
    if (!grant || grant.deniedBy.length > 0 || grant.allowedBy.length === 0) {
      return { allowed: false, reason: explainCommand(caller, command, table, registry, options.dev) }
    }
    const global = table.global.get(ownerOf(command))
    const scope = Object.freeze({
      allow: Object.freeze([...(global?.allow ?? []), ...grant.allow]),
      deny: Object.freeze([...(global?.deny ?? []), ...grant.deny]),
    })
    return { allowed: true, scope }
  }

  const checkCommand = (rawCaller: Caller, command: string): AccessDecision => {
    const caller = normalize(rawCaller)
    const table = tableFor(caller)
    const cached = table.decisions.get(command)
    if (cached) return cached
    const decision = decide(caller, table, command)
    // Only registered commands are cached, so a page inventing names cannot grow the table.
    if (registry.commands.has(command)) table.decisions.set(command, decision)
    return decision
  }

  const checkEvent = (rawCaller: Caller, action: 'listen' | 'emit', event: string, via?: string): AccessDecision => {
    const caller = normalize(rawCaller)
    const table = tableFor(caller)
    // Each command's grant is judged on its own scope: an unscoped emit_to does not widen a scoped emit.
    const commands: readonly string[] =
      via !== undefined && (EVENT_COMMANDS[action] as readonly string[]).includes(via) ? [via] : EVENT_COMMANDS[action]
    const granted = commands.flatMap((command) => {
      const decision = checkCommand(caller, command)
      return decision.allowed ? [{ command, scope: decision.scope }] : []
    })
    if (granted.length === 0) {
      const permission =
        action === 'listen'
          ? 'core:event:allow-listen'
          : via === 'plugin:event|emit_to'
            ? 'core:event:allow-emit-to'
            : 'core:event:allow-emit'
      return { allowed: false, reason: explainEvent(caller, action, event, { kind: 'no-permission', permission }, options.dev) }
    }
    const allow: string[] = []
    const deny: string[] = []
    let unscoped = false
    for (const { command, scope } of granted) {
      unscoped ||= table.commands.get(command)?.unscoped === true
      for (const entry of scope.allow) pushGlob(allow, entry)
      for (const entry of scope.deny) pushGlob(deny, entry)
    }
    const denyHit = deny.find((glob) => matchesEvent(glob, event))
    if (denyHit !== undefined) {
      return { allowed: false, reason: explainEvent(caller, action, event, { kind: 'denied', by: denyHit }, options.dev) }
    }
    if (!unscoped && !allow.some((glob) => matchesEvent(glob, event))) {
      return { allowed: false, reason: explainEvent(caller, action, event, { kind: 'outside', allowed: allow }, options.dev) }
    }
    return { allowed: true, scope: { allow: allow.map((glob) => ({ event: glob })), deny: deny.map((glob) => ({ event: glob })) } }
  }

  return { checkCommand, checkEvent }
}

const NO_SCOPE = Object.freeze({ allow: Object.freeze([]), deny: Object.freeze([]) })

/** One warning per Tauri plugin that capabilities name but the app has not installed. */
function missingPluginWarnings(missing: readonly MissingTauriPlugin[]): string[] {
  const byPlugin = new Map<string, MissingTauriPlugin[]>()
  for (const m of missing) byPlugin.set(m.plugin, [...(byPlugin.get(m.plugin) ?? []), m])
  return [...byPlugin].map(([plugin, uses]) => {
    const shown = uses.slice(0, 5).map((u) => `"${u.identifier}" (${u.source})`)
    const more = uses.length > shown.length ? ` and ${uses.length - shown.length} more` : ''
    return `capabilities name permissions of Tauri's ${plugin} plugin, which is not installed, so they grant nothing: ${shown.join(', ')}${more}. To use it, ${howToInstall(plugin)}`
  })
}

/**
 * Whether Tauri's rule for app commands applies: only while the app declares no app permissions.
 * Says which commands it allows, or why it allows none.
 */
function tauriRuleApplies(
  options: AccessPolicyOptions,
  registry: PermissionRegistry,
  capabilities: readonly CompiledCapability[],
  warn: (message: string) => void,
): boolean {
  const option = "createApp({ appCommandAccess: 'tauri' })"
  const file = (options.permissionFiles ?? []).find((f) => f['permission'] !== undefined || f['set'] !== undefined)
  const grant = capabilities
    .flatMap((capability) => capability.grants.map((g) => ({ identifier: g.identifier, source: capability.source })))
    .find((g) => registry.expand(g.identifier).some((p) => p.owner === ''))
  const declared = file ? `the permission file ${file.source ?? ''}`.trimEnd() : grant && `"${grant.identifier}" in ${grant.source}`
  if (declared) {
    warn(`${option} allows nothing: the app declares app permissions (${declared}), so, as in Tauri, its commands need them`)
    return false
  }
  if (options.appCommands.length === 0) return true
  warn(
    `${option}: the app declares no app permissions, so, as in Tauri, its pages may call its commands without one (in windows a capability applies to, not from remote origins): ${options.appCommands.join(', ')}`,
  )
  return true
}

function pushGlob(into: string[], entry: unknown): void {
  const glob = eventGlobOf(entry)
  if (glob !== undefined) into.push(glob)
}

const eventMatchers = new Map<string, RegExp | string>()

/** Globs were validated at startup; compiled ones are shared across policies. */
function matchesEvent(glob: string, event: string): boolean {
  let compiled = eventMatchers.get(glob)
  if (compiled === undefined) {
    compiled = compileEventGlob(glob)
    eventMatchers.set(glob, compiled)
  }
  return typeof compiled !== 'string' && compiled.test(event)
}
