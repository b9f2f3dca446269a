/**
 * The built-in `event` plugin: listening and emitting from a page are ordinary commands
 * (`plugin:event|listen`, ...) governed by `core:event:*`, so they pass the same access checks
 * as any other command. Built only on the public plugin interface.
 */

import { assertEventName } from '../../core/names.ts'
import {
  CausewayError,
  type CommandContext,
  definePlugin,
  type EmitTarget,
  type NormalizedTarget,
  normalizeTarget,
  type Plugin,
} from '../../plugin-kit.ts'
import { eventPermissions } from './permissions.ts'

const TARGET_KINDS = new Set(['Any', 'AnyLabel', 'App', 'Window', 'Webview', 'WebviewWindow'])

function parseTarget(value: unknown, fallback: NormalizedTarget): NormalizedTarget {
  if (value === undefined || value === null) return fallback
  if (typeof value === 'string') return normalizeTarget(value)
  if (typeof value === 'object' && TARGET_KINDS.has((value as { kind?: string }).kind ?? '')) {
    const target = value as { kind: string; label?: unknown }
    if (target.kind === 'Any' || target.kind === 'App' || typeof target.label === 'string') return normalizeTarget(target as EmitTarget)
  }
  throw new CausewayError('InvalidArgs', `invalid event target ${JSON.stringify(value)}: use a window label or { kind, label }`)
}

function checkEvent(ctx: CommandContext, action: 'listen' | 'emit', event: unknown): string {
  assertEventName(event, ctx.app.limits.maxEventNameLength)
  const decision = ctx.access.event(action, event, ctx.command)
  if (!decision.allowed) throw new CausewayError('Forbidden', ctx.app.dev ? decision.reason : `${action} \`${event}\` is not allowed`)
  return event
}

interface ListenArgs {
  event: string
  target?: unknown
}

/**
 * Creates the event plugin; `createApp` adds it to every app.
 *
 * @example
 * // page: await invoke('plugin:event|listen', { event: 'job-progress', handler: 1 })
 */
export function eventPlugin(): Plugin {
  return definePlugin({
    name: 'event',
    permissionPrefix: 'core:event',
    permissions: eventPermissions,
    commands: {
      listen(args: ListenArgs, ctx) {
        const event = checkEvent(ctx, 'listen', args?.event)
        return ctx.connection.addListener(event, parseTarget(args.target, { kind: 'Label', label: ctx.window.label }))
      },
      unlisten(args: { event?: string; eventId: number }, ctx) {
        if (typeof args?.eventId !== 'number') throw new CausewayError('InvalidArgs', 'unlisten needs a numeric eventId')
        ctx.connection.removeListener(args.eventId)
      },
      emit(args: { event: string; payload?: unknown }, ctx) {
        const event = checkEvent(ctx, 'emit', args?.event)
        ctx.connection.emit(event, args.payload, { kind: 'Any' })
      },
      emit_to(args: { target: unknown; event: string; payload?: unknown }, ctx) {
        const event = checkEvent(ctx, 'emit', args?.event)
        ctx.connection.emit(event, args.payload, parseTarget(args.target, { kind: 'Any' }))
      },
    },
  })
}
