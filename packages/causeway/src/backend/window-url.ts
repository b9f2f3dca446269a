/**
 * What a window may be opened on. A path on the app's own server gets the window's credential;
 * an external http(s) page opens without any (as Tauri opens external URLs), unless a capability's
 * `remote.urls` trusts its origin. Everything else is refused before a window exists.
 */
import { CausewayError } from '../core/errors.ts'

/** Where a window's page comes from. */
export type WindowTarget = { kind: 'app'; path: string } | { kind: 'remote'; url: string; trusted: boolean }

/**
 * Checks a window URL. `origin` is the app server's (or '' before it listens).
 *
 * @example
 * windowTarget('/settings', 'http://127.0.0.1:4000', () => false) // { kind: 'app', path: '/settings' }
 * windowTarget('//evil.example/steal', ...) // throws InvalidArgs
 */
export function windowTarget(url: string, origin: string, isTrustedOrigin: (origin: string) => boolean): WindowTarget {
  const refuse = (why: string): never => {
    throw new CausewayError('InvalidArgs', `window url ${JSON.stringify(url.slice(0, 200))} is refused: ${why}`)
  }
  if (typeof url !== 'string' || url.length === 0) return refuse('it is empty')
  if ([...url].some((c) => c === '\\' || c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f))
    return refuse('it holds a backslash or a control character')
  if (url.startsWith('/')) {
    if (url.startsWith('//')) return refuse('a protocol-relative URL leaves the app; write https://host/... to open an external page')
    const base = origin || 'http://app.invalid'
    const resolved = new URL(url, base)
    if (resolved.origin !== new URL(base).origin) return refuse('it does not stay on the app server')
    return { kind: 'app', path: resolved.pathname + resolved.search + resolved.hash }
  }
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return refuse('it is neither a path on the app server ("/page") nor an absolute http(s) URL')
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return refuse(`${parsed.protocol} URLs cannot be opened as windows`)
  if (parsed.username || parsed.password) return refuse('it carries credentials')
  if (origin && parsed.origin === origin) return { kind: 'app', path: parsed.pathname + parsed.search + parsed.hash }
  return { kind: 'remote', url: parsed.href, trusted: isTrustedOrigin(parsed.origin) }
}
