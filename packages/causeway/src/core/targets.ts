/**
 * Where an event goes. Mirrors Tauri's `EventTarget` kinds so both APIs share one matcher.
 */

export type TargetKind = 'Any' | 'AnyLabel' | 'App' | 'Window' | 'Webview' | 'WebviewWindow'

/** An event target: a window label, or one of Tauri's target kinds. */
export type EmitTarget =
  | string
  | { kind: 'Any' }
  | { kind: 'App' }
  | { kind: 'AnyLabel' | 'Window' | 'Webview' | 'WebviewWindow'; label: string }

export type NormalizedTarget = { kind: 'Any' } | { kind: 'App' } | { kind: 'Label'; label: string }

/** A bare label means "that window"; label kinds collapse because a Causeway window is one webview. */
export function normalizeTarget(target: EmitTarget): NormalizedTarget {
  if (typeof target === 'string') return { kind: 'Label', label: target }
  if (target.kind === 'Any' || target.kind === 'App') return { kind: target.kind }
  return { kind: 'Label', label: target.label }
}

/**
 * Whether a listener registered with `listenerTarget` in window `listenerWindow` (undefined for
 * the backend) receives an event emitted to `emitTarget`.
 * - an event emitted to Any reaches every listener;
 * - a listener whose own target is Any hears every emit of that name (Tauri's rule);
 * - otherwise the emit's target must name the listener's target.
 */
export function targetMatches(emitTarget: NormalizedTarget, listenerTarget: NormalizedTarget): boolean {
  if (emitTarget.kind === 'Any' || listenerTarget.kind === 'Any') return true
  if (emitTarget.kind === 'App') return listenerTarget.kind === 'App'
  return listenerTarget.kind === 'Label' && listenerTarget.label === emitTarget.label
}
