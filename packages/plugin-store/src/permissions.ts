/**
 * What the store plugin declares, under Tauri's identifiers: `allow-*`/`deny-*` per command and
 * `default`, which allows every store operation, as Tauri's `store:default` does.
 */
import type { PermissionDef, PluginPermissions } from 'causewayjs/plugin'

export const storeCommandNames = [
  'load',
  'get_store',
  'set',
  'get',
  'has',
  'delete',
  'clear',
  'reset',
  'keys',
  'values',
  'entries',
  'length',
  'reload',
  'save',
] as const

const kebab = (name: string) => name.replace(/_/g, '-')

/**
 * The store plugin's permissions.
 *
 * @example
 * // capability: "permissions": ["core:default", "store:default"]
 */
export function storePermissions(): PluginPermissions {
  const permissions = storeCommandNames.flatMap((name): PermissionDef[] => [
    { identifier: `allow-${kebab(name)}`, description: `Enables the ${name} command.`, commands: { allow: [name] } },
    { identifier: `deny-${kebab(name)}`, description: `Denies the ${name} command.`, commands: { deny: [name] } },
  ])
  return { permissions, default: storeCommandNames.map((name) => `allow-${kebab(name)}`) }
}
