/**
 * File system scopes: which absolute paths a call may touch. A requested path is refused outright
 * if it carries tricks (NUL, `..`, percent-encoded separators); otherwise it is made absolute and
 * its symlinks are resolved, and only then compared with the scope, so neither `..` nor a link
 * can lead outside. Deny entries cover the whole tree below what they match and always win.
 */
import { lstat, readdir, readlink, realpath } from 'node:fs/promises'
import { basename, dirname, isAbsolute, join, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import picomatch from 'picomatch'
import { CausewayError } from '../../core/errors.ts'
import type { AppPaths, CommandScope } from '../../plugin-kit.ts'
import { baseDirectoryPath, scopeVariables } from './base-directory.ts'
import type { RuntimeGrant } from './runtime-scope.ts'

/** A scope entry split into a directory to resolve symlinks in and a glob below it. */
export interface ScopePattern {
  /** Absolute directory (or file) the glob is relative to; its symlinks are resolved before matching. */
  anchor: string
  /** Glob under `anchor`; '' matches the anchor itself. */
  glob: string
  /** The entry as written, for messages. */
  text: string
}

export interface CheckPathOptions {
  /** Tauri `BaseDirectory` number that a relative path is resolved against. */
  baseDir?: unknown
  /** Run-time grants of the calling window (see runtime-scope.ts). */
  grants?: readonly RuntimeGrant[]
  /**
   * Resolve a symlink in the last component (default). Off for operations that act on the link
   * itself (remove, rename, lstat), so removing a link never removes what it points to.
   */
  followFinal?: boolean
}

const ENCODED = /%(2f|5c|00)/i
const MAX_LINKS = 40

function refuse(message: string): CausewayError {
  return new CausewayError('Forbidden', message)
}

/**
 * Splits a scope entry (`{ path: "$APPDATA/**" }` or a bare string) into anchor and glob. A
 * malformed entry throws `Forbidden`: ignoring a bad deny entry would fail open.
 *
 * @example
 * scopePattern({ path: '$APPDATA/notes/*.md' }, paths) // { anchor: paths.appData, glob: 'notes/*.md', ... }
 */
export function scopePattern(entry: unknown, paths: AppPaths): ScopePattern {
  const text = typeof entry === 'string' ? entry : (entry as { path?: unknown } | null)?.path
  if (typeof text !== 'string' || text === '' || text.includes('\0')) {
    throw refuse(`malformed fs scope entry ${JSON.stringify(entry)}: expected { "path": "$APPDATA/**" }`)
  }
  const variable = /^\$([A-Z]+)(?=[/\\]|$)/.exec(text)
  if (variable) {
    const field = scopeVariables[variable[0]]
    if (field === undefined) {
      throw refuse(`fs scope entry "${text}" uses unknown variable ${variable[0]}; known: ${Object.keys(scopeVariables).join(', ')}`)
    }
    return { anchor: resolve(paths[field]), glob: text.slice(variable[0].length).replace(/^[/\\]+/, ''), text }
  }
  if (!isAbsolute(text)) throw refuse(`fs scope entry "${text}" must be absolute or start with a variable such as $APPDATA`)
  const scan = picomatch.scan(text)
  return { anchor: resolve(scan.base === '' ? '/' : scan.base), glob: scan.glob, text }
}

/** The patterns a run-time grant stands for: the path itself, and with `recursive` its whole tree. */
function grantPatterns(grant: RuntimeGrant): ScopePattern[] {
  const itself = { anchor: grant.path, glob: '', text: grant.path }
  return grant.recursive ? [itself, { anchor: grant.path, glob: '**', text: `${grant.path}/**` }] : [itself]
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code
  return code === 'ENOENT' || code === 'ENOTDIR'
}

/**
 * The path with every symlink resolved, including in components that do not exist yet: those
 * are appended as they are. A dangling link is followed by hand, because writing through it
 * would create its target.
 *
 * @example
 * await resolveReal('/tmp/app/new-dir/file.txt') // '/private/tmp/app/new-dir/file.txt' on macOS
 */
export async function resolveReal(path: string, budget = MAX_LINKS): Promise<string> {
  if (budget <= 0) throw Object.assign(new Error(`too many levels of symbolic links: ${path}`), { code: 'ELOOP' })
  try {
    return await realpath(path)
  } catch (error) {
    if (!isMissing(error)) throw error
  }
  const parent = dirname(path)
  if (parent === path) return path
  const realParent = await resolveReal(parent, budget - 1)
  const info = await lstat(path).catch(() => undefined)
  if (info?.isSymbolicLink()) return resolveReal(resolve(realParent, await readlink(path)), budget - 1)
  return join(realParent, basename(path))
}

/** `@tauri-apps/plugin-fs` passes URL objects as `file:` strings. */
function fromFileUrl(url: string): string {
  try {
    return fileURLToPath(url)
  } catch (error) {
    throw new CausewayError('InvalidArgs', `invalid file URL ${JSON.stringify(url)}: ${(error as Error).message}`)
  }
}

/** picomatch reads these characters as glob syntax; in a real directory name they are literal. */
function escapeGlob(path: string): string {
  const posix = sep === '\\' ? path.replace(/\\/g, '/') : path.replace(/[\\*?[\]{}()!+@|,^$]/g, '\\$&')
  return posix
}

function toPosix(path: string): string {
  return sep === '\\' ? path.replace(/\\/g, '/') : path
}

/** Compiled matchers, keyed by the final pattern; few distinct ones exist per app. */
const matchers = new Map<string, (path: string) => boolean>()

function matcher(pattern: string): (path: string) => boolean {
  let match = matchers.get(pattern)
  if (!match) {
    if (matchers.size > 1000) matchers.clear()
    match = picomatch(pattern, { dot: true })
    matchers.set(pattern, match)
  }
  return match
}

/**
 * Checks paths against one scope. Build one per call: it resolves each scope anchor's symlinks
 * once and reuses them for every path the call touches.
 */
export class PathGuard {
  private readonly allow: ScopePattern[]
  private readonly deny: ScopePattern[]
  private readonly anchors = new Map<string, Promise<string>>()

  constructor(
    scope: CommandScope,
    private readonly paths: AppPaths,
    grants: readonly RuntimeGrant[] = [],
  ) {
    this.allow = [...scope.allow.map((e) => scopePattern(e, paths)), ...grants.flatMap(grantPatterns)]
    this.deny = scope.deny.map((e) => scopePattern(e, paths))
  }

  private async compiled(pattern: ScopePattern): Promise<(path: string) => boolean> {
    let anchor = this.anchors.get(pattern.anchor)
    if (!anchor) {
      anchor = resolveReal(pattern.anchor)
      this.anchors.set(pattern.anchor, anchor)
    }
    const base = escapeGlob(await anchor).replace(/\/$/, '')
    return matcher(pattern.glob === '' ? base || '/' : `${base}/${pattern.glob}`)
  }

  private async matchesAny(patterns: readonly ScopePattern[], real: string): Promise<ScopePattern | undefined> {
    for (const pattern of patterns) if ((await this.compiled(pattern))(toPosix(real))) return pattern
    return undefined
  }

  /** The deny entry covering `real` or one of its ancestors, if any. */
  private async denied(real: string): Promise<ScopePattern | undefined> {
    if (this.deny.length === 0) return undefined
    for (let current = real; ; current = dirname(current)) {
      const hit = await this.matchesAny(this.deny, current)
      if (hit || dirname(current) === current) return hit
    }
  }

  /** Whether a deny entry covers this real path or one of its ancestors. */
  async isDenied(real: string): Promise<boolean> {
    return (await this.denied(real)) !== undefined
  }

  /** Throws `Forbidden` unless the resolved path is allowed and not denied. */
  async assertAllowed(real: string, shown: string): Promise<void> {
    const deny = await this.denied(real)
    if (deny) throw refuse(`path denied by the fs scope: ${shown} (deny entry "${deny.text}")`)
    if (!(await this.matchesAny(this.allow, real))) throw refuse(`path outside the fs scope: ${shown}`)
  }

  /**
   * Validates, resolves and checks one requested path; returns the real absolute path to use.
   *
   * @example
   * const real = await guard.check(args.path, { baseDir: args.options?.baseDir })
   */
  async check(requested: unknown, options: Omit<CheckPathOptions, 'grants'> = {}): Promise<string> {
    if (typeof requested !== 'string' || requested === '') {
      throw new CausewayError('InvalidArgs', `expected a non-empty path string, got ${JSON.stringify(requested)}`)
    }
    const shown = JSON.stringify(requested)
    if (requested.includes('\0')) throw refuse(`path contains a NUL byte: ${shown}`)
    // Paths are never URL-decoded, so an encoded separator can only be an attempt to smuggle one.
    if (ENCODED.test(requested)) throw refuse(`path contains a percent-encoded separator: ${shown}`)
    if (requested.split(/[/\\]/).includes('..')) throw refuse(`path contains a \`..\` component: ${shown}`)
    const path = requested.startsWith('file:') ? fromFileUrl(requested) : requested
    let absolute: string
    if (isAbsolute(path)) absolute = resolve(path)
    else if (options.baseDir !== undefined && options.baseDir !== null)
      absolute = resolve(baseDirectoryPath(options.baseDir, this.paths), path)
    else throw new CausewayError('InvalidArgs', `relative path ${shown} needs options.baseDir (e.g. BaseDirectory.AppData)`)
    const real =
      options.followFinal === false ? join(await resolveReal(dirname(absolute)), basename(absolute)) : await resolveReal(absolute)
    await this.assertAllowed(real, shown)
    return real
  }

  /**
   * Checks every entry below a real directory, for operations that carry a whole tree along
   * (recursive remove, renaming a directory): a denied file inside must stop them.
   *
   * @example
   * if (options.recursive) await guard.checkTree(real)
   */
  async checkTree(realDir: string): Promise<void> {
    const entries = await readdir(realDir, { recursive: true })
    for (const entry of entries) await this.assertAllowed(join(realDir, entry), JSON.stringify(join(realDir, entry)))
  }
}

/**
 * Resolves `requested` (absolute, or relative to `options.baseDir`) and returns its real path if
 * the scope allows it; throws `CausewayError('Forbidden')` otherwise, `InvalidArgs` for a bad
 * argument. For several paths in one call, build a `PathGuard` instead.
 *
 * @example
 * const real = await checkPath(args.path, ctx.scope, ctx.app.paths, { baseDir: args.options?.baseDir })
 * return readFile(real, 'utf8')
 */
export async function checkPath(requested: unknown, scope: CommandScope, paths: AppPaths, options: CheckPathOptions = {}): Promise<string> {
  const { grants, ...rest } = options
  return new PathGuard(scope, paths, grants).check(requested, rest)
}
