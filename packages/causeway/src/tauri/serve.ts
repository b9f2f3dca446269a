/**
 * Serving the Tauri page contract: the script that defines `window.__TAURI_INTERNALS__` on top of
 * Causeway's connection (`page.ts`, bundled into one classic script), and its injection into the
 * HTML pages the host serves. Node-only.
 */
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'

/** Where the host serves the page contract script. */
export const TAURI_SCRIPT_PATH = '/__causeway/tauri.js'

/** The prebuilt script a published build ships next to this module (see `bundleTauriPageScript`). */
export const PREBUILT = 'tauri-page.js'

/**
 * Puts the contract script first in `<head>`, so it runs before any of the page's own scripts.
 * A host that knows the window label when it serves the page passes it, so the page knows its
 * label synchronously even on first load.
 *
 * @example
 * injectTauriScript('<html><head></head></html>', 'main')
 * // '<html><head><script src="/__causeway/tauri.js" data-label="main"></script></head></html>'
 */
export function injectTauriScript(html: string, label?: string): string {
  const attribute = label === undefined ? '' : ` data-label="${escapeAttribute(label)}"`
  const tag = `<script src="${TAURI_SCRIPT_PATH}"${attribute}></script>`
  const head = /<head[^>]*>/i.exec(html)
  if (head) return html.slice(0, head.index + head[0].length) + tag + html.slice(head.index + head[0].length)
  return tag + html
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')
}

let cached: Promise<string> | undefined

/**
 * The browser script (an IIFE) implementing the contract: the prebuilt file when this module
 * runs from a published build, else `page.ts` bundled with esbuild on first use. Cached.
 *
 * @example
 * assets: { [TAURI_SCRIPT_PATH]: async () => ({ body: await tauriPageScript(), type: 'text/javascript' }) }
 */
export function tauriPageScript(): Promise<string> {
  cached ??= load().catch((error: unknown) => {
    cached = undefined
    throw error
  })
  return cached
}

async function load(): Promise<string> {
  const prebuilt = fileURLToPath(new URL(`./${PREBUILT}`, import.meta.url))
  if (existsSync(prebuilt)) return readFile(prebuilt, 'utf8')
  const entry = fileURLToPath(new URL('./page.ts', import.meta.url))
  if (!existsSync(entry)) {
    throw new Error(
      `the Tauri page script is missing: neither ${prebuilt} nor ${entry} exists. Rebuild causeway (the build writes ${PREBUILT})`,
    )
  }
  return bundleTauriPageScript({ minify: false })
}

/**
 * Bundles `page.ts` into one classic script with esbuild (a development dependency, loaded only
 * when called). The package build writes its output to `dist/tauri/tauri-page.js`.
 *
 * @example
 * await writeFile('dist/tauri/tauri-page.js', await bundleTauriPageScript({ minify: true }))
 */
export async function bundleTauriPageScript(options: { minify: boolean }): Promise<string> {
  let esbuild: typeof import('esbuild')
  try {
    esbuild = await import('esbuild')
  } catch (error) {
    throw new Error(`bundling the Tauri page script needs esbuild (npm i -D esbuild), or a prebuilt ${PREBUILT}`, { cause: error })
  }
  const result = await esbuild.build({
    entryPoints: [fileURLToPath(new URL('./page.ts', import.meta.url))],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: options.minify,
    legalComments: 'none',
    charset: 'utf8',
    write: false,
    logLevel: 'silent',
  })
  const output = result.outputFiles[0]
  if (!output) throw new Error('esbuild produced no output for the Tauri page script')
  return `/* Causeway: the @tauri-apps/api page contract */\n${output.text}`
}
