/**
 * Shapes shared by the access-control layer and the plugins that declare permissions.
 */

/** One permission: the commands it allows or denies and the scope entries it adds. */
export interface PermissionDef {
  /** Unprefixed inside a plugin (`allow-read-text-file`); the plugin name is prepended (`fs:`). */
  identifier: string
  description?: string
  commands?: { allow?: string[]; deny?: string[] }
  scope?: { allow?: unknown[]; deny?: unknown[] }
}

/** A named group of permissions, e.g. a plugin's `default`. */
export interface PermissionSetDef {
  identifier: string
  description?: string
  /** Identifiers of permissions or other sets, unprefixed within the same plugin. */
  permissions: string[]
}

/** What a plugin declares in code. */
export interface PluginPermissions {
  permissions: PermissionDef[]
  sets?: PermissionSetDef[]
  /** Identifiers granted by `<plugin>:default`. */
  default: string[]
}

/** The scope that applies to one call: the global scope merged with the command's own. */
export interface CommandScope<T = unknown> {
  readonly allow: readonly T[]
  readonly deny: readonly T[]
}

/** Who is calling: decided by the host from the connection, never by the page. */
export interface Caller {
  /** Window label assigned by the server. */
  label: string
  /** The page origin from the WebSocket upgrade (`http://127.0.0.1:5173`), or '' for non-browser clients. */
  origin: string
  /** True when the origin is the app's own server (not a `remote.urls` page). */
  local: boolean
}

export type AccessDecision =
  | { allowed: true; scope: CommandScope }
  | {
      allowed: false
      /** Development-mode explanation: command, window, origin and the permission that would allow it. */
      reason: string
    }

/** The host asks this, in one place, before any handler runs. */
export interface AccessPolicy {
  /** `command` is an app command (`greet`) or a plugin command (`plugin:fs|read_text_file`). */
  checkCommand(caller: Caller, command: string): AccessDecision
  /** Event permissions: may this window listen to / emit this event name? */
  checkEvent(caller: Caller, action: 'listen' | 'emit', event: string, via?: string): AccessDecision
}

/**
 * A capability as read from a file or written in code, before validation. `source` names the
 * file it came from so startup errors can point at it; it is not part of the capability.
 */
export interface CapabilityInput {
  readonly source?: string
  readonly [field: string]: unknown
}

/**
 * An app permission file (`[[permission]]` and `[[set]]` tables) as parsed, before validation.
 * Its identifiers are unprefixed, like the auto-generated `allow-<command>` ones.
 */
export interface PermissionFileInput {
  readonly source?: string
  readonly [field: string]: unknown
}

/** A plugin as the access policy sees it: its name, its command names and what it declares. */
export interface PluginManifest {
  name: string
  /** Bare command names, as in `plugin:<name>|<command>`. */
  commands: readonly string[]
  permissions?: PluginPermissions
  /** Prefix of its permission identifiers when not its name: `core:event` for Tauri's core plugins. */
  prefix?: string
}
