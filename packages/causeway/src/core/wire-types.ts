/**
 * What a value's type becomes after crossing the wire, so a typed client says what actually
 * arrives: a `Date` (or anything with `toJSON`) arrives as what `toJSON` returns, bytes stay
 * bytes, and what cannot cross (a Map, a Set, a function, a bigint, a symbol) becomes a marker
 * that names the path, which the typed client turns into a compile error. Types only.
 */

/** Marks a part of a type that cannot cross the wire; `problem` says what and where. */
export interface CannotCross<What extends string, Path extends string> {
  readonly '~cannotCross': `${What} at ${Path}`
}

type IsAny<T> = 0 extends 1 & T ? true : false

/** `T` as it arrives on the other side; `P` is the path shown in problems. */
export type Wire<T, P extends string = 'value'> =
  IsAny<T> extends true
    ? T
    : T extends string | number | boolean | null | undefined
      ? T
      : T extends Uint8Array
        ? Uint8Array
        : T extends ArrayBuffer
          ? ArrayBuffer
          : T extends bigint
            ? CannotCross<'a bigint', P>
            : T extends symbol
              ? CannotCross<'a symbol', P>
              : T extends (...args: never[]) => unknown
                ? CannotCross<'a function', P>
                : T extends ReadonlyMap<unknown, unknown>
                  ? CannotCross<'a Map', P>
                  : T extends ReadonlySet<unknown>
                    ? CannotCross<'a Set', P>
                    : T extends { toJSON(...args: never[]): infer J }
                      ? Wire<J, P>
                      : T extends readonly (infer U)[]
                        ? Wire<U, `${P}[number]`>[]
                        : { [K in keyof T]: Wire<T[K], `${P}.${K & string}`> }

/** The first problem in a wire type, as text, or `never` when everything crosses. */
export type ProblemIn<W, Depth extends unknown[] = []> = Depth['length'] extends 12
  ? never
  : IsAny<W> extends true
    ? never
    : W extends CannotCross<infer What, infer Path>
      ? `${What} at ${Path}`
      : W extends Uint8Array | ArrayBuffer
        ? never
        : W extends readonly (infer U)[]
          ? ProblemIn<U, [...Depth, unknown]>
          : W extends object
            ? { [K in keyof W]-?: ProblemIn<W[K], [...Depth, unknown]> }[keyof W]
            : never
