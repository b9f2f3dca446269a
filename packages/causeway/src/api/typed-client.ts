/**
 * A client typed from the backend's app, by inference only: `createClient<typeof app>()` (with
 * `import type`) checks command names, arguments, results, error kinds and event payloads.
 */
import type { StandardSchemaV1 } from '@standard-schema/spec'
import type { ChannelBrand } from '../core/channel-brand.ts'
import type { CausewayError, Err, ErrorCode } from '../core/errors.ts'
import type { EmitTarget } from '../core/targets.ts'
import type { ProblemIn, Wire } from '../core/wire-types.ts'
import type { Channel } from './channel.ts'
import type { Connection, EventCallback, InvokeOptions, ListenOptions, UnlistenFn } from './connection.ts'

// biome-ignore lint: handlers are contravariant in their arguments; `any` accepts every one.
type Fn = (...args: any[]) => unknown
type TypesOf<A> = A extends { readonly '~types'?: infer T } ? NonNullable<T> : never
/** The commands of an app type. */
/** A command as its handler; with an `args` schema, the page passes the schema's input type. */
type HandlerOf<C> = C extends Fn
  ? C
  : C extends { args: StandardSchemaV1<infer I, unknown>; handler: (args: never, ctx: never) => infer R }
    ? (args: I) => R
    : C extends { handler: infer H extends Fn }
      ? H
      : never
/** The commands of an app type, each as its handler (a `{ handler }` definition is unwrapped). */
export type CommandsOf<A> =
  TypesOf<A> extends { commands: infer C extends Record<string, unknown> } ? { [K in keyof C]: HandlerOf<C[K]> } : never
/** The events of an app type. */
export type EventsOf<A> = TypesOf<A> extends { events: infer E extends Record<string, unknown> } ? E : never

/** A backend `Channel<T>` argument is passed from the page as a page `Channel<T>`. */
type PageArgs<T> = T extends object ? { [K in keyof T]: T[K] extends ChannelBrand<infer M> ? Channel<M> : T[K] } : T

/**
 * The rest parameters of `invoke` for a handler: arguments required only when it takes some.
 * A handler whose result cannot cross the wire (a Set, a Map, a function, a bigint) cannot be
 * called: the one parameter left names the problem and its path.
 */
export type InvokeRest<F extends Fn> = [ProblemIn<Wire<ResultOf<F>, 'result'>>] extends [never]
  ? ArgsRest<F>
  : [cannotCrossTheWire: ProblemIn<Wire<ResultOf<F>, 'result'>>]

type ArgsRest<F extends Fn> =
  Parameters<F> extends []
    ? [args?: undefined, options?: InvokeOptions]
    : undefined extends Parameters<F>[0]
      ? [args?: PageArgs<Parameters<F>[0]>, options?: InvokeOptions]
      : [args: PageArgs<Parameters<F>[0]>, options?: InvokeOptions]

/** What a handler resolves to, minus its `err()` returns. */
export type ResultOf<F extends Fn> = Exclude<Awaited<ReturnType<F>>, Err<string, unknown>>
/** What the page receives from a handler: its result after crossing the wire (a `Date` arrives as a string). */
export type WireResultOf<F extends Fn> = Wire<ResultOf<F>, 'result'>

/** An application error of kind K with data D, as the page receives it. */
export type AppError<K extends string, D> = CausewayError<K, D> & { readonly code: 'App'; readonly kind: K; readonly data: D }
/** A failure Causeway itself reports (not found, forbidden, cancelled, ...). */
export type SystemError = CausewayError<never, unknown> & { readonly code: Exclude<ErrorCode, 'App'>; readonly kind: undefined }

type AppErrorOf<E> = E extends Err<infer K, infer D> ? AppError<K, D> : never
/** Every error a command can reject with: its own `err()` kinds plus Causeway's codes. */
export type InvokeError<F extends Fn> = AppErrorOf<Extract<Awaited<ReturnType<F>>, Err<string, unknown>>> | SystemError

/** What `tryInvoke` resolves to: the command's result, or the error it would have rejected with. */
export type InvokeResult<T, E> = { ok: true; value: T } | { ok: false; error: E }

export interface TypedClient<A> {
  /** Calls a command; rejects with one of `InvokeError<...>`. */
  invoke<K extends keyof CommandsOf<A> & string>(cmd: K, ...rest: InvokeRest<CommandsOf<A>[K]>): Promise<WireResultOf<CommandsOf<A>[K]>>
  /** Calls a command and returns its failure as a typed value instead of rejecting. */
  tryInvoke<K extends keyof CommandsOf<A> & string>(
    cmd: K,
    ...rest: InvokeRest<CommandsOf<A>[K]>
  ): Promise<InvokeResult<WireResultOf<CommandsOf<A>[K]>, InvokeError<CommandsOf<A>[K]>>>
  listen<K extends keyof EventsOf<A> & string>(
    event: K,
    callback: EventCallback<Wire<EventsOf<A>[K], 'payload'>>,
    options?: ListenOptions,
  ): Promise<UnlistenFn>
  once<K extends keyof EventsOf<A> & string>(
    event: K,
    callback: EventCallback<Wire<EventsOf<A>[K], 'payload'>>,
    options?: ListenOptions,
  ): Promise<UnlistenFn>
  emit<K extends keyof EventsOf<A> & string>(
    event: K,
    ...payload: undefined extends EventsOf<A>[K] ? [payload?: EventsOf<A>[K]] : [payload: EventsOf<A>[K]]
  ): Promise<void>
  emitTo<K extends keyof EventsOf<A> & string>(
    target: EmitTarget,
    event: K,
    ...payload: undefined extends EventsOf<A>[K] ? [payload?: EventsOf<A>[K]] : [payload: EventsOf<A>[K]]
  ): Promise<void>
}

/**
 * @example
 * import type { HelloApp } from '../backend/app.ts'
 * const api = createTypedClient<HelloApp>(() => connection)
 * const r = await api.tryInvoke('read_file', { path })
 * if (!r.ok && r.error.kind === 'NotFound') showMissing()
 */
export function createTypedClient<A>(connection: () => Connection): TypedClient<A> {
  return {
    invoke: (cmd: string, args?: unknown, options?: InvokeOptions) => connection().invoke(cmd, args, options),
    async tryInvoke(cmd: string, args?: unknown, options?: InvokeOptions) {
      try {
        return { ok: true, value: await connection().invoke(cmd, args, options) }
      } catch (error) {
        return { ok: false, error }
      }
    },
    listen: (event: string, callback: EventCallback<never>, options?: ListenOptions) => connection().listen(event, callback, options),
    once: (event: string, callback: EventCallback<never>, options?: ListenOptions) => connection().once(event, callback, options),
    emit: (event: string, payload?: unknown) => connection().emit(event, payload),
    emitTo: (target: EmitTarget, event: string, payload?: unknown) => connection().emitTo(target, event, payload),
  } as TypedClient<A>
}
