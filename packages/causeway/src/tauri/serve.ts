/**
 * Serving the Tauri page contract: the script that defines `window.__TAURI_INTERNALS__` on top of
 * Causeway's connection, and its injection into the HTML pages the host serves.
 */

/** Where the host serves the page contract script. */
export const TAURI_SCRIPT_PATH = '/__causeway/tauri.js'

/** Puts the contract script first in `<head>`, so it runs before any of the page's own scripts. */
export function injectTauriScript(html: string): string {
  const tag = `<script src="${TAURI_SCRIPT_PATH}"></script>`
  const head = /<head[^>]*>/i.exec(html)
  if (head) return html.slice(0, head.index + head[0].length) + tag + html.slice(head.index + head[0].length)
  return tag + html
}

/** The browser script (an IIFE) implementing the contract. */
export async function tauriPageScript(): Promise<string> {
  throw new Error('the Tauri page contract is not built yet')
}
