/**
 * The built-in `event` plugin: listening and emitting from a page are ordinary commands
 * (`plugin:event|listen`, ...), so they pass through the same access checks as any other.
 */
import { CausewayError } from '../core/errors.ts'
import { assertEventName } from '../core/names.ts'
import { type EmitTarget, type NormalizedTarget, normalizeTarget } from '../core/targets.ts'
import type { CommandContext, Plugin } from './context.ts'
import type { Runtime } from './runtime.ts'
import type { InternalContext } from './session.ts'

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

function checkEvent(runtime: Runtime, ctx: CommandContext, action: 'listen' | 'emit', event: unknown): string {
  assertEventName(event)
  const decision = runtime.policy.checkEvent((ctx as InternalContext).session.caller, action, event)
  if (!decision.allowed) {
    throw new CausewayError('Forbidden', runtime.dev ? decision.reason : `${action} \`${event}\` is not allowed`)
  }
  return event
}

interface ListenArgs {
  event: string
  target?: unknown
}

export function eventPlugin(runtime: Runtime): Plugin {
  return {
    name: 'event',
    commands: {
      listen(args: ListenArgs, ctx: CommandContext) {
        const event = checkEvent(runtime, ctx, 'listen', args?.event)
        const session = (ctx as InternalContext).session
        return runtime.hub.addWindowListener(session, event, parseTarget(args.target, { kind: 'Label', label: session.label }))
      },
      unlisten(args: { event?: string; eventId: number }, ctx: CommandContext) {
        if (typeof args?.eventId !== 'number') throw new CausewayError('InvalidArgs', 'unlisten needs a numeric eventId')
        runtime.hub.remove(args.eventId, (ctx as InternalContext).session)
      },
      emit(args: { event: string; payload?: unknown }, ctx: CommandContext) {
        const event = checkEvent(runtime, ctx, 'emit', args?.event)
        runtime.hub.emit(event, args.payload, { kind: 'Any' }, ctx.window.label)
      },
      emit_to(args: { target: unknown; event: string; payload?: unknown }, ctx: CommandContext) {
        const event = checkEvent(runtime, ctx, 'emit', args?.event)
        runtime.hub.emit(event, args.payload, parseTarget(args.target, { kind: 'Any' }), ctx.window.label)
      },
    },
  }
}
