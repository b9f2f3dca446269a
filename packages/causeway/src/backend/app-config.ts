/**
 * One app config: name, version, identifier and root, from the app's `package.json` unless
 * `createApp` says otherwise. The root is where every relative path in `createApp` resolves from
 * (never the current directory); the identifier names the data directory and browser profile, so
 * it is the app's own, never a shared default. A build freezes this config into its output.
 */
import { existsSync, readFileSync } from 'node:fs'
import { basename, dirname, isAbsolute, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export interface AppConfig {
  /** The app's name (package.json `name`, else its folder's name). */
  readonly name: string
  readonly version: string
  /** Reverse-domain identifier: names the data directories and the browser profile. */
  readonly identifier: string
  /** The directory relative paths resolve against: the one holding the app's package.json. */
  readonly root: string
}

export interface AppConfigOptions {
  name?: string
  version?: string
  identifier?: string
  /** The app's root, or a file in it (`import.meta.url` of the backend). Default: found from the entry script. */
  root?: string | URL
}

/** The nearest directory at or above `from` that holds a package.json, or undefined. */
function findPackageDir(from: string): string | undefined {
  let dir = from
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir
    const parent = dirname(dir)
    if (parent === dir) return undefined
    dir = parent
  }
}

function readPackage(dir: string | undefined): { name?: unknown; version?: unknown; causeway?: { identifier?: unknown } } {
  if (!dir) return {}
  try {
    return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
  } catch {
    return {}
  }
}

/** `@acme/notes-app` → `acme-notes-app`: what an identifier segment may hold. */
function segment(name: string): string {
  return (
    name
      .replace(/^@/, '')
      .replace(/[^A-Za-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .toLowerCase() || 'app'
  )
}

/**
 * Resolves the config: explicit options first, then the package.json found above the root (or
 * above the entry script), then the root folder's name.
 *
 * @example
 * resolveAppConfig({ root: import.meta.url }) // { name: 'notes', identifier: 'dev.causeway.notes', root: '/home/me/notes', ... }
 */
export function resolveAppConfig(options: AppConfigOptions, entry: string | undefined = process.argv[1]): AppConfig {
  const given = options.root instanceof URL || options.root?.startsWith('file:') ? fileURLToPath(options.root) : options.root
  const start = given ? resolve(given) : entry ? dirname(resolve(entry)) : process.cwd()
  const packageDir = findPackageDir(existsSync(start) && !start.endsWith('.ts') && !start.endsWith('.js') ? start : dirname(start))
  const root = given && existsSync(given) && !/\.[cm]?[jt]sx?$/.test(given) ? resolve(given) : (packageDir ?? process.cwd())
  const pkg = readPackage(packageDir)
  const name = options.name ?? (typeof pkg.name === 'string' ? pkg.name : basename(root))
  const identifier =
    options.identifier ?? (typeof pkg.causeway?.identifier === 'string' ? pkg.causeway.identifier : `dev.causeway.${segment(name)}`)
  const version = options.version ?? (typeof pkg.version === 'string' ? pkg.version : '0.0.0')
  return { name, version, identifier, root }
}

/** A path from `createApp` resolved against the app's root. */
export function fromRoot(config: AppConfig, path: string): string {
  return isAbsolute(path) ? path : join(config.root, path)
}
