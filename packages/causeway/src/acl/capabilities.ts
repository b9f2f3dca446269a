/**
 * Turns capability inputs into compiled capabilities: validated, identifiers made canonical,
 * window globs and origin patterns compiled once so matching a caller is cheap.
 */
import picomatch from 'picomatch'
import { type CapabilityProblem, suggest } from './capability-error.ts'
import { capabilityFileSchema, type PlatformName, parseWith } from './file-schema.ts'
import type { PermissionRegistry } from './permission-registry.ts'
import { isTauriPlugin } from './tauri-catalog.ts'
import type { CapabilityInput } from './types.ts'

/** One permission reference in a capability, with the scope the capability adds to it. */
export interface Grant {
  /** Canonical identifier of a permission or set. */
  identifier: string
  allow: readonly unknown[]
  deny: readonly unknown[]
  /** The capability it came from, for explanations. */
  capability: string
}

export interface CompiledCapability {
  identifier: string
  source: string
  windows: readonly string[]
  matchesWindow: (label: string) => boolean
  /** Applies to the app's own pages. */
  local: boolean
  /** Compiled `remote.urls`; empty when the capability has none. */
  remote: readonly RegExp[]
  grants: readonly Grant[]
}

/** A capability names a permission of a plugin Tauri publishes that this app has not installed. */
export interface MissingTauriPlugin {
  plugin: string
  identifier: string
  /** The capability file. */
  source: string
}

/**
 * The Tauri plugin an unknown identifier belongs to, when it is one Tauri publishes and no plugin
 * of that name is installed; a typo (`fss:default`) or a permission an installed plugin lacks is
 * not one.
 */
function missingTauriPlugin(identifier: string, registry: PermissionRegistry): string | undefined {
  const colon = identifier.indexOf(':')
  const plugin = colon === -1 ? '' : identifier.slice(0, colon)
  return isTauriPlugin(plugin) && !registry.prefixes.has(plugin) ? plugin : undefined
}

/**
 * Maps Node's `process.platform` to Tauri's platform names. Platforms Tauri has no name for
 * (freebsd, aix, ...) stay as they are, so no `platforms` list can match them by accident.
 *
 * @example
 * platformName('darwin') // 'macOS'
 */
export function platformName(platform: string): PlatformName | string {
  const names: Record<string, PlatformName> = { linux: 'linux', darwin: 'macOS', win32: 'windows', android: 'android' }
  return names[platform] ?? platform
}

/**
 * Compiles `https://*.example.com` (optionally followed by `/`, `/*` or `/**`) into a regular
 * expression over page origins. `*` stays within one host label or port. A pattern with a real
 * path is refused: the host only knows the caller's origin, so a path could not be enforced and
 * would silently grant the whole origin.
 *
 * @example
 * compileOriginPattern('https://*.example.com').test('https://app.example.com') // true
 */
export function compileOriginPattern(pattern: string): RegExp | string {
  const trimmed = pattern.replace(/\/(\*\*?)?$/, '')
  const match = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]+)$/i.exec(trimmed)
  if (!match) return 'expected an origin pattern such as "https://*.example.com" (scheme://host[:port], no path)'
  const host = match[2] ?? ''
  if (!/^[a-z0-9.*\-[\]:]+$/i.test(host)) return `host "${host}" contains characters that cannot appear in an origin`
  const body = trimmed.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/:]*')
  return new RegExp(`^${body}$`, 'i')
}

/** Stands in for `/` while matching labels; labels cannot contain it. */
const SLASH = '\u2215'

/**
 * Labels may contain `/`, which picomatch treats as a path separator that `*` does not cross.
 * Labels are not paths: if `*` stopped at `/`, a deny capability for `*` would miss `tools/a`.
 * So `/` is swapped for a character labels cannot contain, on both sides, before matching.
 *
 * @example
 * windowMatcher(['*'])('tools/inspector') // true
 */
export function windowMatcher(globs: readonly string[]): (label: string) => boolean {
  const unslash = (text: string) => text.replaceAll('/', SLASH)
  const isMatch = picomatch(globs.map(unslash), { dot: true })
  return (label) => isMatch(unslash(label))
}

/** A window glob compiles, or the reason it does not. */
function compileWindowGlob(glob: string): string | undefined {
  if (glob.trim() === '') return 'empty window glob'
  try {
    picomatch.makeRe(glob, { strictBrackets: true })
    return undefined
  } catch (error) {
    return `malformed window glob "${glob}": ${(error as Error).message}`
  }
}

/**
 * Compiles an event name glob. Event names contain `/` and `:`, which path globs treat as
 * separators; here `*` matches any run of characters, so a deny of `secret-*` also covers
 * `secret-a/b`. `?` matches one character; nothing else is special.
 *
 * @example
 * compileEventGlob('job-*').test('job-42/progress') // true
 */
export function compileEventGlob(glob: string): RegExp | string {
  if (!/^[A-Za-z0-9\-/:_*?]+$/.test(glob)) {
    return 'event globs may contain only letters, digits, -, /, :, _ and the wildcards * and ?'
  }
  return new RegExp(`^${glob.replace(/\*/g, '.*').replace(/\?/g, '.')}$`)
}

/** The glob of an event scope entry (`{ event: "job-*" }`), or undefined for any other shape. */
export function eventGlobOf(entry: unknown): string | undefined {
  const event = typeof entry === 'object' && entry !== null ? (entry as { event?: unknown }).event : undefined
  return typeof event === 'string' ? event : undefined
}

/** Event scope entries must be `{ event: "<glob>" }`; anything else would be silently ignored. */
function checkEventEntries(entries: readonly unknown[], source: string, at: string, problems: CapabilityProblem[]): void {
  entries.forEach((entry, i) => {
    const glob = eventGlobOf(entry)
    if (glob === undefined) {
      problems.push({ source, at: `${at}[${i}]`, problem: 'event scope entries look like { "event": "job-*" }' })
      return
    }
    const compiled = compileEventGlob(glob)
    if (typeof compiled === 'string')
      problems.push({ source, at: `${at}[${i}].event`, problem: `malformed event glob "${glob}": ${compiled}` })
  })
}

/**
 * Validates and compiles capabilities, recording problems. Capabilities for other platforms are
 * validated too (a typo should not wait for the other OS) and then left out. A permission of a
 * Tauri plugin that is not installed grants nothing and is recorded in `missing` (only for
 * capabilities of this platform: the others grant nothing here anyway).
 *
 * @example
 * const caps = compileCapabilities([{ identifier: 'main', windows: ['main'], permissions: ['allow-greet'] }], registry, 'linux', problems)
 */
export function compileCapabilities(
  inputs: readonly CapabilityInput[],
  registry: PermissionRegistry,
  platform: string,
  problems: CapabilityProblem[],
  missing: MissingTauriPlugin[] = [],
): CompiledCapability[] {
  const seen = new Map<string, string>()
  const out: CompiledCapability[] = []
  const schema = capabilityFileSchema()
  inputs.forEach((input, index) => {
    const { source = `capabilities[${index}]`, ...raw } = input
    const before = problems.length
    const file = parseWith(schema, raw, source, problems)
    if (!file) return
    const earlier = seen.get(file.identifier)
    if (earlier !== undefined) {
      problems.push({ source, at: 'identifier', problem: `duplicate capability identifier "${file.identifier}" (also in ${earlier})` })
    }
    seen.set(file.identifier, source)
    file.windows.forEach((glob, i) => {
      const wrong = compileWindowGlob(glob)
      if (wrong) problems.push({ source, at: `windows[${i}]`, problem: wrong })
    })
    const remote: RegExp[] = []
    ;(file.remote?.urls ?? []).forEach((url, i) => {
      const compiled = compileOriginPattern(url)
      if (typeof compiled === 'string')
        problems.push({ source, at: `remote.urls[${i}]`, problem: `malformed URL pattern "${url}": ${compiled}` })
      else remote.push(compiled)
    })
    const here = !file.platforms || file.platforms.some((p) => p === platform)
    const grants: Grant[] = []
    file.permissions.forEach((entry, i) => {
      const reference = typeof entry === 'string' ? entry : entry.identifier
      const at = typeof entry === 'string' ? `permissions[${i}]` : `permissions[${i}].identifier`
      const identifier = registry.canonical(reference)
      const plugin = identifier === undefined ? missingTauriPlugin(reference, registry) : undefined
      if (plugin !== undefined) {
        if (here) missing.push({ plugin, identifier: reference, source })
        return
      }
      if (identifier === undefined) {
        problems.push({ source, at, problem: `unknown permission "${reference}"`, suggestions: suggest(reference, registry.spellings()) })
        return
      }
      const allow = typeof entry === 'string' ? [] : (entry.allow ?? [])
      const deny = typeof entry === 'string' ? [] : (entry.deny ?? [])
      if (registry.expand(identifier).some((p) => p.owner === 'event')) {
        checkEventEntries(allow, source, `permissions[${i}].allow`, problems)
        checkEventEntries(deny, source, `permissions[${i}].deny`, problems)
      }
      grants.push({ identifier, allow, deny, capability: file.identifier })
    })
    if (problems.length > before || !here) return
    // Tauri's `local` defaults to true even with `remote`; here a capability that names remote
    // URLs applies only to them unless it says `local: true`, so granting a remote page
    // something never quietly widens what the app's own pages get (and vice versa).
    const local = file.local ?? file.remote === undefined
    const matchesWindow = windowMatcher(file.windows)
    out.push({ identifier: file.identifier, source, windows: file.windows, matchesWindow, local, remote, grants })
  })
  return out
}
