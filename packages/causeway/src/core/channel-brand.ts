/**
 * The type-only mark of a backend channel argument, shared so the page's typed client can map a
 * handler's `Channel<T>` parameter to a page `Channel<T>` without importing backend code.
 */
export interface ChannelBrand<T> {
  readonly '~channel': { message: T }
}
