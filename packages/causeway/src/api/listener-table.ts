/**
 * The page's event listeners under ids that outlive a connection. The backend numbers listeners
 * per connection, and after a reconnect the page registers each one again under a new number.
 * Page code only ever sees the page's own id, so an id handed out before a drop (and kept by
 * `@tauri-apps/api` for its `unlisten`) still names the same listener after it.
 */
import type { EventCallback } from './connection.ts'

export interface ListenerEntry {
  readonly event: string
  /** The arguments of its `plugin:event|listen` call, sent again after a reconnect. */
  readonly args: unknown
  /** Receives its events; undefined until `addHandler` and after `removeHandler`. */
  callback: EventCallback<unknown> | undefined
  /** Its id on the current connection; undefined while the backend does not have it. */
  backendId: number | undefined
  /** Delivery stopped: kept only until its unlisten call translates the id, never restored. */
  removed: boolean
}

export class ListenerTable {
  private lastId = 0
  private readonly entries = new Map<number, ListenerEntry>()
  /** Backend id on the current connection → page id. */
  private readonly pageIds = new Map<number, number>()

  /** Records a listener the backend registered as `backendId`; returns the page's id for it. */
  add(event: string, args: unknown, backendId: number): number {
    const id = ++this.lastId
    this.entries.set(id, { event, args, callback: undefined, backendId, removed: false })
    this.pageIds.set(backendId, id)
    return id
  }

  get(id: number): ListenerEntry | undefined {
    return this.entries.get(id)
  }

  /**
   * Whether `id` is a page id this table handed out, even one since unlistened: such an id must
   * never reach the backend untranslated, where it could name another listener.
   */
  issued(id: unknown): id is number {
    return typeof id === 'number' && Number.isInteger(id) && id >= 1 && id <= this.lastId
  }

  /** The page id of a backend id in an event frame, and its entry. */
  lookup(backendId: number): { id: number; entry: ListenerEntry } | undefined {
    const id = this.pageIds.get(backendId)
    const entry = id === undefined ? undefined : this.entries.get(id)
    return id === undefined || entry === undefined ? undefined : { id, entry }
  }

  /** Forgets a listener for good (its unlisten); returns what it was. */
  delete(id: number): ListenerEntry | undefined {
    const entry = this.entries.get(id)
    if (!entry) return undefined
    this.entries.delete(id)
    if (entry.backendId !== undefined) this.pageIds.delete(entry.backendId)
    return entry
  }

  /** The connection dropped, and the backend forgot every registration with it. */
  dropped(): void {
    this.pageIds.clear()
    for (const [id, entry] of this.entries) {
      entry.backendId = undefined
      if (entry.removed) this.entries.delete(id)
    }
  }

  /** The listeners to register again on a new connection, by page id. */
  toRestore(): Array<[number, ListenerEntry]> {
    return [...this.entries].filter(([, entry]) => !entry.removed && entry.backendId === undefined)
  }

  /** A listener registered again, now known to the backend as `backendId`. */
  restored(id: number, backendId: number): void {
    const entry = this.entries.get(id)
    if (!entry) return
    entry.backendId = backendId
    this.pageIds.set(backendId, id)
  }

  /** Live listeners with a callback, for the duplicate-listener warning. */
  *callbacks(): Iterable<{ event: string; callback: EventCallback<unknown> }> {
    for (const entry of this.entries.values()) if (entry.callback && !entry.removed) yield { event: entry.event, callback: entry.callback }
  }
}
