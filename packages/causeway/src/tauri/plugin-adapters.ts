/**
 * Where `@tauri-apps/plugin-*` wire shapes differ from what Causeway's plugins take, the page
 * translates, so the backend plugins keep one clean shape:
 * - plugin-fs sends `write_file`/`write_text_file` as a raw body with the path (URL-encoded) and
 *   the options (JSON) in headers; Causeway's fs plugin takes `{ path, contents, options }`.
 * - plugin-fs expects `read_text_file` to return bytes and decodes them itself; Causeway's fs
 *   plugin returns a string.
 * - Tauri's fs commands reject with a string; Causeway's fs plugin fails with typed errors, whose
 *   message is that string.
 * Browser-safe.
 */
import type { ErrorPayload } from '../core/errors.ts'

export interface Request {
  args: unknown
  headers: Record<string, string> | undefined
}

export interface CommandAdapter {
  /** Rewrites the request before it is sent. */
  request?(request: Request): Request
  /** Rewrites the backend's value before the page sees it. */
  response?(value: unknown): unknown
}

const encoder = new TextEncoder()
const decoder = new TextDecoder()

/** The `path`/`options` headers of a plugin-fs write, as the fs plugin's arguments. */
function writeFromHeaders(contents: (bytes: Uint8Array) => unknown): CommandAdapter {
  return {
    request({ args, headers }) {
      if (!(args instanceof Uint8Array)) return { args, headers }
      return { args: { path: decodePath(headers?.['path']), contents: contents(args), options: parseOptions(headers?.['options']) }, headers }
    },
  }
}

function decodePath(header: string | undefined): string | undefined {
  if (header === undefined) return undefined
  try {
    return decodeURIComponent(header)
  } catch {
    return header
  }
}

/** A missing or unparseable options header means "no options", as on Tauri's Rust side. */
function parseOptions(header: string | undefined): unknown {
  if (header === undefined) return undefined
  try {
    const options: unknown = JSON.parse(header)
    return typeof options === 'object' && options !== null ? options : undefined
  } catch {
    return undefined
  }
}

const adapters: Record<string, CommandAdapter> = {
  'plugin:fs|write_file': writeFromHeaders((bytes) => bytes),
  'plugin:fs|write_text_file': writeFromHeaders((bytes) => decoder.decode(bytes)),
  'plugin:fs|read_text_file': {
    response: (value) => (typeof value === 'string' ? encoder.encode(value) : value),
  },
}

/**
 * The adapter for a command, if its Tauri wire shape needs one.
 *
 * @example
 * adapterFor('plugin:fs|write_text_file')?.request?.({ args: bytes, headers: { path: '%2Fa' } })
 */
export function adapterFor(command: string): CommandAdapter | undefined {
  return adapters[command]
}

/**
 * The rejection value a Tauri page gets: the raw error value the command failed with (a thrown
 * string stays a string, an error enum is its serde form), else the message. Tauri's fs plugin
 * errors are strings, so fs failures reject with the message.
 *
 * @example
 * rejectionValue('greet', { code: 'Internal', message: 'boom', value: 'boom' }) // 'boom'
 */
export function rejectionValue(command: string, payload: ErrorPayload): unknown {
  if (command.startsWith('plugin:fs|')) return payload.message
  return 'value' in payload ? payload.value : payload.message
}
