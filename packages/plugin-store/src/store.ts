/**
 * One store of an app: a JSON object kept in memory, shared by every window that loads its path,
 * saved to its file atomically (on demand, after a debounce when auto-save is on, and when the
 * app closes). Changes are announced to each window holding it as Tauri's `store://change`, with
 * that window's own resource id, which is what `onChange`/`onKeyChange` filter on.
 */
import { readFile } from 'node:fs/promises'
import type { AppHandle } from 'causewayjs/plugin'
import { removeStaleTemporaries, writeFileAtomic } from './atomic-write.ts'

/** Options of `load`, as `@tauri-apps/plugin-store` sends them. */
export interface StoreOptions {
  /** Values the store starts with (and `reset` returns to). */
  defaults?: Record<string, unknown>
  /** Save this many ms after the last change (`true`: 100 ms, Tauri's default); `false` saves only on `save()` and at exit. */
  autoSave?: boolean | number
  /** Ignore the file on disk: start from the defaults. */
  createNew?: boolean
  /** When the file exists, start from it alone, without the defaults. */
  overrideDefaults?: boolean
}

/** `store://change`, as Tauri's store plugin emits it. */
export interface ChangePayload {
  path: string
  resourceId: number
  key: string
  value: unknown
  exists: boolean
}

/** A store file that is not a JSON object cannot be loaded: it is kept as it is, not overwritten. */
export class StoreFileError extends Error {
  override readonly name = 'StoreFileError'
}

const DEFAULT_AUTO_SAVE_MS = 100

function parseFile(path: string, text: string): Map<string, unknown> {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    throw new StoreFileError(`Failed to deserialize store. ${path}: ${(error as Error).message}`)
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new StoreFileError(`Failed to deserialize store. ${path} does not hold a JSON object`)
  }
  return new Map(Object.entries(parsed))
}

/** The file's entries, or undefined when there is no file. */
async function readStoreFile(path: string): Promise<Map<string, unknown> | undefined> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  return parseFile(path, text)
}

export class Store {
  private cache: Map<string, unknown>
  private readonly defaults: Map<string, unknown> | undefined
  private readonly autoSaveMs: number | undefined
  private timer: ReturnType<typeof setTimeout> | undefined
  /** Saves run one after another: a later save never lands before an earlier one. */
  private writing: Promise<void> = Promise.resolve()
  /** Changes not yet handed to a save. */
  private dirty = false
  /** The windows holding this store, with the resource id each sees. */
  readonly holders = new Map<string, number>()
  /** The backend holds it (`store()`): it stays loaded when the last window lets go. */
  pinned = false

  private constructor(
    private readonly app: AppHandle,
    readonly path: string,
    cache: Map<string, unknown>,
    options: StoreOptions,
  ) {
    this.cache = cache
    this.defaults = options.defaults ? new Map(Object.entries(options.defaults)) : undefined
    const autoSave = options.autoSave ?? true
    this.autoSaveMs = autoSave === false ? undefined : autoSave === true ? DEFAULT_AUTO_SAVE_MS : Math.max(0, autoSave)
  }

  /**
   * Loads the store at `path` (an absolute path): the file's entries over the defaults. A missing
   * file starts from the defaults; a file that is not a JSON object rejects (and stays untouched).
   *
   * @example
   * const store = await Store.open(app, '/home/me/.local/share/app/settings.json', { defaults: { theme: 'light' } })
   */
  static async open(app: AppHandle, path: string, options: StoreOptions = {}): Promise<Store> {
    await removeStaleTemporaries(path)
    const defaults = Object.entries(options.defaults ?? {})
    const disk = options.createNew ? undefined : await readStoreFile(path)
    const cache = disk && options.overrideDefaults ? disk : new Map([...defaults, ...(disk ?? [])])
    return new Store(app, path, cache, options)
  }

  get(key: string): [value: unknown, exists: boolean] {
    return this.cache.has(key) ? [this.cache.get(key), true] : [null, false]
  }

  has(key: string): boolean {
    return this.cache.has(key)
  }

  set(key: string, value: unknown): void {
    this.cache.set(key, value)
    this.changed(key, value, true)
  }

  delete(key: string): boolean {
    if (!this.cache.delete(key)) return false
    this.changed(key, null, false)
    return true
  }

  clear(): void {
    const keys = [...this.cache.keys()]
    this.cache.clear()
    for (const key of keys) this.changed(key, null, false)
  }

  /** Back to the defaults (or empty without any), announcing each key that changes. */
  reset(): void {
    if (!this.defaults) return this.clear()
    const before = this.cache
    this.cache = new Map(this.defaults)
    for (const [key, value] of before) {
      if (!this.defaults.has(key)) this.changed(key, null, false)
      else if (JSON.stringify(this.defaults.get(key)) !== JSON.stringify(value)) this.changed(key, this.defaults.get(key), true)
    }
    for (const [key, value] of this.defaults) if (!before.has(key)) this.changed(key, value, true)
  }

  keys(): string[] {
    return [...this.cache.keys()]
  }

  values(): unknown[] {
    return [...this.cache.values()]
  }

  entries(): Array<[string, unknown]> {
    return [...this.cache.entries()]
  }

  get length(): number {
    return this.cache.size
  }

  /**
   * Reads the file again and merges it over what is in memory (`ignoreDefaults`: replaces it),
   * as Tauri's `reload`; announces nothing.
   */
  async reload(ignoreDefaults = false): Promise<void> {
    const disk = await readStoreFile(this.path)
    if (!disk) throw new Error(`No such file or directory: ${this.path}`)
    this.cache = ignoreDefaults ? disk : new Map([...this.cache, ...disk])
  }

  /** Writes the store as it is now, atomically, after any save already under way. */
  save(): Promise<void> {
    clearTimeout(this.timer)
    this.timer = undefined
    this.dirty = false
    // Serialized now, so the file holds exactly this moment's entries.
    const text = JSON.stringify(Object.fromEntries(this.cache), null, 2)
    const write = this.writing.then(() => writeFileAtomic(this.path, text))
    this.writing = write.catch(() => {})
    return write
  }

  /** Saves if there are changes no save has taken yet (at exit, or when the last window lets go). */
  async flush(): Promise<void> {
    if (this.dirty || this.timer) await this.save()
    else await this.writing
  }

  private changed(key: string, value: unknown, exists: boolean): void {
    this.dirty = true
    for (const [label, resourceId] of this.holders) {
      const payload: ChangePayload = { path: this.path, resourceId, key, value: exists ? value : null, exists }
      this.app.emitTo(label, 'store://change', payload)
    }
    if (this.autoSaveMs === undefined) return
    clearTimeout(this.timer)
    this.timer = setTimeout(() => {
      this.timer = undefined
      this.save().catch((error) => console.error(`[causeway] auto-saving the store ${this.path} failed:`, error))
    }, this.autoSaveMs)
  }
}
