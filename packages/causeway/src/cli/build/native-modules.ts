/**
 * Packages that cannot be bundled: native modules (a compiled `.node` addon, found by its
 * `binding.gyp` or `prebuilds/`) and those the config lists in `build.external`. The bundle
 * imports them by name, and they are copied into the output's `node_modules` with their
 * dependencies, without their C sources and build intermediates.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { cp, mkdir } from 'node:fs/promises'
import { isBuiltin } from 'node:module'
import { dirname, join, relative, sep } from 'node:path'
import type { Plugin } from 'esbuild'

/** `@scope/name/sub/path` → `@scope/name`. */
export function packageName(specifier: string): string {
  const parts = specifier.split('/')
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string)
}

/** The package folder a resolved file belongs to, by walking up to its package.json. */
function packageRoot(file: string, name: string): string | undefined {
  let dir = dirname(file)
  for (;;) {
    const manifest = join(dir, 'package.json')
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === name) return dir
      } catch {
        // An unreadable package.json on the way up is not the one looked for.
      }
    }
    const parent = dirname(dir)
    if (parent === dir) return undefined
    dir = parent
  }
}

function isNative(root: string): boolean {
  if (existsSync(join(root, 'binding.gyp')) || existsSync(join(root, 'prebuilds'))) return true
  const release = join(root, 'build', 'Release')
  return existsSync(release) && readdirSync(release).some((file) => file.endsWith('.node'))
}

/**
 * Keeps native and listed packages out of the bundle; `found` collects their folders by name.
 *
 * @example
 * const found = new Map<string, string>()
 * await esbuild.build({ ..., plugins: [externalPackages(['sharp'], found)] })
 * await copyPackages(found, join(out, 'node_modules'))
 */
export function externalPackages(listed: readonly string[], found: Map<string, string>): Plugin {
  const verdicts = new Map<string, boolean>()
  return {
    name: 'causeway:external-packages',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.pluginData === 'causeway:external-packages' || isBuiltin(args.path)) return undefined
        const name = packageName(args.path)
        const resolved = await build.resolve(args.path, {
          kind: args.kind,
          resolveDir: args.resolveDir,
          importer: args.importer,
          pluginData: 'causeway:external-packages',
        })
        if (resolved.errors.length > 0 || resolved.external || !resolved.path) return undefined
        const root = packageRoot(resolved.path, name)
        if (!root) return undefined
        let external = verdicts.get(root)
        if (external === undefined) verdicts.set(root, (external = listed.includes(name) || isNative(root)))
        if (!external) return undefined
        found.set(name, root)
        return { path: args.path, external: true }
      })
    },
  }
}

/** What a native package does not need at run time. */
function runtimeFile(root: string, native: boolean) {
  return (source: string): boolean => {
    const path = relative(root, source)
    if (path === '') return true
    const [top] = path.split(sep)
    if (top === 'node_modules' || top === '.github' || top === 'test' || top === 'tests' || top === 'docs') return false
    if (!native) return true
    if (top === 'deps' || top === 'src') return false
    if (/\.(?:c|cc|cpp|cxx|h|hh|hpp|gyp|gypi|o|a|lib|obj|mk)$/.test(path) || path.endsWith('Makefile')) return false
    // Of a node-gyp build, only the addon itself (and the folders leading to it) is needed.
    if (top === 'build') return path === 'build' || path === join('build', 'Release') || path.endsWith('.node')
    return true
  }
}

/**
 * Copies each package in `packages` and, recursively, its `dependencies` into `nodeModules`.
 * Resolves with the names copied.
 */
export async function copyPackages(packages: ReadonlyMap<string, string>, nodeModules: string): Promise<string[]> {
  const copied = new Set<string>()
  const queue = [...packages].map(([name, root]) => ({ name, root, native: true }))
  while (queue.length > 0) {
    const { name, root, native } = queue.shift() as (typeof queue)[number]
    if (copied.has(name)) continue
    copied.add(name)
    const target = join(nodeModules, name)
    await mkdir(dirname(target), { recursive: true })
    await cp(root, target, { recursive: true, dereference: true, filter: runtimeFile(root, native && isNative(root)) })
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> }
    for (const dependency of Object.keys(manifest.dependencies ?? {})) {
      const found = findInstalled(dependency, root)
      if (found) queue.push({ name: dependency, root: found, native: false })
    }
  }
  return [...copied]
}

/** Where Node would find package `name` from `from`: the nearest `node_modules/<name>` above it. */
function findInstalled(name: string, from: string): string | undefined {
  let dir = from
  for (;;) {
    const candidate = join(dir, 'node_modules', name)
    if (existsSync(join(candidate, 'package.json'))) return candidate
    const parent = dirname(dir)
    if (parent === dir) return undefined
    dir = parent
  }
}
