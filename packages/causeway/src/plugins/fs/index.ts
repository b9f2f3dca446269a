/**
 * The fs plugin: Tauri's `plugin-fs` commands over node:fs/promises, every path checked against
 * the calling window's scope. Also the path-scope helpers other plugins build on (a dialog
 * plugin grants picked paths with `allowPathForWindow`). Node-only.
 */
import { definePlugin, type Plugin } from '../../plugin-kit.ts'
import { fsPermissions } from './permissions.ts'
import { exists, lstat, read_dir, read_file, read_text_file, stat } from './read-commands.ts'
import { type FsState, forgetWindowGrants } from './runtime-scope.ts'
import { copy_file, mkdir, remove, rename, write_file, write_text_file } from './write-commands.ts'

/** The commands by wire name, typed, for clients that infer from the backend. */
export const fsCommands = {
  read_text_file,
  read_file,
  write_text_file,
  write_file,
  read_dir,
  exists,
  stat,
  lstat,
  mkdir,
  remove,
  rename,
  copy_file,
}

/**
 * Creates the fs plugin. Its `default` permission set allows the read commands but grants no
 * path: add a scope in a capability.
 *
 * @example
 * createApp({ plugins: [fsPlugin()], ... })
 * // capability: "permissions": ["fs:default", { "identifier": "fs:scope", "allow": [{ "path": "$APPDATA/**" }] }]
 */
export function fsPlugin(): Plugin<FsState> {
  return definePlugin<FsState>({
    name: 'fs',
    commands: { ...fsCommands },
    permissions: fsPermissions(),
    state: () => new Map(),
    onWindowClose: (window, plugin) => forgetWindowGrants(plugin.app, window.label),
  })
}

export { BaseDirectory, baseDirectoryPath } from './base-directory.ts'
export type { FsError, FsErrorKind } from './fs-errors.ts'
export type { CheckPathOptions } from './path-scope.ts'
export { checkPath, PathGuard } from './path-scope.ts'
export { fsPermissions } from './permissions.ts'
export type { DirEntry, FileInfo } from './read-commands.ts'
export type { FsState, RuntimeGrant } from './runtime-scope.ts'
export { allowPathForWindow, forgetWindowGrants, runtimeGrantsFor } from './runtime-scope.ts'
