/**
 * Where an event goes. Mirrors Tauri's `EventTarget` kinds so both APIs share one matcher.
 */

export type TargetKind = 'Any' | 'AnyLabel' | 'App' | 'Window' | 'Webview' | 'WebviewWindow'

/** The target kinds that name a window by label. */
export type LabelKind = 'AnyLabel' | 'Window' | 'Webview' | 'WebviewWindow'

/** An event target: a window label, or one of Tauri's target kinds. */
export type EmitTarget = string | { kind: 'Any' } | { kind: 'App' } | { kind: LabelKind; label: string }

/**
 * A target as the hub stores it. A label target remembers which of Tauri's label kinds it was
 * (`as`); without `as` it is `AnyLabel`, which is what a bare label string means.
 */
export type NormalizedTarget = { kind: 'Any' } | { kind: 'App' } | { kind: 'Label'; label: string; as?: LabelKind }

/** A bare label means `AnyLabel` (Tauri's `emit_to("main", ...)`); the kinds are kept for matching. */
export function normalizeTarget(target: EmitTarget): NormalizedTarget {
  if (typeof target === 'string') return { kind: 'Label', label: target }
  if (target.kind === 'Any' || target.kind === 'App') return { kind: target.kind }
  return target.kind === 'AnyLabel' ? { kind: 'Label', label: target.label } : { kind: 'Label', label: target.label, as: target.kind }
}

/**
 * Whether a listener registered with `listenerTarget` receives an event emitted to `emitTarget`.
 * Tauri's rules (`match_any_or_filter` and `filter_target`):
 * - an event emitted to Any reaches every listener, and a listener whose target is Any hears
 *   every emit of that name;
 * - App reaches only App listeners;
 * - a label target needs the same label, and then AnyLabel on either side matches any label kind,
 *   while Window, Webview and WebviewWindow match only themselves (an emit to `Window{main}`
 *   does not reach a `WebviewWindow{main}` listener).
 */
export function targetMatches(emitTarget: NormalizedTarget, listenerTarget: NormalizedTarget): boolean {
  if (emitTarget.kind === 'Any' || listenerTarget.kind === 'Any') return true
  if (emitTarget.kind === 'App' || listenerTarget.kind === 'App') return emitTarget.kind === listenerTarget.kind
  if (emitTarget.label !== listenerTarget.label) return false
  const emitted = emitTarget.as ?? 'AnyLabel'
  const listening = listenerTarget.as ?? 'AnyLabel'
  return emitted === 'AnyLabel' || listening === 'AnyLabel' || emitted === listening
}
