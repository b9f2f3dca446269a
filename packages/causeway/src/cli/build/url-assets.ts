/**
 * Files a module reaches by `new URL('./file', import.meta.url)` travel with the bundle, as Vite
 * does for the browser: a bundle has one `import.meta.url` for every module in it, so each such
 * file is written beside the bundle under a content-hashed name and the literal is rewritten.
 *
 * - `bundledPageScript(new URL('./page.ts', import.meta.url))`: the page script is prebuilt into
 *   one classic script (`<name>.iife.js`), which `bundledPageScript` reads instead of bundling
 *   the TypeScript at run time.
 * - Another module (`new Worker(new URL('./worker.js', import.meta.url))`): bundled on its own, as
 *   a Node entry, with the same rules.
 * - Anything else (a `.wasm`, a `.json`): copied.
 *
 * A `./x.js` that exists only as `./x.ts`, or the reverse, is found too (see `locate`).
 */
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { basename, dirname, extname, join, resolve } from 'node:path'
import type { Plugin } from 'esbuild'
import { bundlePageScript } from '../../backend/page-scripts.ts'

const FILE_URL = /new\s+URL\(\s*(['"])(\.{1,2}\/[^'"\n]+)\1\s*,\s*import\.meta\.url\s*\)/g
const PAGE_SCRIPT_CALL = /bundledPageScript\(\s*$/
const MODULE = /\.(?:[cm]?[jt]s|tsx|jsx)$/
const LOADERS = { '.ts': 'ts', '.mts': 'ts', '.cts': 'ts', '.tsx': 'tsx', '.jsx': 'jsx' } as const

export interface UrlAssetOptions {
  /** The folder every bundle of the backend is written to; the files land beside them. */
  outDir: string
  minify: boolean
  /** Bundles a module found this way as a Node entry; resolves with its code. */
  bundleModule(file: string): Promise<string>
}

/**
 * @example
 * await esbuild.build({ ..., plugins: [urlAssets({ outDir, minify: true, bundleModule })] })
 */
export function urlAssets(options: UrlAssetOptions): Plugin {
  const written = new Map<string, Promise<string>>()

  /** The output name for `target` (reached as `kind`), written once however many modules name it. */
  const emit = (target: string, kind: 'page-script' | 'module' | 'asset'): Promise<string> => {
    const key = `${kind}:${target}`
    let name = written.get(key)
    if (!name) {
      name = (async () => {
        const stem = `${basename(dirname(target))}-${basename(target).replace(/\.[^.]+$/, '')}`
        if (kind === 'page-script') {
          const code = await pageScriptCode(target, options.minify)
          const file = `${stem}-${hash(code)}`
          await writeFile(join(options.outDir, `${file}.iife.js`), code)
          return `${file}.js`
        }
        const code = kind === 'module' ? await options.bundleModule(target) : await readFile(target)
        const file = `${stem}-${hash(code)}${kind === 'module' ? '.mjs' : extname(target)}`
        await writeFile(join(options.outDir, file), code)
        return file
      })()
      written.set(key, name)
    }
    return name
  }

  return {
    name: 'causeway:url-assets',
    setup(build) {
      build.onLoad({ filter: /\.(?:[cm]?[jt]s|[jt]sx)$/ }, async (args) => {
        if (args.namespace !== 'file') return undefined
        const source = await readFile(args.path, 'utf8')
        if (!source.includes('import.meta.url')) return undefined
        let changed = false
        let out = ''
        let last = 0
        for (const match of source.matchAll(FILE_URL)) {
          const target = locate(resolve(dirname(args.path), match[2] as string))
          if (!target) continue
          const before = source.slice(0, match.index)
          const kind = PAGE_SCRIPT_CALL.test(before) ? 'page-script' : MODULE.test(target) ? 'module' : 'asset'
          const name = await emit(target, kind)
          out += `${source.slice(last, match.index)}new URL(${JSON.stringify(`./${name}`)}, import.meta.url)`
          last = (match.index ?? 0) + match[0].length
          changed = true
        }
        if (!changed) return undefined
        const ext = extname(args.path) as keyof typeof LOADERS
        return { contents: out + source.slice(last), loader: LOADERS[ext] ?? 'js', resolveDir: dirname(args.path) }
      })
    },
  }
}

/**
 * The file a URL literal means: as written, else its other half: the TypeScript source of a
 * `.js` (sources name their outputs), or the JavaScript tsc compiled a `.ts` into (a published
 * package keeps its sources' literals as they were).
 */
function locate(file: string): string | undefined {
  if (existsSync(file)) return file
  const other = /\.[cm]?js$/.test(file) ? file.replace(/\.([cm]?)js$/, '.$1ts') : file.replace(/\.([cm]?)ts$/, '.$1js')
  return other !== file && existsSync(other) ? other : undefined
}

/** The prebuilt page script next to a published module, else the module bundled now. */
async function pageScriptCode(target: string, minify: boolean): Promise<string> {
  const prebuilt = target.replace(/\.[cm]?[jt]s$/, '.iife.js')
  if (existsSync(prebuilt)) return readFile(prebuilt, 'utf8')
  return bundlePageScript(target, { minify })
}

function hash(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex').slice(0, 8)
}
