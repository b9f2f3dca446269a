/**
 * Window credentials. A window is launched with a launch token: single-use, and dead after
 * `launchTtlMs` (10 minutes) even unused. Redeeming it gives the page a session credential bound
 * to the window, which the page keeps out of URLs and uses to reconnect and to reload; it dies
 * when the window closes. So no credential that ever appeared in a URL bar, on a command line or
 * in a log opens a connection after its first use.
 *
 * For a `dev` supervisor that restarts the backend under an open window, the session credentials
 * can be exported and handed to the new backend, which then accepts the same pages as the same
 * windows. Production keeps them in memory only.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'

/** What a connection presented. */
export interface Credential {
  kind: 'launch' | 'session'
  token: string
}

/** Session credentials by window label, for a restarted backend to accept. Treat as a secret. */
export interface ExportedCredentials {
  sessions: Record<string, string>
}

/** Launch tokens one window may hold unused at once; minting more drops the oldest. */
const MAX_LAUNCH_TOKENS = 16

function mint(): string {
  return randomBytes(24).toString('base64url')
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

export class CredentialTable {
  private readonly launch: Array<{ token: string; label: string; expires: number; minted: number }> = []
  private minted = 0
  private readonly sessions = new Map<string, string>()

  /** `onChange` hears of every change to the session credentials (a `dev` supervisor keeps them across restarts). */
  constructor(private readonly options: { launchTtlMs: number; now: () => number; onChange?: () => void }) {}

  /** A new single-use launch token for `label`. */
  mintLaunch(label: string): string {
    const token = mint()
    this.launch.push({ token, label, expires: this.options.now() + this.options.launchTtlMs, minted: ++this.minted })
    const own = this.launch.filter((entry) => entry.label === label)
    if (own.length > MAX_LAUNCH_TOKENS) this.launch.splice(this.launch.indexOf(own[0] as (typeof own)[number]), 1)
    return token
  }

  /** The window a credential would open, without using it up (the host names the window in served pages). */
  peek(credential: Credential): string | undefined {
    if (credential.kind === 'session') {
      for (const [label, token] of this.sessions) if (same(token, credential.token)) return label
      return undefined
    }
    const now = this.options.now()
    return this.launch.find((entry) => entry.expires > now && same(entry.token, credential.token))?.label
  }

  /**
   * Uses a credential: a launch token is spent and the window gets a fresh session credential
   * (an older page of that window loses its own); a session credential is returned as is.
   * Undefined when the credential is unknown, spent or expired.
   */
  redeem(credential: Credential): { label: string; session: string } | undefined {
    if (credential.kind === 'session') {
      const label = this.peek(credential)
      return label === undefined ? undefined : { label, session: credential.token }
    }
    this.expire()
    const index = this.launch.findIndex((entry) => same(entry.token, credential.token))
    if (index < 0) return undefined
    const [entry] = this.launch.splice(index, 1)
    const label = (entry as { label: string }).label
    const session = mint()
    this.sessions.set(label, session)
    this.options.onChange?.()
    return { label, session }
  }

  /** A mark that orders launch tokens: those minted later compare greater. */
  mark(): number {
    return this.minted
  }

  /**
   * The window closed: its session credential dies, and so do its unused launch tokens minted up
   * to `mark` (all of them without one); a token minted since (the window opened again) stays.
   */
  revoke(label: string, mark = Number.POSITIVE_INFINITY): void {
    if (this.sessions.delete(label)) this.options.onChange?.()
    for (let i = this.launch.length - 1; i >= 0; i--) {
      const entry = this.launch[i]
      if (entry?.label === label && entry.minted <= mark) this.launch.splice(i, 1)
    }
  }

  export(): ExportedCredentials {
    return { sessions: Object.fromEntries(this.sessions) }
  }

  /** Accepts the session credentials a previous backend of this app handed out. */
  import(exported: ExportedCredentials): void {
    for (const [label, token] of Object.entries(exported.sessions)) this.sessions.set(label, token)
  }

  private expire(): void {
    const now = this.options.now()
    for (let i = this.launch.length - 1; i >= 0; i--) if ((this.launch[i]?.expires ?? 0) <= now) this.launch.splice(i, 1)
  }
}
