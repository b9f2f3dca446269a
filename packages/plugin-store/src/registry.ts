/**
 * The stores of one app by their resolved path, and each window's hold on them: a resource in
 * the window's table (Tauri's rid), released by `plugin:resources|close` or when the window goes.
 * A store stays in memory while any window holds it; the last to let go saves what is pending.
 */
import { isAbsolute, relative, resolve } from 'node:path'
import type { AppHandle, AppWindow, Resource } from 'causewayjs/plugin'
import { Store, type StoreOptions } from './store.ts'

/** The store plugin's state in one app. */
export interface StoreState {
  readonly stores: Map<string, Store>
  /** Loads in progress, so two windows loading one path at once share one store. */
  readonly loading: Map<string, Promise<Store>>
}

export function createStoreState(): StoreState {
  return { stores: new Map(), loading: new Map() }
}

/** A window's hold on a store: what its resource id names. */
export class StoreHandle implements Resource {
  constructor(
    readonly store: Store,
    private readonly label: string,
    private readonly state: StoreState,
  ) {}

  close(): Promise<void> | undefined {
    this.store.holders.delete(this.label)
    if (this.store.holders.size > 0) return undefined
    if (!this.store.pinned) this.state.stores.delete(this.store.path)
    return this.store.flush()
  }
}

/**
 * A store path as Tauri resolves it: relative to the app data directory. Paths that would leave
 * it (`..`, an absolute path elsewhere) are refused: a page must not write files anywhere.
 *
 * @example
 * storePath('settings.json', app.paths) // '/home/me/.local/share/dev.app/settings.json'
 */
export function storePath(path: string, appData: string): string {
  if (path === '' || path.includes('\0')) throw new Error(`invalid store path ${JSON.stringify(path)}`)
  const resolved = resolve(appData, path)
  const inside = relative(resolve(appData), resolved)
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) {
    throw new Error(`store path ${JSON.stringify(path)} is outside the app data directory: use a path relative to it`)
  }
  return resolved
}

/**
 * The store at `path`, loading it if no window holds it yet. Loading an open store returns it
 * (its options are not applied again, as in Tauri); `createNew` on an open store fails.
 *
 * @example
 * const store = await openStore(state, app, storePath('settings.json', app.paths.appData), options)
 */
export function openStore(state: StoreState, app: AppHandle, path: string, options: StoreOptions = {}): Promise<Store> {
  const open = state.stores.get(path)
  if (open) return options.createNew ? Promise.reject(new Error(`Store at "${path}" already exists`)) : Promise.resolve(open)
  let loading = state.loading.get(path)
  if (!loading) {
    loading = Store.open(app, path, options)
      .then((store) => {
        state.stores.set(path, store)
        return store
      })
      .finally(() => state.loading.delete(path))
    state.loading.set(path, loading)
  }
  return loading
}

/**
 * The resource id of `window`'s hold on `store`, creating the hold if it has none: one id per
 * store per window, as Tauri hands out one id per store.
 *
 * @example
 * return holdStore(state, ctx.window, store)
 */
export function holdStore(state: StoreState, window: AppWindow, store: Store): number {
  const held = store.holders.get(window.label)
  if (held !== undefined && window.resources.has(held)) return held
  const rid = window.resources.add(new StoreHandle(store, window.label, state))
  store.holders.set(window.label, rid)
  return rid
}
