/**
 * The app's windows and their lifecycle. Each label has a secret token, minted by the server,
 * that its page presents when it connects: the server, not the page, decides a connection's
 * label. A window opens when its first connection arrives, reloads when a connection replaces
 * another, and closes when it has had none for a grace period (or the browser says it closed).
 */
import { CausewayError } from '../core/errors.ts'
import { TOKEN_QUERY } from '../core/protocol.ts'
import type { WindowInfo } from './app-handle.ts'
import type { CredentialTable } from './credentials.ts'
import { ResourceTable } from './resources.ts'
import { type WindowTarget, windowTarget } from './window-url.ts'

const LABEL = /^[A-Za-z0-9\-/:_]+$/

/** A window of the app, as plugins and handlers see it. */
export interface AppWindow {
  readonly label: string
  /** The title set by `createWindow` or `setTitle` ('' when none was set). */
  readonly title: string
  /** Whether a page holds an open connection for this window now. */
  readonly connected: boolean
  /**
   * A URL that opens this window, with a fresh single-use launch token when the page is the app's
   * ('' before `run()`). Each read mints a new token. Keep it private.
   */
  readonly launchUrl: string
  /** Resources plugins keep for this window; closed when the window closes. */
  readonly resources: ResourceTable
  /** Records a new title (the window plugin shows it in the page). */
  setTitle(title: string): void
  /** Sends `payload` to the page part of plugin `plugin` in every live connection of this window. */
  post(plugin: string, payload: unknown): void
}

/** What the registry needs of a live connection. */
export interface LiveConnection {
  post(plugin: string, payload: unknown): void
}

/** Lifecycle notifications, in the order they happen for a window. */
export interface WindowLifecycle {
  open(window: AppWindow): void
  reload(window: AppWindow): void
  close(window: AppWindow): void
}

class WindowRecord implements AppWindow {
  readonly connections = new Set<LiveConnection>()
  readonly resources: ResourceTable
  /** Set while the last connection is gone but the grace period has not run out. */
  closeTimer: ReturnType<typeof setTimeout> | undefined
  /** Whether open() was reported and close() not yet. */
  open = false
  /** The credential mark when the last connection left (see CredentialTable.mark). */
  leftAt: number | undefined
  title: string

  constructor(
    readonly label: string,
    readonly target: WindowTarget,
    title: string,
    private readonly registry: WindowRegistry,
    onResourceError: (rid: number, error: unknown) => void,
    nextRid: () => number,
  ) {
    this.title = title
    this.resources = new ResourceTable(onResourceError, nextRid)
  }

  get connected(): boolean {
    return this.connections.size > 0
  }

  get launchUrl(): string {
    return this.registry.launchUrl(this.label)
  }

  setTitle(title: string): void {
    this.title = title
  }

  post(plugin: string, payload: unknown): void {
    for (const connection of this.connections) connection.post(plugin, payload)
  }
}

export interface WindowRegistryOptions {
  lifecycle: WindowLifecycle
  /** How long a window may have no connection before it counts as closed (a reload takes a moment). */
  closeGraceMs: number
  credentials: CredentialTable
  /** Whether a remote origin is trusted with a window credential (a capability's `remote.urls`). */
  isTrustedOrigin: (origin: string) => boolean
  onResourceError: (label: string, rid: number, error: unknown) => void
}

export class WindowRegistry {
  private readonly byLabel = new Map<string, WindowRecord>()
  private origin = ''
  /** Resource ids are unique across the app's windows. */
  private nextRid = 1

  constructor(private readonly options: WindowRegistryOptions) {}

  /** Set once the server listens; launch URLs are built from it. */
  setOrigin(origin: string): void {
    this.origin = origin
  }

  /** Registers a window; refuses a bad label, a taken one, or a URL no window may open (see window-url.ts). */
  add(label: string, url = '/', title = ''): AppWindow {
    if (typeof label !== 'string' || !LABEL.test(label) || label.length > 128) {
      throw new CausewayError(
        'InvalidArgs',
        `invalid window label ${JSON.stringify(String(label).slice(0, 130))}: use up to 128 letters, digits, -, /, : and _`,
      )
    }
    if (this.byLabel.has(label)) throw new CausewayError('InvalidArgs', `a window labelled \`${label}\` already exists`)
    const target = windowTarget(url, this.origin, this.options.isTrustedOrigin)
    const record = new WindowRecord(
      label,
      target,
      title,
      this,
      (rid, error) => this.options.onResourceError(label, rid, error),
      () => this.nextRid++,
    )
    this.byLabel.set(label, record)
    return record
  }

  has(label: string): boolean {
    return this.byLabel.has(label)
  }

  get(label: string): AppWindow | undefined {
    return this.byLabel.get(label)
  }

  private record(label: string): WindowRecord {
    const record = this.byLabel.get(label)
    if (!record) throw new TypeError(`no window labelled \`${label}\``)
    return record
  }

  /** A URL that opens the window: with a fresh launch token for the app's pages and trusted remote ones. */
  launchUrl(label: string): string {
    const { target } = this.record(label)
    if (target.kind === 'remote' && !target.trusted) return target.url
    if (target.kind === 'app' && !this.origin) return ''
    const url = new URL(target.kind === 'app' ? target.path : target.url, this.origin || undefined)
    url.searchParams.set(TOKEN_QUERY, this.options.credentials.mintLaunch(label))
    return url.href
  }

  info(label: string): WindowInfo {
    const record = this.record(label)
    const registry = this
    return {
      label,
      connected: record.connected,
      get launchUrl() {
        return registry.launchUrl(label)
      },
    }
  }

  list(): WindowInfo[] {
    return [...this.byLabel.keys()].map((label) => this.info(label))
  }

  /** Labels with at least one live connection. */
  connectedLabels(): string[] {
    return [...this.byLabel.values()].filter((r) => r.connected).map((r) => r.label)
  }

  /** A connection for `label` arrived: the window opened, or its page loaded again. */
  attach(label: string, connection: LiveConnection): AppWindow {
    const record = this.record(label)
    const reload = record.open && (record.connected || record.closeTimer !== undefined)
    clearTimeout(record.closeTimer)
    record.closeTimer = undefined
    record.connections.add(connection)
    if (reload) this.options.lifecycle.reload(record)
    else if (!record.open) {
      record.open = true
      this.options.lifecycle.open(record)
    }
    return record
  }

  /** A connection closed; the window closes if no other arrives within the grace period. */
  detach(label: string, connection: LiveConnection): void {
    const record = this.byLabel.get(label)
    if (!record?.connections.delete(connection) || record.connected) return
    record.leftAt = this.options.credentials.mark()
    record.closeTimer = setTimeout(() => this.closed(label), this.options.closeGraceMs)
    record.closeTimer.unref()
  }

  /** The window is gone for good (the grace period ran out, or the browser reported it closed). */
  closed(label: string): void {
    const record = this.byLabel.get(label)
    if (!record) return
    clearTimeout(record.closeTimer)
    record.closeTimer = undefined
    if (!record.open || record.connected) return
    record.open = false
    // Launch URLs minted after the page left (the app opening the window again) stay valid.
    this.options.credentials.revoke(label, record.leftAt)
    void record.resources.closeAll().then(() => this.options.lifecycle.close(record))
  }

  /** Stops pending timers (the app is closing). */
  stop(): void {
    for (const record of this.byLabel.values()) clearTimeout(record.closeTimer)
  }
}
