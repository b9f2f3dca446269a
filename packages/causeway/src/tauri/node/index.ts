/**
 * The Tauri compatibility layer's Node half: a plugin whose page script defines
 * `window.__TAURI_INTERNALS__` on Causeway's connection (`../page/`), so frontends written for
 * `@tauri-apps/api` and its plugins run unmodified. `createApp` adds it unless
 * `tauriCompat: false`. The core knows nothing of Tauri: this plugin registers itself like any other.
 */
import { bundledPageScript, definePlugin, type Plugin } from '../../plugin-kit.ts'

/**
 * Creates the Tauri page-contract plugin.
 *
 * @example
 * createApp({ commands, tauriCompat: false, plugins: [tauriCompat()] }) // the same as the default
 */
export function tauriCompat(): Plugin {
  return definePlugin({ name: 'tauri', pageScript: bundledPageScript(new URL('../page/page.ts', import.meta.url)) })
}
