/**
 * Causeway's one error type. Every failure that crosses the wire is a `CausewayError` with a
 * `code` from `errorCodes`; application errors carry code `App` plus the handler's own `kind`.
 * Shared by the backend and the browser: nothing here may import a `node:` module.
 */

/** Every error code Causeway produces, with what it means. The code type is derived from it. */
export const errorCodes = {
  CommandNotFound: 'no command is registered under that name',
  InvalidArgs: 'the arguments do not have the shape the command expects',
  Forbidden: 'no capability grants this window the command, event or path',
  NotSerializable: 'a value cannot cross the wire as it is',
  InvalidEventName: 'event names may contain only letters, digits, -, /, : and _',
  Cancelled: 'the caller aborted the call',
  Timeout: 'the call took longer than its timeout',
  Disconnected: 'the connection to the other side closed',
  Protocol: 'a message did not follow the wire protocol',
  LimitExceeded: 'a limit of the app was reached: too many calls, listeners, channels or connections, or a name too long',
  App: 'the command failed with an application-defined error',
  Internal: 'the command threw something unexpected',
} as const

export type ErrorCode = keyof typeof errorCodes

/** The plain-object form of an error on the wire. */
export interface ErrorPayload {
  code: ErrorCode
  message: string
  /** The application's own error kind; present when `code` is `App`. */
  kind?: string
  /**
   * With code `App`: the application's data for that kind (the `String` in `Io(String)`).
   * With code `Internal`: what the handler threw when it was not an `Error` (`throw 'boom'`).
   */
  data?: unknown
  /** Only sent in development mode. */
  stack?: string
}

const BRAND = Symbol.for('causeway.err')
const ERROR_BRAND = Symbol.for('causeway.error')

/**
 * An application-defined failure returned (or thrown) by a command handler. Returning it, rather
 * than throwing, lets the typed client know every kind a command can fail with.
 */
export interface Err<K extends string = string, D = unknown> {
  readonly [BRAND]: true
  readonly kind: K
  readonly data: D
  readonly message: string
}

/**
 * Builds an application error. Return it from a handler so its kind reaches the typed client.
 *
 * @example
 * async function read_file({ path }: { path: string }) {
 *   if (!existsSync(path)) return err('NotFound')
 *   return readFile(path, 'utf8')
 * }
 */
export function err<K extends string>(kind: K): Err<K, undefined>
export function err<K extends string, D>(kind: K, data: D, message?: string): Err<K, D>
export function err(kind: string, data?: unknown, message?: string): Err {
  const text = message ?? (typeof data === 'string' ? `${kind}: ${data}` : kind)
  return { [BRAND]: true, kind, data, message: text }
}

/** True for a value built by `err()` or `defineErrors()`. */
export function isErr(value: unknown): value is Err {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true
}

/** What `defineErrors` returns: one factory per variant, each building that variant's `Err`. */
export type ErrorFactories<T extends Record<string, (...args: never[]) => string>> = {
  [K in keyof T & string]: (...args: Parameters<T[K]>) => Err<K, Parameters<T[K]> extends [] ? undefined : Parameters<T[K]>[0]>
}

/**
 * Declares an error enum: each variant names a message template whose argument becomes the data.
 * The Rust `enum Error { #[error("io error: {0}")] Io(String), #[error("not found")] NotFound }`
 * reads as below.
 *
 * @example
 * const FileError = defineErrors({
 *   Io: (detail: string) => `io error: ${detail}`,
 *   NotFound: () => 'not found',
 * })
 * return FileError.Io(e.message) // Err<'Io', string>
 */
export function defineErrors<T extends Record<string, (...args: never[]) => string>>(variants: T): ErrorFactories<T> {
  const out: Record<string, (...args: unknown[]) => Err> = {}
  for (const [kind, template] of Object.entries(variants)) {
    out[kind] = (...args: unknown[]) => err(kind, args[0], (template as (...a: unknown[]) => string)(...args))
  }
  return out as unknown as ErrorFactories<T>
}

/**
 * The error every failed `invoke` rejects with. Narrow on `code`, and for application errors on
 * `kind` (see `isCausewayError`).
 */
export class CausewayError<K extends string = string, D = unknown> extends Error {
  /**
   * `instanceof` works across copies of this module on one page (the app's bundle and the
   * injected Tauri contract script each carry one and share a connection).
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[ERROR_BRAND] === true
  }

  override readonly name = 'CausewayError'
  // biome-ignore lint/correctness/noUnusedPrivateClassMembers: read through the symbol, so errors from any copy of this module are recognized
  private readonly [ERROR_BRAND] = true
  readonly code: ErrorCode
  readonly kind: K | undefined
  readonly data: D | undefined

  constructor(code: ErrorCode, message: string, options: { kind?: K; data?: D; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    this.kind = options.kind
    this.data = options.data
  }

  /** The wire form; stacks only when `withStack` (development mode). */
  toPayload(withStack = false): ErrorPayload {
    const payload: ErrorPayload = { code: this.code, message: this.message }
    if (this.kind !== undefined) payload.kind = this.kind
    if (this.data !== undefined) payload.data = this.data
    if (withStack && this.stack) payload.stack = this.stack
    return payload
  }

  /** Rebuilds an error received from the wire; anything malformed becomes a `Protocol` error. */
  static fromPayload(payload: unknown): CausewayError {
    if (typeof payload !== 'object' || payload === null) {
      return new CausewayError('Protocol', `malformed error payload: ${String(payload)}`)
    }
    const p = payload as Partial<ErrorPayload>
    const code = typeof p.code === 'string' && p.code in errorCodes ? p.code : 'Internal'
    const options: { kind?: string; data?: unknown } = {}
    if (typeof p.kind === 'string') options.kind = p.kind
    if (p.data !== undefined) options.data = p.data
    const error = new CausewayError(code, typeof p.message === 'string' ? p.message : code, options)
    if (typeof p.stack === 'string') error.stack = p.stack
    return error
  }
}

/**
 * Turns anything a handler threw or returned as a failure into a `CausewayError`, keeping the
 * original as `cause`. Unknown throwables become `Internal`.
 */
export function toCausewayError(thrown: unknown): CausewayError {
  if (thrown instanceof CausewayError) return thrown
  if (isErr(thrown)) {
    return new CausewayError('App', thrown.message, { kind: thrown.kind, data: thrown.data, cause: thrown })
  }
  if (thrown instanceof Error) {
    const error = new CausewayError('Internal', thrown.message, { cause: thrown })
    if (thrown.stack) error.stack = thrown.stack
    return error
  }
  // A thrown value that is not an Error is kept as the data: the page may need it as it was.
  const message = typeof thrown === 'string' ? thrown : `non-error thrown: ${describe(thrown)}`
  return new CausewayError('Internal', message, { cause: thrown, ...(thrown !== undefined && { data: thrown }) })
}

function describe(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return String(value)
  }
}

/**
 * Type guard for a rejection: optionally narrows to an error code or an application kind.
 *
 * @example
 * try { await invoke('read_file', { path }) }
 * catch (e) { if (isCausewayError(e, 'NotFound')) showMissing() }
 */
export function isCausewayError(value: unknown): value is CausewayError
export function isCausewayError<C extends ErrorCode>(value: unknown, code: C): value is CausewayError & { code: C }
export function isCausewayError<K extends string>(value: unknown, kind: K): value is CausewayError<K> & { code: 'App'; kind: K }
export function isCausewayError(value: unknown, codeOrKind?: string): boolean {
  if (!(value instanceof CausewayError)) return false
  if (codeOrKind === undefined) return true
  return value.code === codeOrKind || (value.code === 'App' && value.kind === codeOrKind)
}
