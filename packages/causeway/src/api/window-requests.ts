/**
 * Carries out what the backend's window plugin asks of this window: show a new title, close.
 */

/** Applies one `causeway:window` request; does nothing outside a browser page. */
export function applyWindowRequest(request: unknown): void {
  if (typeof document === 'undefined' || typeof request !== 'object' || request === null) return
  const { title, close } = request as { title?: unknown; close?: unknown }
  if (typeof title === 'string') document.title = title
  if (close === true) window.close()
}
