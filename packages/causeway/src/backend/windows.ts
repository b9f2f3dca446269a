/**
 * The app's windows: each label has a secret token, minted by the server, that its page presents
 * when it connects. The token is how the server, not the page, decides a connection's label.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { TOKEN_QUERY } from '../core/protocol.ts'
import type { WindowInfo } from './app-handle.ts'

const LABEL = /^[A-Za-z0-9\-/:_]+$/

interface WindowRecord {
  label: string
  token: string
  url: string
  title: string
}

export class WindowRegistry {
  private readonly byLabel = new Map<string, WindowRecord>()
  private origin = ''

  constructor(private readonly isConnected: (label: string) => boolean) {}

  /** Set once the server listens; launch URLs are built from it. */
  setOrigin(origin: string): void {
    this.origin = origin
  }

  add(label: string, url = '/', title = ''): WindowRecord {
    if (!LABEL.test(label)) throw new TypeError(`invalid window label ${JSON.stringify(label)}: use letters, digits, -, /, : and _`)
    if (this.byLabel.has(label)) throw new TypeError(`a window labelled \`${label}\` already exists`)
    if (!url.startsWith('/')) throw new TypeError(`window url must be a path on the app's server, got ${JSON.stringify(url)}`)
    const record = { label, token: randomBytes(24).toString('base64url'), url, title }
    this.byLabel.set(label, record)
    return record
  }

  /** The label a token belongs to, compared in constant time. */
  labelForToken(token: string): string | undefined {
    const given = Buffer.from(token)
    for (const record of this.byLabel.values()) {
      const expected = Buffer.from(record.token)
      if (given.length === expected.length && timingSafeEqual(given, expected)) return record.label
    }
    return undefined
  }

  has(label: string): boolean {
    return this.byLabel.has(label)
  }

  title(label: string): string {
    return this.record(label).title
  }

  setTitle(label: string, title: string): void {
    this.record(label).title = title
  }

  private record(label: string): WindowRecord {
    const record = this.byLabel.get(label)
    if (!record) throw new TypeError(`no window labelled \`${label}\``)
    return record
  }

  launchUrl(label: string): string {
    const record = this.record(label)
    const url = new URL(record.url, this.origin)
    url.searchParams.set(TOKEN_QUERY, record.token)
    return url.href
  }

  info(label: string): WindowInfo {
    // Launch URLs exist once the server listens; a window registered before run() has none yet.
    return { label, connected: this.isConnected(label), launchUrl: this.origin ? this.launchUrl(label) : '' }
  }

  list(): WindowInfo[] {
    return [...this.byLabel.keys()].map((label) => this.info(label))
  }
}
