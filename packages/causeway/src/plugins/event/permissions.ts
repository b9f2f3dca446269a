/**
 * The `core:event:*` permissions, with Tauri's identifiers.
 */
import type { PluginPermissions } from '../../plugin-kit.ts'

/** Events ride on commands; these four are the whole event API. */
export const eventPermissions: PluginPermissions = {
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
}
