/**
 * What a rejected `invoke` gives a Tauri page: the command's error value itself, never an
 * `Error` (Tauri calls `reject(JSON.parse(body))`). Computed here, in the Tauri layer, from
 * Causeway's error payload. Browser-safe.
 */
import type { ErrorPayload } from '../../core/errors.ts'

/**
 * The value a Rust command would have failed with: an application error is serde's enum shape
 * (`err('Io', 'x')` → `{ Io: 'x' }`, `err('NotFound')` → `'NotFound'`); a thrown string or value
 * is itself; anything else is the message. Tauri's fs plugin errors serialize as strings, so fs
 * failures reject with the message.
 *
 * @example
 * rejectionValue('greet', { code: 'Internal', message: 'boom' }) // 'boom'
 * rejectionValue('read', { code: 'App', kind: 'Io', data: 'disk', message: 'Io: disk' }) // { Io: 'disk' }
 */
export function rejectionValue(command: string, payload: ErrorPayload): unknown {
  if (command.startsWith('plugin:fs|')) return payload.message
  if (payload.code === 'App' && payload.kind !== undefined)
    return payload.data === undefined ? payload.kind : { [payload.kind]: payload.data }
  if (payload.code === 'Internal' && payload.data !== undefined) return payload.data
  return payload.message
}
