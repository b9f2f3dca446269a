/**
 * What the sql plugin declares, under Tauri's identifiers: `sql:default` opens, reads and closes
 * databases; writing needs `sql:allow-execute` (and `sql:allow-batch` for atomic batches).
 * Databases outside the app's config directory need their path in the `sql:scope` (or the load
 * permission's) scope.
 */
import type { PermissionDef, PluginPermissions } from 'causewayjs/plugin'

const commands = {
  load: 'Open a database (a file in the app config directory, or an absolute path inside the sql scope).',
  execute: 'Run a statement that changes the database.',
  select: 'Run a query and read its rows.',
  close: 'Close one database, or all of them.',
  batch: 'Run several statements atomically in one call.',
} as const

export type SqlCommandName = keyof typeof commands

function perCommand(): PermissionDef[] {
  return (Object.keys(commands) as SqlCommandName[]).flatMap((name): PermissionDef[] => [
    { identifier: `allow-${name}`, description: `Enables the ${name} command: ${commands[name]}`, commands: { allow: [name] } },
    { identifier: `deny-${name}`, description: `Denies the ${name} command.`, commands: { deny: [name] } },
  ])
}

/**
 * The sql plugin's permissions: `allow-*`/`deny-*` per command, `scope` for absolute database
 * paths, and `default` (load, select, close: reading only, as Tauri's `sql:default`).
 *
 * @example
 * // capability: "permissions": ["sql:default", "sql:allow-execute"]
 */
export function sqlPermissions(): PluginPermissions {
  return {
    permissions: [
      ...perCommand(),
      {
        identifier: 'scope',
        description:
          'Paths of databases outside the app config directory (sqlite:///abs/path.db): add { "path": ... } entries under allow/deny in a capability.',
      },
    ],
    default: ['allow-close', 'allow-load', 'allow-select'],
  }
}
