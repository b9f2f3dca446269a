/**
 * Page scripts: what plugins contribute to every page the app serves. Each is served at
 * `/__causeway/plugin/<name>/page.js` and put first in `<head>`, in plugin order, so it runs
 * before any of the page's own scripts. Node-only.
 */
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import type { PageScript } from './plugin.ts'

/** Where a plugin's page script is served. */
export function pageScriptPath(plugin: string): string {
  return `/__causeway/plugin/${encodeURIComponent(plugin)}/page.js`
}

/**
 * Puts a `<script>` tag per path first in `<head>`. A host that knows which window the page is
 * served for names it in `data-label`, so page scripts know their label synchronously.
 *
 * @example
 * injectScripts('<html><head></head></html>', ['/__causeway/plugin/tauri/page.js'], 'main')
 */
export function injectScripts(html: string, paths: readonly string[], label?: string): string {
  if (paths.length === 0) return html
  const attribute = label === undefined ? '' : ` data-label="${escapeAttribute(label)}"`
  const tags = paths.map((path) => `<script src="${escapeAttribute(path)}"${attribute}></script>`).join('')
  const head = /<head[^>]*>/i.exec(html)
  if (head) return html.slice(0, head.index + head[0].length) + tags + html.slice(head.index + head[0].length)
  return tags + html
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')
}

/**
 * A page script from a TypeScript module of a plugin: the prebuilt `<name>.iife.js` next to it
 * when the plugin runs from a published build, else the module bundled with esbuild (a
 * development dependency, loaded only then) into one classic script. Cached after first use.
 *
 * @example
 * pageScript: bundledPageScript(new URL('./page.ts', import.meta.url))
 */
export function bundledPageScript(entry: URL): PageScript {
  let cached: Promise<string> | undefined
  return {
    source() {
      cached ??= load(entry).catch((error: unknown) => {
        cached = undefined
        throw error
      })
      return cached
    },
  }
}

/** The prebuilt file name for an entry: `page.ts` → `page.iife.js`. */
export function prebuiltName(entry: URL): URL {
  return new URL(fileURLToPath(entry).replace(/\.[cm]?[jt]s$/, '.iife.js'), 'file://')
}

async function load(entry: URL): Promise<string> {
  const prebuilt = fileURLToPath(prebuiltName(entry))
  if (existsSync(prebuilt)) return readFile(prebuilt, 'utf8')
  const source = fileURLToPath(entry).replace(/\.js$/, '.ts')
  if (!existsSync(source)) throw new Error(`page script missing: neither ${prebuilt} nor ${source} exists; rebuild the package`)
  return bundlePageScript(source, { minify: false })
}

/**
 * Bundles a browser module into one classic script (an IIFE). The package build uses it to write
 * the prebuilt files.
 *
 * @example
 * await writeFile('dist/plugins/window/page.iife.js', await bundlePageScript('src/plugins/window/page.ts', { minify: true }))
 */
export async function bundlePageScript(file: string, options: { minify: boolean }): Promise<string> {
  let esbuild: typeof import('esbuild')
  try {
    esbuild = await import('esbuild')
  } catch (error) {
    throw new Error(`bundling the page script ${file} needs esbuild (npm i -D esbuild), or its prebuilt .iife.js`, { cause: error })
  }
  const result = await esbuild.build({
    entryPoints: [file],
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
  if (!output) throw new Error(`esbuild produced no output for ${file}`)
  return output.text
}
