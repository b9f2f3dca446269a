/**
 * Causeway's store plugin (`causewayjs-plugin-store`): a persistent key-value store answering
 * `@tauri-apps/plugin-store` unchanged (`load`, `Store`, `LazyStore`, `onChange`), under Tauri's
 * permissions (`store:default`). A store lives in the app data directory, is shared by every
 * window that loads it (each sees change events with its own resource id), and is saved
 * atomically: a crash mid-save leaves the old file or the new one, never a torn one.
 */
import { definePlugin, type Plugin } from 'causewayjs/plugin'
import { storeCommands } from './commands.ts'
import { storePermissions } from './permissions.ts'
import { createStoreState, type StoreState } from './registry.ts'

/**
 * Creates the store plugin. Its `default` permission set allows every store operation.
 *
 * @example
 * createApp({ plugins: [storePlugin()], ... })
 * // capability: "permissions": ["core:default", "store:default"]
 */
export function storePlugin(): Plugin<StoreState> {
  return definePlugin<StoreState>({
    name: 'store',
    commands: { ...storeCommands },
    permissions: storePermissions(),
    state: () => createStoreState(),
    // Saves what auto-save has not yet, as Tauri does at exit.
    teardown: async (plugin) => {
      await Promise.all([...plugin.state.stores.values()].map((store) => store.flush()))
    },
  })
}

export type { BackendStore } from './backend.ts'
export { store } from './backend.ts'
export { storePermissions } from './permissions.ts'
export type { StoreState } from './registry.ts'
export type { ChangePayload, StoreOptions } from './store.ts'
