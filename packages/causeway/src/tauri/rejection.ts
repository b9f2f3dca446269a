/**
 * What a rejected `invoke` gives a Tauri page: the command's error value itself, never an
 * `Error` (Tauri calls `reject(JSON.parse(body))`). Browser-safe.
 */
import type { ErrorPayload } from '../core/errors.ts'

/**
 * The raw value the command failed with (a thrown string stays a string, `err('Io', 'x')` is
 * serde's `{ Io: 'x' }`), else the message. Tauri's fs plugin errors serialize as strings, so fs
 * failures reject with the message, which is that string.
 *
 * @example
 * rejectionValue('greet', { code: 'Internal', message: 'boom', value: 'boom' }) // 'boom'
 * rejectionValue('plugin:fs|read_file', { code: 'App', kind: 'NotFound', message: 'not found: /a', value: { NotFound: '/a' } }) // 'not found: /a'
 */
export function rejectionValue(command: string, payload: ErrorPayload): unknown {
  if (command.startsWith('plugin:fs|')) return payload.message
  return 'value' in payload ? payload.value : payload.message
}
