/**
 * Finds the app and reads its `causeway.config.ts` (TypeScript, compiled with esbuild the way Vite
 * reads its own config), checks it at the edge and fills in the defaults.
 */
import { existsSync, readFileSync } from 'node:fs'
import { rm, writeFile } from 'node:fs/promises'
import { dirname, isAbsolute, join, relative, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { z } from 'zod'
import { CliError, importTool } from './errors.ts'

/** The config with every default filled in and every path absolute. */
export interface ResolvedConfig {
  /** The app's root: the folder of its package.json. */
  root: string
  /** The config file read, if any. */
  file: string | undefined
  backend: { entry: string; watch: string[] }
  frontend: { viteConfig: string | false | undefined; root: string | undefined; outDir: string | undefined }
  build: { outDir: string; resources: string[]; external: string[]; minify: boolean; executable: boolean }
  dev: { browserArgs: string[]; port: number | undefined }
}

const CONFIG_FILES = ['causeway.config.ts', 'causeway.config.mts', 'causeway.config.js', 'causeway.config.mjs']

const path = z.string().min(1)
const schema = z
  .object({
    backend: z.union([path, z.object({ entry: path.optional(), watch: z.array(path).optional() }).strict()]).optional(),
    frontend: z
      .object({ viteConfig: z.union([path, z.literal(false)]).optional(), root: path.optional(), outDir: path.optional() })
      .strict()
      .optional(),
    build: z
      .object({
        outDir: path.optional(),
        resources: z.array(path).optional(),
        external: z.array(path).optional(),
        minify: z.boolean().optional(),
        executable: z.boolean().optional(),
      })
      .strict()
      .optional(),
    dev: z
      .object({ browserArgs: z.array(z.string()).optional(), port: z.number().int().min(0).max(65535).optional() })
      .strict()
      .optional(),
  })
  .strict()

/** The nearest folder at or above `from` with a package.json. */
export function findAppRoot(from: string): string {
  let dir = resolve(from)
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir
    const parent = dirname(dir)
    if (parent === dir) throw new CliError('Config', `no package.json in ${from} or above it: run causeway inside the app's folder`)
    dir = parent
  }
}

/**
 * Reads the config of the app at or above `cwd`.
 *
 * @example
 * const config = await loadConfig(process.cwd())
 * config.backend.entry // '/home/me/notes/backend/main.ts'
 */
export async function loadConfig(cwd: string): Promise<ResolvedConfig> {
  const root = findAppRoot(cwd)
  const file = CONFIG_FILES.map((name) => join(root, name)).find((candidate) => existsSync(candidate))
  const raw = file ? await importConfig(file) : {}
  const parsed = schema.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const where = issue?.path.length ? issue.path.join('.') : 'the default export'
    throw new CliError('Config', `${relative(root, file ?? root)}: ${where}: ${issue?.message ?? 'invalid'}`)
  }
  const config = parsed.data
  const at = (p: string) => (isAbsolute(p) ? p : join(root, p))
  const backend = typeof config.backend === 'string' ? { entry: config.backend } : (config.backend ?? {})
  const entry = at(backend.entry ?? 'backend/main.ts')
  if (!existsSync(entry)) {
    throw new CliError(
      'Config',
      `the backend entry ${relative(root, entry)} does not exist: create it, or name yours in causeway.config.ts (backend: 'server/main.ts')`,
    )
  }
  const watch = backend.watch?.map(at) ?? [dirname(entry), at('capabilities'), at('permissions')].filter((p) => existsSync(p))
  const viteConfig = config.frontend?.viteConfig
  return {
    root,
    file,
    backend: { entry, watch },
    frontend: {
      viteConfig: typeof viteConfig === 'string' ? at(viteConfig) : viteConfig,
      root: config.frontend?.root === undefined ? undefined : at(config.frontend.root),
      outDir: config.frontend?.outDir === undefined ? undefined : at(config.frontend.outDir),
    },
    build: {
      outDir: at(config.build?.outDir ?? 'release'),
      resources: config.build?.resources?.map(at) ?? [],
      external: config.build?.external ?? [],
      minify: config.build?.minify ?? true,
      executable: config.build?.executable ?? false,
    },
    dev: { browserArgs: config.dev?.browserArgs ?? [], port: config.dev?.port },
  }
}

/** The config module's default export: TypeScript compiled by esbuild next to it, imported, removed. */
async function importConfig(file: string): Promise<unknown> {
  const esbuild = await importTool<typeof import('esbuild')>('esbuild', 'reading causeway.config.ts')
  let code: string
  try {
    const result = await esbuild.build({
      entryPoints: [file],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      write: false,
      logLevel: 'silent',
    })
    code = result.outputFiles[0]?.text ?? ''
  } catch (error) {
    throw new CliError('Config', `${file} does not compile: ${(error as Error).message.split('\n').slice(0, 3).join(' ')}`, {
      cause: error,
    })
  }
  // Next to the config, so its imports resolve from the app's node_modules.
  const compiled = `${file}.timestamp-${Date.now()}.mjs`
  await writeFile(compiled, code)
  try {
    const module = (await import(pathToFileURL(compiled).href)) as { default?: unknown }
    return module.default ?? {}
  } catch (error) {
    throw new CliError('Config', `${file} threw while loading: ${(error as Error).message}`, { cause: error })
  } finally {
    await rm(compiled, { force: true })
  }
}

/** The app's package.json `name` and `version`, for messages. */
export function appLabel(root: string): string {
  try {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name?: string; version?: string }
    return `${pkg.name ?? 'app'}${pkg.version ? ` ${pkg.version}` : ''}`
  } catch {
    return 'app'
  }
}
