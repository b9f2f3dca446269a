/**
 * `causeway build`: the app in one folder a user can run with Node and an installed Chromium. The
 * folder mirrors the app's own layout, so the paths `createApp` resolves from the app's root land
 * on the same files:
 *
 *   release/
 *     app.mjs              the entry: `node release/app.mjs` (NODE_ENV=production unless set)
 *     package.json         the app config frozen: name, version, identifier (same data folder as `npm start`)
 *     backend/main.mjs     the backend, bundled; prebuilt page scripts and workers beside it
 *     dist/                the frontend, built by Vite into its outDir (dist/ too) and copied here
 *     capabilities/ ...    capability and permission files, and the configured resources
 *     node_modules/        native modules only, with their dependencies
 */
import { existsSync } from 'node:fs'
import { cp, mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { isAbsolute, join, relative, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { type AppConfig, resolveAppConfig } from '../../backend/app-config.ts'
import { nodeConditions } from '../conditions.ts'
import { findViteConfig } from '../dev/supervisor.ts'
import { CliError, importTool } from '../errors.ts'
import type { ResolvedConfig } from '../load-config.ts'
import { APP_ENTRY } from '../start.ts'
import { bundleBackend } from './backend-bundle.ts'
import { buildExecutable } from './executable.ts'
import { copyPackages } from './native-modules.ts'

/** What a build wrote, for its summary line and for tests. */
export interface BuildReport {
  outDir: string
  /** The frontend's folder inside the output. */
  frontend: string
  /** The backend bundle inside the output. */
  backend: string
  /** Packages copied into the output's node_modules. */
  packages: string[]
  /** The single executable, when `build.executable` asked for one. */
  executable: string | undefined
  bytes: number
  ms: number
}

/**
 * Builds the app; resolves with the exit code (0) after printing one summary line.
 *
 * @example
 * process.exitCode = await runBuild(await loadConfig(process.cwd()))
 */
export async function runBuild(config: ResolvedConfig, log: (line: string) => void = (line) => console.log(line)): Promise<number> {
  const report = await buildApp(config)
  const size = (report.bytes / 1024 / 1024).toFixed(1)
  const out = relative(config.root, report.outDir) || '.'
  const natives = report.packages.length ? `, ${report.packages.length} packages in node_modules` : ''
  const single = report.executable
    ? ` Single executable: ${relative(config.root, report.executable)} (${((await stat(report.executable)).size / 1024 / 1024).toFixed(0)} MB).`
    : ''
  log(
    `[causeway] built ${out}/ in ${(report.ms / 1000).toFixed(1)} s: ${size} MB (frontend ${report.frontend}/, backend ${report.backend}${natives}). ` +
      `Run it: npx causeway start, or node ${join(out, APP_ENTRY)}.${single}`,
  )
  return 0
}

/** Builds the app into `config.build.outDir`, emptied first. */
export async function buildApp(config: ResolvedConfig): Promise<BuildReport> {
  const began = performance.now()
  const out = config.build.outDir
  const outside = relative(out, config.root)
  if (outside === '' || (!outside.startsWith('..') && !isAbsolute(outside))) {
    throw new CliError('Config', `build.outDir (${out}) would hold the app's own files: name a folder inside the app, such as 'release'`)
  }
  await rm(out, { recursive: true, force: true })
  await mkdir(out, { recursive: true })
  const conditions = nodeConditions()
  const frontend = await buildFrontend(config, out, conditions)
  const bundle = await bundleBackend({
    root: config.root,
    entry: config.backend.entry,
    outDir: out,
    conditions,
    external: config.build.external,
    minify: config.build.minify,
  })
  const packages = await copyPackages(bundle.external, join(out, 'node_modules'))
  for (const resource of [join(config.root, 'capabilities'), join(config.root, 'permissions'), ...config.build.resources]) {
    const at = relative(config.root, resource)
    if (at.startsWith('..') || isAbsolute(at))
      throw new CliError('Config', `build.resources: ${resource} is outside the app (${config.root})`)
    if (existsSync(resource)) await cp(resource, join(out, at), { recursive: true, dereference: true })
  }
  const app = await writeOutputFiles(config.root, out, bundle.entry)
  const bytes = await sizeOf(out)
  const executable = config.build.executable ? await buildExecutable(out, executableName(app.name), app.identifier) : undefined
  return { outDir: out, frontend, backend: bundle.entry, packages, executable, bytes, ms: performance.now() - began }
}

/** Vite's production build, copied into the output at the same path relative to the app as its own outDir. */
async function buildFrontend(config: ResolvedConfig, out: string, conditions: readonly string[]): Promise<string> {
  const vite = await importTool<typeof import('vite')>('vite', 'causeway build')
  const configFile = config.frontend.viteConfig ?? findViteConfig(config.root)
  const inline: import('vite').InlineConfig = {
    configFile,
    mode: 'production',
    ...((config.frontend.root !== undefined || configFile === false) && { root: config.frontend.root ?? config.root }),
    ...(conditions.length > 0 && { resolve: { conditions: [...vite.defaultClientConditions, ...conditions] } }),
    logLevel: 'warn',
  }
  const resolved = await vite.resolveConfig(inline, 'build', 'production')
  const outDir = config.frontend.outDir ?? resolve(resolved.root, resolved.build.outDir)
  const at = relative(config.root, outDir)
  if (at === '' || at.startsWith('..') || isAbsolute(at)) {
    throw new CliError(
      'Config',
      `the frontend's build output (${outDir}) must be a folder inside the app, as createApp({ frontendDist }) names it; set build.outDir in the Vite config or frontend.outDir in causeway.config.ts`,
    )
  }
  try {
    // Into the app's own outDir first, as `vite build` does, so `npm start` runs on it too.
    await vite.build({ ...inline, ...(config.frontend.outDir !== undefined && { build: { outDir, emptyOutDir: true } }) })
  } catch (error) {
    throw new CliError('BuildFailed', `the frontend did not build: ${(error as Error).message}`, { cause: error })
  }
  await cp(outDir, join(out, at), { recursive: true })
  return at
}

/** The entry and the frozen app config: the built app has the same name, version and identifier as the source. */
async function writeOutputFiles(root: string, out: string, backend: string): Promise<AppConfig> {
  const app = resolveAppConfig({ root })
  const manifest = {
    name: app.name,
    version: app.version,
    private: true,
    type: 'module',
    description: `${app.name} ${app.version}, built by causeway build: run \`node ${APP_ENTRY}\``,
    causeway: { identifier: app.identifier },
    engines: { node: '>=20.19' },
    scripts: { start: `node ${APP_ENTRY}` },
  }
  await writeFile(join(out, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`)
  const specifier = `./${backend.split('\\').join('/')}`
  await writeFile(
    join(out, APP_ENTRY),
    `#!/usr/bin/env node
// ${app.name} ${app.version}, built by \`causeway build\`. Needs Node.js 20.19 or later, and Chromium,
// Chrome or Edge to open its window (CHROME_PATH names one); --no-open prints the window's URL instead.
process.env.NODE_ENV ??= 'production'
await import(${JSON.stringify(specifier)})
`,
    { mode: 0o755 },
  )
  // The output is rebuilt at will: keep it out of version control without touching the app's .gitignore.
  await writeFile(join(out, '.gitignore'), '*\n')
  return app
}

/** `@acme/notes` → `notes`: a file name for the executable. */
function executableName(name: string): string {
  return name.replace(/^@[^/]+\//, '').replace(/[^A-Za-z0-9._-]+/g, '-') || 'app'
}

async function sizeOf(dir: string): Promise<number> {
  let total = 0
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size
  }
  return total
}
