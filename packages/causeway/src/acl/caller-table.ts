/**
 * What one caller (window label + origin) may do, resolved from every capability that applies to
 * it. Built on first use and cached by the policy, because it is consulted on every invoke.
 */
import type { CompiledCapability } from './capabilities.ts'
import type { PermissionRegistry } from './permission-registry.ts'
import type { AccessDecision, Caller } from './types.ts'

/** Who granted or denied something: `"deny-greet" in capability "main"`. */
export interface Attribution {
  permission: string
  capability: string
}

/** Everything the applying capabilities say about one command. */
export interface CommandGrant {
  allowedBy: Attribution[]
  deniedBy: Attribution[]
  /** Scope entries of the permissions that allow it, plus what capabilities added to them. */
  allow: unknown[]
  deny: unknown[]
  /** Some allowing permission carried no scope entries of its own (matters for event scopes). */
  unscoped: boolean
}

export interface CallerTable {
  /** Identifiers of the capabilities that apply to this caller. */
  capabilities: string[]
  commands: Map<string, CommandGrant>
  /** Scopes of permissions without commands, by owner ('' for the app, plugin wire name). */
  global: Map<string, { allow: unknown[]; deny: unknown[] }>
  /** Decisions already made for this caller, by command. */
  decisions: Map<string, AccessDecision>
}

/**
 * Whether a capability applies to a caller. Local pages get local capabilities; a remote page
 * gets only capabilities whose `remote.urls` match its origin.
 *
 * @example
 * appliesTo(capability, { label: 'main', origin: 'http://127.0.0.1:4321', local: true })
 */
export function appliesTo(capability: CompiledCapability, caller: Caller): boolean {
  if (!capability.matchesWindow(caller.label)) return false
  if (caller.local) return capability.local
  return capability.remote.some((pattern) => pattern.test(caller.origin))
}

function grantFor(table: CallerTable, command: string): CommandGrant {
  let grant = table.commands.get(command)
  if (!grant) {
    grant = { allowedBy: [], deniedBy: [], allow: [], deny: [], unscoped: false }
    table.commands.set(command, grant)
  }
  return grant
}

/**
 * Resolves the union of what the applying capabilities allow and every deny they carry.
 *
 * @example
 * const table = resolveCallerTable(caller, capabilities, registry)
 * table.commands.get('greet')?.allowedBy // [{ permission: 'allow-greet', capability: 'main' }]
 */
export function resolveCallerTable(caller: Caller, capabilities: readonly CompiledCapability[], registry: PermissionRegistry): CallerTable {
  const table: CallerTable = { capabilities: [], commands: new Map(), global: new Map(), decisions: new Map() }
  for (const capability of capabilities) {
    if (!appliesTo(capability, caller)) continue
    table.capabilities.push(capability.identifier)
    for (const grant of capability.grants) {
      // A capability's extra scope on a set applies to each permission the set stands for.
      for (const permission of registry.expand(grant.identifier)) {
        const allowEntries = [...permission.scope.allow, ...grant.allow]
        const denyEntries = [...permission.scope.deny, ...grant.deny]
        const by = { permission: permission.identifier, capability: capability.identifier }
        if (permission.allow.length === 0 && permission.deny.length === 0) {
          const global = table.global.get(permission.owner) ?? { allow: [], deny: [] }
          global.allow.push(...allowEntries)
          global.deny.push(...denyEntries)
          table.global.set(permission.owner, global)
          continue
        }
        for (const command of permission.allow) {
          const entry = grantFor(table, command)
          entry.allowedBy.push(by)
          entry.allow.push(...allowEntries)
          entry.deny.push(...denyEntries)
          if (allowEntries.length === 0) entry.unscoped = true
        }
        for (const command of permission.deny) grantFor(table, command).deniedBy.push(by)
      }
    }
  }
  return table
}
