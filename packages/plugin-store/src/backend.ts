/**
 * The backend's own handle on a store: the same store the pages share (their change events
 * included), for settings the backend reads or writes itself.
 */
import type { AppHandle } from 'causewayjs/plugin'
import { openStore, type StoreState, storePath } from './registry.ts'
import type { StoreOptions } from './store.ts'

export interface BackendStore {
  readonly path: string
  get<T = unknown>(key: string): T | undefined
  set(key: string, value: unknown): void
  has(key: string): boolean
  delete(key: string): boolean
  entries(): Array<[string, unknown]>
  /** Writes the store atomically now. */
  save(): Promise<void>
}

/**
 * Opens the store at `path` (relative to the app data directory) for the backend, loading it if
 * no window has. Needs `storePlugin()` in the app.
 *
 * @example
 * const settings = await store(ctx.app, 'settings.json', { defaults: { theme: 'light' } })
 * settings.set('theme', 'dark') // windows holding it get store://change
 */
export async function store(app: AppHandle, path: string, options: StoreOptions = {}): Promise<BackendStore> {
  const state = app.plugin<StoreState>('store')?.state
  if (!state) throw new TypeError('store() needs the store plugin: createApp({ plugins: [storePlugin()] })')
  const opened = await openStore(state, app, storePath(path, app.paths.appData), options)
  opened.pinned = true
  return {
    path: opened.path,
    get: <T>(key: string) => {
      const [value, exists] = opened.get(key)
      return exists ? (value as T) : undefined
    },
    set: (key, value) => opened.set(key, value),
    has: (key) => opened.has(key),
    delete: (key) => opened.delete(key),
    entries: () => opened.entries(),
    save: () => opened.save(),
  }
}
