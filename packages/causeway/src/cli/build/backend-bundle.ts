/**
 * The backend as plain JavaScript: the entry bundled by esbuild into one ES module with its npm
 * dependencies, so nothing compiles TypeScript at run time and nothing is installed beside it but
 * the native modules. The bundle sits where the entry sat (`backend/main.ts` →
 * `backend/main.mjs`), so paths the code resolves from its own location land alike.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { basename, dirname, extname, join, relative } from 'node:path'
import { CliError, importTool } from '../errors.ts'
import { externalPackages } from './native-modules.ts'
import { urlAssets } from './url-assets.ts'

/**
 * ES modules have no `require`; bundled CommonJS dependencies (ws, ...) call it for Node's own
 * modules, which esbuild's shim hands to a `require` in scope.
 */
const REQUIRE_BANNER =
  "import { createRequire as __causewayCreateRequire } from 'node:module';\nconst require = __causewayCreateRequire(import.meta.url);"

export interface BackendBundle {
  /** The bundle, relative to the output folder. */
  entry: string
  /** Packages left out of the bundle, by name, with the folder they were found in. */
  external: Map<string, string>
}

export interface BundleOptions {
  root: string
  entry: string
  outDir: string
  conditions: readonly string[]
  external: readonly string[]
  minify: boolean
}

/**
 * @example
 * const { entry } = await bundleBackend({ root, entry: join(root, 'backend/main.ts'), outDir: join(root, 'release'), ... })
 * // entry: 'backend/main.mjs'
 */
export async function bundleBackend(options: BundleOptions): Promise<BackendBundle> {
  const esbuild = await importTool<typeof import('esbuild')>('esbuild', 'causeway build')
  const relativeEntry = relative(options.root, options.entry)
  if (relativeEntry.startsWith('..'))
    throw new CliError('Config', `the backend entry ${options.entry} is outside the app (${options.root})`)
  const bundleDir = join(options.outDir, dirname(relativeEntry))
  await mkdir(bundleDir, { recursive: true })
  const external = new Map<string, string>()
  const shared: import('esbuild').BuildOptions = {
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: [...options.conditions],
    banner: { js: REQUIRE_BANNER },
    minify: options.minify,
    keepNames: true,
    // causewayjs imports esbuild only to bundle a page script that has no prebuilt file, and the
    // build prebuilds every one (url-assets.ts): 45 kB of bundle that would never run.
    external: ['esbuild'],
    legalComments: 'none',
    logLevel: 'silent',
  }
  const plugins = (): import('esbuild').Plugin[] => [externalPackages(options.external, external), assets]
  const assets = urlAssets({
    outDir: bundleDir,
    minify: options.minify,
    async bundleModule(file) {
      const result = await run(esbuild, {
        ...shared,
        entryPoints: [file],
        write: false,
        outfile: join(bundleDir, 'module.mjs'),
        plugins: plugins(),
      })
      return result.outputFiles?.[0]?.text ?? ''
    },
  })
  const outfile = join(bundleDir, `${basename(relativeEntry, extname(relativeEntry))}.mjs`)
  const result = await run(esbuild, { ...shared, entryPoints: [options.entry], write: false, outfile, plugins: plugins() })
  await writeFile(outfile, result.outputFiles?.[0]?.text ?? '')
  return { entry: relative(options.outDir, outfile), external }
}

/** One esbuild run; its errors become one `BuildFailed` with esbuild's own words. */
async function run(esbuild: typeof import('esbuild'), options: import('esbuild').BuildOptions) {
  try {
    return await esbuild.build(options)
  } catch (error) {
    const failures = (error as { errors?: import('esbuild').Message[] }).errors ?? []
    const formatted = failures.length
      ? (await esbuild.formatMessages(failures, { kind: 'error', color: false })).join('').trim()
      : (error as Error).message
    throw new CliError('BuildFailed', `the backend did not bundle:\n${formatted}`, { cause: error })
  }
}
