/**
 * What the fs plugin declares. Nothing here grants a path: `default` allows the read commands but
 * carries no scope, so nothing is readable until a capability adds one (deny by default).
 */
import type { PermissionDef, PluginPermissions } from '../../plugin-kit.ts'

const commands = {
  read_text_file: 'Read a file as UTF-8 text.',
  read_file: 'Read a file as bytes.',
  write_text_file: 'Write UTF-8 text to a file.',
  write_file: 'Write bytes to a file.',
  read_dir: 'List a directory.',
  exists: 'Check whether a path exists.',
  stat: 'Read metadata of a path, following symlinks.',
  lstat: 'Read metadata of a path itself, not following a symlink.',
  mkdir: 'Create a directory.',
  remove: 'Remove a file or directory.',
  rename: 'Rename or move a file or directory.',
  copy_file: 'Copy a file.',
} as const

export type FsCommandName = keyof typeof commands

export const fsCommandNames = Object.keys(commands) as FsCommandName[]

const READ: FsCommandName[] = ['read_text_file', 'read_file', 'read_dir', 'exists', 'stat', 'lstat']
const WRITE: FsCommandName[] = ['write_text_file', 'write_file', 'mkdir', 'remove', 'rename', 'copy_file']

const kebab = (name: string) => name.replace(/_/g, '-')

function perCommand(): PermissionDef[] {
  return fsCommandNames.flatMap((name): PermissionDef[] => [
    { identifier: `allow-${kebab(name)}`, description: `${commands[name]} Paths still need a scope.`, commands: { allow: [name] } },
    { identifier: `deny-${kebab(name)}`, description: `Forbids: ${commands[name].toLowerCase()}`, commands: { deny: [name] } },
  ])
}

/** Scope-only permissions for the app's own directories; they grant no command by themselves. */
function appDirectoryScopes(): PermissionDef[] {
  const dirs = { appdata: '$APPDATA', appconfig: '$APPCONFIG', applocaldata: '$APPLOCALDATA', appcache: '$APPCACHE', applog: '$APPLOG' }
  return Object.entries(dirs).map(([name, variable]) => ({
    identifier: `scope-${name}-recursive`,
    description: `Adds ${variable} and everything below it to the scope of every fs command.`,
    scope: { allow: [{ path: variable }, { path: `${variable}/**` }] },
  }))
}

/**
 * The fs plugin's permissions: `allow-*`/`deny-*` per command, sets `read-all` and `write-all`,
 * `scope` (empty, to extend in a capability) and `scope-<dir>-recursive` for the app directories.
 *
 * @example
 * // capability: "permissions": ["fs:default", { "identifier": "fs:scope", "allow": [{ "path": "$APPDATA/**" }] }]
 */
export function fsPermissions(): PluginPermissions {
  return {
    permissions: [
      ...perCommand(),
      {
        identifier: 'scope',
        description: 'Global fs scope: add { "path": ... } entries under allow/deny in a capability; they apply to every fs command.',
      },
      ...appDirectoryScopes(),
    ],
    sets: [
      { identifier: 'read-all', description: 'Every read command (no scope).', permissions: READ.map((n) => `allow-${kebab(n)}`) },
      { identifier: 'write-all', description: 'Every write command (no scope).', permissions: WRITE.map((n) => `allow-${kebab(n)}`) },
    ],
    default: ['read-all'],
  }
}
