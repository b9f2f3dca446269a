/**
 * The built-in `core` permissions. Core groups several small plugins under one prefix, so the
 * name on the invoke wire differs from the permission prefix: `plugin:event|listen` is governed by
 * `core:event:allow-listen`. Each entry below states both names so that mapping is explicit.
 */
import type { PluginPermissions } from './types.ts'

/** A built-in plugin: its permission prefix and the plugin name used on the wire. */
export interface CorePlugin {
  /** Prefix of its permission identifiers: `core:event`. */
  prefix: string
  /** Its name in `plugin:<wire>|<command>`: `event`. */
  wire: string
  commands: readonly string[]
  permissions: PluginPermissions
}

/** Events ride on commands; these four are the whole event API. */
export const coreEvent: CorePlugin = {
  prefix: 'core:event',
  wire: 'event',
  commands: ['listen', 'unlisten', 'emit', 'emit_to'],
  permissions: {
    permissions: [
      {
        identifier: 'allow-listen',
        description: 'Listen to events. Scope entries { event: "job-*" } limit which names; without them every name is allowed.',
        commands: { allow: ['listen'] },
      },
      { identifier: 'allow-unlisten', description: 'Stop listening.', commands: { allow: ['unlisten'] } },
      {
        identifier: 'allow-emit',
        description: 'Emit events to everyone. Scope entries { event: "..." } limit which names.',
        commands: { allow: ['emit'] },
      },
      {
        identifier: 'allow-emit-to',
        description: 'Emit events to one target. Scope entries { event: "..." } limit which names.',
        commands: { allow: ['emit_to'] },
      },
    ],
    default: ['allow-listen', 'allow-unlisten', 'allow-emit', 'allow-emit-to'],
  },
}

/** Window basics only; richer window control belongs in a plugin of its own. */
export const coreWindow: CorePlugin = {
  prefix: 'core:window',
  wire: 'window',
  commands: ['get_all_windows', 'title', 'set_title', 'create', 'close'],
  permissions: {
    permissions: [
      { identifier: 'allow-get-all-windows', description: 'List the labels of all windows.', commands: { allow: ['get_all_windows'] } },
      { identifier: 'allow-title', description: "Read a window's title.", commands: { allow: ['title'] } },
      { identifier: 'allow-set-title', description: "Change a window's title.", commands: { allow: ['set_title'] } },
      { identifier: 'allow-create', description: 'Open new windows.', commands: { allow: ['create'] } },
      { identifier: 'allow-close', description: 'Close windows.', commands: { allow: ['close'] } },
    ],
    // Read-only by default, as Tauri's core:window:default: a page may look, not act.
    default: ['allow-get-all-windows', 'allow-title'],
  },
}

export const corePlugins: readonly CorePlugin[] = [coreEvent, coreWindow]

/** `core:default`: every core plugin's default set. */
export const coreDefault = {
  identifier: 'core:default',
  description: 'Default core permissions: listen, unlisten and emit events; read window labels and titles.',
  members: corePlugins.map((p) => `${p.prefix}:default`),
}

/**
 * Every wire command the core permissions govern, for the host to register handlers under.
 *
 * @example
 * coreCommandNames() // ['plugin:event|listen', 'plugin:event|unlisten', ...]
 */
export function coreCommandNames(): string[] {
  return corePlugins.flatMap((p) => p.commands.map((c) => `plugin:${p.wire}|${c}`))
}
