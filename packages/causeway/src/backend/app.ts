/**
 * `createApp`: commands, plugins, state and windows, put together behind one app handle.
 */
import { join } from 'node:path'
import { compileOriginPattern } from '../acl/capabilities.ts'
import { capabilitySchema, createAccessPolicy, loadCapabilityDir, loadPermissionDir } from '../acl/index.ts'
import type { AccessPolicy, CapabilityInput, PermissionFileInput } from '../acl/types.ts'
import { TOKEN_QUERY } from '../core/protocol.ts'
import { type EmitTarget, normalizeTarget } from '../core/targets.ts'
import { injectTauriScript, TAURI_SCRIPT_PATH, tauriPageScript } from '../tauri/serve.ts'
import type { AppHandle, EventHandler, EventMap, WindowInfo, WindowOptions } from './app-handle.ts'
import { findBrowser, hasDisplay, launchWindow } from './browser-launcher.ts'
import type { CommandMap, Plugin } from './context.ts'
import { type Host, startHost } from './host.ts'
import { appPaths } from './paths.ts'
import { type Logger, Runtime } from './runtime.ts'
import { attachWebSocket } from './websocket-transport.ts'
import { windowPlugin } from './window-plugin.ts'
import { WindowRegistry } from './windows.ts'

/** Type-only description of the events an app emits and listens to. */
export type EventTypes<E extends EventMap> = { readonly '~events'?: E }

/**
 * Declares event payload types for the typed client; it has no runtime content.
 *
 * @example
 * createApp({ commands, events: defineEvents<{ 'job-progress': number; 'job-done': null }>() })
 */
export function defineEvents<E extends EventMap>(): EventTypes<E> {
  return {}
}

export interface AppOptions<C extends CommandMap, S, E extends EventMap> {
  /** Commands by the name the frontend invokes them with. */
  commands: C
  plugins?: Plugin[]
  /** Managed state, handed to every handler as `ctx.state`. */
  state?: S
  events?: EventTypes<E>
  /** Reverse-domain identifier; names the app's data directories. Default `dev.causeway.app`. */
  identifier?: string
  /** Directory of the built frontend, served at `/`. */
  frontendDist?: string
  /** The app's bundled resources (`$RESOURCE` in scopes). Default: the parent of frontendDist. */
  resourceDir?: string
  /**
   * Capability files (a directory of `.json`/`.toml` files) or capabilities written inline.
   * Nothing is allowed that no capability grants.
   */
  capabilities?: string | CapabilityInput[]
  /** The app's own permission files (a directory, or inline), referenced by capabilities. */
  permissions?: string | PermissionFileInput[]
  /** A ready-made policy instead of capabilities (tests, custom rules). */
  policy?: AccessPolicy
  /** Development mode: stacks, suggestions and warnings. Default: NODE_ENV is not `production`. */
  dev?: boolean
  logger?: Logger
  /** Windows created at start; default one window labelled `main` at `/`. */
  windows?: WindowOptions[]
  /** End the process when the last window Causeway opened is closed. Default true. */
  exitOnLastWindowClose?: boolean
  /** Extra browser flags when opening windows (tests pass `--headless`). */
  browserArgs?: string[]
  /** Largest message accepted from a page. Default 256 MiB. */
  maxPayload?: number
  /**
   * Provide the `@tauri-apps/api` page contract (`window.__TAURI_INTERNALS__`) in served pages, so
   * frontends written for Tauri run unmodified. Default true.
   */
  tauriCompat?: boolean
}

export interface RunOptions {
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number
  /** Open the windows in a browser. Default true unless the command line has `--no-open`. */
  open?: boolean
  /** Print nothing. */
  quiet?: boolean
}

export interface RunningApp {
  /** The server's origin, `http://127.0.0.1:<port>`. */
  url: string
  /** The URL that opens the `main` window (or the first window), token included. */
  launchUrl: string
  close(): Promise<void>
}

export interface App<C extends CommandMap = CommandMap, S = unknown, E extends EventMap = EventMap> extends AppHandle<S, E> {
  /** Type-only: lets `createClient<typeof app>()` see commands and events. */
  readonly '~types'?: { commands: C; events: E }
  /** Starts serving; opens the windows unless told not to. */
  run(options?: RunOptions): Promise<RunningApp>
  /** Stops serving and drops every connection. */
  close(): Promise<void>
  /** The JSON Schema for this app's capability files: every valid permission, for editor completion. */
  capabilitySchema(): Record<string, unknown>
}

function pluginManifests(plugins: Plugin[] = []) {
  return plugins.map((p) => ({ name: p.name, commands: Object.keys(p.commands), ...(p.permissions && { permissions: p.permissions }) }))
}

/** Reads and validates the capabilities; throws `CapabilityError` naming file and place. */
async function loadAccess(options: AppOptions<CommandMap, unknown, EventMap>, dev: boolean) {
  const capabilities =
    typeof options.capabilities === 'string' ? await loadCapabilityDir(options.capabilities) : (options.capabilities ?? [])
  const permissionFiles =
    typeof options.permissions === 'string' ? await loadPermissionDir(options.permissions) : (options.permissions ?? [])
  const policy =
    options.policy ??
    createAccessPolicy({
      capabilities,
      permissionFiles,
      appCommands: Object.keys(options.commands),
      plugins: pluginManifests(options.plugins),
      // The host decides which origins are the app's own; the policy trusts its `local` flag.
      appOrigins: [],
      dev,
    })
  // Validated by createAccessPolicy above, so the shape is known here.
  const remote = capabilities
    .flatMap((c) => (c['remote'] as { urls?: string[] } | undefined)?.urls ?? [])
    .map((url) => compileOriginPattern(url))
  const isRemoteOriginAllowed = (origin: string) => remote.some((pattern) => typeof pattern !== 'string' && pattern.test(origin))
  return { policy, isRemoteOriginAllowed }
}

/** Nothing is reachable before `run()` has loaded the capabilities. */
const DENY_UNTIL_RUN: AccessPolicy = {
  checkCommand: () => ({ allowed: false, reason: 'the app is not running yet' }),
  checkEvent: () => ({ allowed: false, reason: 'the app is not running yet' }),
}

/**
 * Creates an app from its commands.
 *
 * @example
 * const app = createApp({ commands: { greet: ({ name }: { name: string }) => `Hello, ${name}!` } })
 * await app.run()
 */
export function createApp<C extends CommandMap, S = undefined, E extends EventMap = EventMap>(options: AppOptions<C, S, E>): App<C, S, E> {
  const dev = options.dev ?? process.env['NODE_ENV'] !== 'production'
  const log = options.logger ?? console
  const identifier = options.identifier ?? 'dev.causeway.app'
  const paths = appPaths(identifier, options.resourceDir ?? (options.frontendDist ? join(options.frontendDist, '..') : process.cwd()))
  // The registry asks the runtime who is connected; the runtime's window plugin uses the registry.
  let runtime: Runtime
  const windows = new WindowRegistry((label) => runtime.connectedLabels().has(label))
  runtime = new Runtime({
    commands: options.commands,
    plugins: options.plugins ?? [],
    builtins: (r) => [windowPlugin(r, windows, () => app)],
    policy: DENY_UNTIL_RUN,
    dev,
    log,
  })
  let host: Host | undefined
  let openWindows = false
  let openedAny = false
  let exitTimer: ReturnType<typeof setTimeout> | undefined

  async function openWindow(label: string): Promise<void> {
    const browser = findBrowser()
    const headless = (options.browserArgs ?? []).some((arg) => arg.startsWith('--headless'))
    if (!browser || !(headless || hasDisplay())) {
      log.info(`[causeway] open window \`${label}\` at ${windows.launchUrl(label)}`)
      return
    }
    await launchWindow({
      browser,
      url: windows.launchUrl(label),
      profileDir: join(paths.appCache, 'window-profile'),
      args: options.browserArgs ?? [],
    })
    openedAny = true
  }

  // A reload closes and reopens a connection; only a window gone for a while counts as closed.
  runtime.onSession((event) => {
    clearTimeout(exitTimer)
    if (event !== 'close' || !openedAny || options.exitOnLastWindowClose === false) return
    exitTimer = setTimeout(() => {
      if (runtime.connectedLabels().size > 0) return
      log.info('[causeway] the last window closed; exiting')
      void app.close().then(() => process.exit(0))
    }, 2000)
    exitTimer.unref()
  })

  const app: App<C, S, E> = {
    dev,
    paths,
    state: options.state as S,
    emit(event, payload) {
      runtime.hub.emit(event, payload ?? null, { kind: 'Any' })
    },
    emitTo(target: EmitTarget, event, payload) {
      runtime.hub.emit(event, payload ?? null, normalizeTarget(target))
    },
    listen(event, handler) {
      const id = runtime.hub.addBackendListener(event, handler as EventHandler)
      return () => void runtime.hub.remove(id)
    },
    once(event, handler) {
      const id = runtime.hub.addBackendListener(event, (e) => {
        runtime.hub.remove(id)
        ;(handler as EventHandler)(e)
      })
      return () => void runtime.hub.remove(id)
    },
    unlisten(id) {
      runtime.hub.remove(id)
    },
    listenerCount(event, window) {
      return runtime.hub.count(event, window)
    },
    async createWindow(window: WindowOptions): Promise<WindowInfo> {
      windows.add(window.label, window.url, window.title)
      if (host && openWindows) await openWindow(window.label)
      return windows.info(window.label)
    },
    windows: () => windows.list(),
    async run(run: RunOptions = {}) {
      if (host) throw new Error('app.run() was called twice')
      const access = await loadAccess(options as AppOptions<CommandMap, unknown, EventMap>, dev)
      runtime.policy = access.policy
      host = await startHost(
        {
          frontendDist: options.frontendDist,
          labelForToken: (token) => windows.labelForToken(token),
          isRemoteOriginAllowed: access.isRemoteOriginAllowed,
          onConnection: (socket, caller) => attachWebSocket(runtime, socket, caller),
          maxPayload: options.maxPayload ?? 256 * 1024 * 1024,
          ...(options.tauriCompat !== false && {
            // The launch URL's token tells which window this page is, so the Tauri contract can
            // answer getCurrentWindow() synchronously on first load.
            transformHtml: (html: string, request: URL) => {
              const token = request.searchParams.get(TOKEN_QUERY)
              return injectTauriScript(html, token ? windows.labelForToken(token) : undefined)
            },
            assets: { [TAURI_SCRIPT_PATH]: async () => ({ body: await tauriPageScript(), type: 'text/javascript; charset=utf-8' }) },
          }),
        },
        run.port ?? 0,
      )
      windows.setOrigin(host.origin)
      const initial = options.windows ?? [{ label: 'main' }]
      // A window created before run() with the same label as an initial one is that window.
      for (const window of initial) if (!windows.has(window.label)) windows.add(window.label, window.url, window.title)
      openWindows = run.open ?? !process.argv.includes('--no-open')
      const first = initial[0]?.label ?? 'main'
      const launchUrl = windows.launchUrl(first)
      if (openWindows) for (const window of initial) await openWindow(window.label)
      else if (!run.quiet) log.info(`[causeway] serving at ${host.origin}\n[causeway] open the main window at ${launchUrl}`)
      return { url: host.origin, launchUrl, close: () => app.close() }
    },
    capabilitySchema() {
      return capabilitySchema({ appCommands: Object.keys(options.commands), plugins: pluginManifests(options.plugins) })
    },
    async close() {
      clearTimeout(exitTimer)
      runtime.stop()
      await host?.close()
      host = undefined
    },
  }
  runtime.handle = app as AppHandle<unknown>
  return app
}
