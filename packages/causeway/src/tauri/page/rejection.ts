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
  if (payload.code === 'InvalidArgs') {
    const invalid = invalidArgs(command, payload.data)
    if (invalid !== undefined) return invalid
  }
  if (command.startsWith('plugin:fs|')) return payload.message
  if (payload.code === 'App' && payload.kind !== undefined)
    return payload.data === undefined ? payload.kind : { [payload.kind]: payload.data }
  if (payload.code === 'Internal' && payload.data !== undefined) return payload.data
  return payload.message
}

/**
 * Tauri's words for arguments its deserializer refused: a missing top-level key reads
 * ``command {name} missing required key {key}``, any other problem
 * ``invalid args `{key}` for command `{name}`: {text}`` (the text is the validator's own: serde's
 * cannot be reproduced). The name is the command's own, without its `plugin:x|` prefix.
 */
function invalidArgs(command: string, data: unknown): string | undefined {
  const { issues, missing } = (data ?? {}) as { issues?: Array<{ path?: unknown; message?: unknown }>; missing?: unknown }
  if (!Array.isArray(issues) || issues.length === 0) return undefined
  const name = command.includes('|') ? command.slice(command.indexOf('|') + 1) : command
  if (typeof missing === 'string') return `command ${name} missing required key ${missing}`
  const first = issues[0] ?? {}
  const path = typeof first.path === 'string' ? first.path : ''
  const key = /^args\.([^.[]+)/.exec(path)?.[1] ?? /^args\[(\d+)\]/.exec(path)?.[1] ?? ''
  return `invalid args \`${key}\` for command \`${name}\`: ${String(first.message)}`
}
