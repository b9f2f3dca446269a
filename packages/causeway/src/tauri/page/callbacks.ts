/**
 * Tauri's page-side callback table (`transformCallback`, `runCallback`, `unregisterCallback`).
 * Every backend-to-page message of the Tauri contract ends up as `run(id, data)`: event
 * deliveries and channel messages alike. Ids come from the page-wide counter that Causeway's own
 * channels use, so a Tauri callback id never names a Causeway channel.
 */
import { nextPageId } from '../../api/channel.ts'

export type TauriCallback = (data: unknown) => unknown

export class CallbackTable {
  /** Exposed as `__TAURI_INTERNALS__.callbacks`, as Tauri ≥ 2.5 does. */
  readonly callbacks = new Map<number, TauriCallback>()

  /**
   * Stores `callback` and returns its id; a `once` callback forgets itself when it runs.
   *
   * @example
   * const id = table.transform((data) => console.log(data))
   * table.run(id, 42) // logs 42
   */
  transform(callback?: TauriCallback | null, once = false): number {
    const id = nextPageId()
    this.callbacks.set(id, (data) => {
      if (once) this.unregister(id)
      return callback?.(data)
    })
    return id
  }

  unregister(id: number): void {
    this.callbacks.delete(id)
  }

  has(id: number): boolean {
    return this.callbacks.has(id)
  }

  /** Runs the callback stored under `id`; warns, as Tauri does, when there is none. */
  run(id: number, data: unknown): unknown {
    const callback = this.callbacks.get(id)
    if (!callback) {
      console.warn(`[causeway] no Tauri callback with id ${id}: it was unregistered (unlisten, or a channel that already ended)`)
      return undefined
    }
    return callback(data)
  }
}
