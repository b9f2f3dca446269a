/**
 * The sentences a refused call carries. In development they name the permission that would
 * allow the call and the capability to put it in; in production they say only what was refused,
 * so a page cannot read the app's configuration out of its errors.
 */
import type { Attribution, CallerTable } from './caller-table.ts'
import type { PermissionRegistry } from './permission-registry.ts'
import type { Caller } from './types.ts'

function who(caller: Caller): string {
  return `window \`${caller.label}\` (origin ${caller.origin === '' ? 'none' : caller.origin})`
}

function quoteList(ids: readonly string[]): string {
  return ids.map((id) => `"${id}"`).join(' or ')
}

function attribution(list: readonly Attribution[]): string {
  return list.map((a) => `"${a.permission}" in capability "${a.capability}"`).join(', ')
}

/** Where a grant would have to go for this caller. */
function target(caller: Caller): string {
  const remote = caller.local ? '' : ` and whose remote.urls match ${caller.origin === '' ? 'its origin' : caller.origin}`
  return `a capability whose windows match \`${caller.label}\`${remote}`
}

/**
 * Why `command` was refused.
 *
 * @example
 * explainCommand(caller, 'greet', table, registry, true)
 * // 'command `greet` is not allowed for window `settings` (origin http://127.0.0.1:4321): add "allow-greet" to a capability whose windows match `settings`'
 */
export function explainCommand(caller: Caller, command: string, table: CallerTable, registry: PermissionRegistry, dev: boolean): string {
  const grant = table.commands.get(command)
  if (grant && grant.deniedBy.length > 0) {
    const head = `command \`${command}\` is denied for ${who(caller)}`
    return dev ? `${head} by ${attribution(grant.deniedBy)}; deny always wins over allow` : head
  }
  const head = `command \`${command}\` is not allowed for ${who(caller)}`
  if (!dev) return head
  const candidates = registry.allowing(command).slice(0, 3)
  if (candidates.length === 0) {
    return registry.commands.has(command) ? `${head}: no permission allows it` : `${head}: no command \`${command}\` is registered`
  }
  if (table.capabilities.length === 0) {
    return `${head}: no capability applies to this window; add ${quoteList(candidates)} to ${target(caller)}`
  }
  return `${head}: add ${quoteList(candidates)} to ${target(caller)}`
}

/**
 * Why an event was refused to a caller.
 *
 * @example
 * explainEvent(caller, 'listen', 'secret-1', { kind: 'denied', by: 'secret-*' }, true)
 */
export function explainEvent(
  caller: Caller,
  action: 'listen' | 'emit',
  event: string,
  why: { kind: 'no-permission'; permission: string } | { kind: 'denied'; by: string } | { kind: 'outside'; allowed: readonly string[] },
  dev: boolean,
): string {
  const head = `${action} of event \`${event}\` is not allowed for ${who(caller)}`
  if (!dev) return head
  if (why.kind === 'no-permission') return `${head}: add "${why.permission}" to ${target(caller)}`
  if (why.kind === 'denied') return `${head}: it matches the deny entry { "event": "${why.by}" }`
  return `${head}: the granted event scope allows only ${why.allowed.map((g) => `"${g}"`).join(', ')}`
}
