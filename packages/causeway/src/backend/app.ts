/**
 * The app: commands, plugins, state and windows put together once, in order, behind one app
 * handle. `createApp` builds what exists before the server runs (state, plugins, the command
 * table, the window registry); `run()` builds what needs the capabilities and the port (the
 * policy, the dispatcher, the host, the browser). Nothing is patched after construction.
 */
import { randomUUID } from 'node:crypto'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { compileOriginPattern } from '../acl/capabilities.ts'
import { capabilitySchema, createAccessPolicy, loadCapabilityDir, loadPermissionDir } from '../acl/index.ts'
import type { AccessPolicy, Caller, CapabilityInput, PermissionFileInput, PluginManifest } from '../acl/types.ts'
import { type BrowserDriver, findBrowser, hasDisplay, launchBrowser } from '../browser/index.ts'
import { TOKEN_QUERY } from '../core/protocol.ts'
import { type EmitTarget, normalizeTarget } from '../core/targets.ts'
import { fromRoot, resolveAppConfig } from './app-config.ts'
import type { AppHandle, EventHandler, EventMap, WindowInfo, WindowOptions } from './app-handle.ts'
import { BlockingMonitor } from './blocking.ts'
import type { CommandMap } from './context.ts'
import { CredentialTable, type ExportedCredentials } from './credentials.ts'
import { CommandTable, Dispatcher, type Logger } from './dispatcher.ts'
import { EventHub } from './event-hub.ts'
import { type Host, startHost } from './host.ts'
import { type Limits, resolveLimits } from './limits.ts'
import { injectScripts, pageScriptPath } from './page-scripts.ts'
import { appPaths } from './paths.ts'
import { type Plugin, type PluginContext, pluginCommandName } from './plugin.ts'
import { Session, type SessionHost, type Transport } from './session.ts'
import { StartupError, startupProblem } from './startup.ts'
import { type Supervision, supervisionFromProcess } from './supervised.ts'
import { CLOSE_RESTARTING } from './supervisor-protocol.ts'
import { attachWebSocket } from './websocket-transport.ts'
import { type AppWindow, WindowRegistry } from './windows.ts'

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
  // biome-ignore lint/suspicious/noExplicitAny: plugins of any state type
  plugins?: Plugin<any>[]
  /** Managed state, handed to every handler as `ctx.state`. */
  state?: S
  events?: EventTypes<E>
  /**
   * Reverse-domain identifier; names the app's data directories and browser profile. Default:
   * `causeway.identifier` in the app's package.json, else `dev.causeway.<package name>`.
   */
  identifier?: string
  /** The app's name and version. Default: its package.json's. */
  name?: string
  version?: string
  /**
   * Where relative paths (`frontendDist`, `capabilities`, ...) resolve from: the app's directory,
   * or a file in it (pass `import.meta.url`). Default: the directory of the package.json above the
   * entry script. Never the current directory.
   */
  root?: string | URL
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
  /**
   * Who may call the app's own commands. `'capabilities'` (default): only windows a capability
   * grants `allow-<command>`. `'tauri'`, for ports: Tauri's rule, where an app that declares no app
   * permissions has its commands allowed in its own pages that some capability applies to; which
   * commands that allows is printed at startup.
   */
  appCommandAccess?: 'capabilities' | 'tauri'
  /** Development mode: stacks, suggestions and warnings. Default: NODE_ENV is not `production`. */
  dev?: boolean
  logger?: Logger
  /** Windows created at start; default one window labelled `main` at `/`. */
  windows?: WindowOptions[]
  /** End the process when the last window Causeway opened is closed. Default true. */
  exitOnLastWindowClose?: boolean
  /** How long a window may be without a connection (a reload) before it counts as closed. Default 2000 ms. */
  windowCloseGraceMs?: number
  /** The browser to open windows in (tests hand one they launched). Default: one the app launches. */
  browser?: BrowserDriver
  /** Extra browser flags when the app launches its browser (`--headless` runs it without a display). */
  browserArgs?: string[]
  /** What windows, connections and the app may use; each has a documented default (SECURITY.md). */
  limits?: Partial<Limits>
  /** How long an unused launch URL stays valid. Default 10 minutes. */
  launchTtlMs?: number
  /** How often the backend pings each page; a page that misses a ping is disconnected. Default 15 s. */
  pingIntervalMs?: number
  /** Session credentials a previous backend of this app handed out (a `dev` supervisor passes them on a restart). */
  credentials?: ExportedCredentials
  /** The clock credentials expire by (tests pass their own). Default `Date.now`. */
  clock?: () => number
}

export interface RunOptions {
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number
  /** Open the windows in a browser. Default true unless the command line has `--no-open`. */
  open?: boolean
  /** Print nothing. */
  quiet?: boolean
  /**
   * What a startup problem (frontend not built, capability mistake, port in use) does: print one
   * line and end the process (`'exit'`, the default; set CAUSEWAY_DEBUG=1 for the stack), or
   * reject `run()` with a `StartupError` (`'throw'`, for tests and embedders).
   */
  onStartupError?: 'exit' | 'throw'
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
  /**
   * Opens a connection as window `label` over `transport` (an in-memory pipe in tests, another
   * adapter), with the window's capabilities applied. Starts the app's access checks and plugins
   * if `run()` has not; needs no port. `causewayjs/testing`'s `connectInMemory` is built on it.
   */
  connectTransport(label: string, transport: Transport): Promise<{ receive(frame: string | Uint8Array): void; close(): void }>
  /** The session credentials of open windows, for a supervisor to hand to a restarted backend. A secret. */
  exportCredentials(): ExportedCredentials
  /** The JSON Schema for this app's capability files: every valid permission, for editor completion. */
  capabilitySchema(): Promise<Record<string, unknown>>
}

/** What the access policy needs to know of a plugin. */
// biome-ignore lint/suspicious/noExplicitAny: plugins of any state type
export function manifestOf(plugin: Plugin<any>): PluginManifest {
  return {
    name: plugin.name,
    commands: Object.keys(plugin.commands ?? {}),
    ...(plugin.permissions && { permissions: plugin.permissions }),
    ...(plugin.permissionPrefix && { prefix: plugin.permissionPrefix }),
  }
}

async function loadPermissionFiles(options: AppOptions<CommandMap, unknown, EventMap>): Promise<PermissionFileInput[]> {
  return typeof options.permissions === 'string' ? await loadPermissionDir(options.permissions) : (options.permissions ?? [])
}

/** Reads and validates the capabilities; throws `CapabilityError` naming file and place. */
async function loadAccess(options: AppOptions<CommandMap, unknown, EventMap>, plugins: readonly Plugin[], dev: boolean, log: Logger) {
  const capabilities =
    typeof options.capabilities === 'string' ? await loadCapabilityDir(options.capabilities) : (options.capabilities ?? [])
  const policy =
    options.policy ??
    createAccessPolicy({
      capabilities,
      permissionFiles: await loadPermissionFiles(options),
      appCommands: Object.keys(options.commands),
      plugins: plugins.map(manifestOf),
      // The host decides which origins are the app's own; the policy trusts its `local` flag.
      appOrigins: [],
      dev,
      ...(options.appCommandAccess && { appCommandAccess: options.appCommandAccess }),
      warn: (message) => log.warn(`[causeway] ${message}`),
    })
  // Validated by createAccessPolicy above, so the shape is known here.
  const remote = capabilities
    .flatMap((c) => (c['remote'] as { urls?: string[] } | undefined)?.urls ?? [])
    .map((url) => compileOriginPattern(url))
  const isRemoteOriginAllowed = (origin: string) => remote.some((pattern) => typeof pattern !== 'string' && pattern.test(origin))
  return { policy, isRemoteOriginAllowed }
}

/** What exists once the app has started (run, or connected in process). */
interface Started {
  access: { policy: AccessPolicy; isRemoteOriginAllowed: (origin: string) => boolean }
  sessions: Set<Session>
  openSession: (caller: Caller, transport: Transport, session: string) => Session
}

/** What exists only while the app runs. */
interface Running {
  host: Host
  sessions: Set<Session>
  browser: BrowserDriver | undefined
  /** Whether the app launched `browser` itself (and so closes it). */
  ownsBrowser: boolean
  /** Remote origins a capability trusts (`remote.urls`). */
  isRemoteOriginAllowed: (origin: string) => boolean
  opening: boolean
}

/**
 * Builds an app from its options and the built-in plugins the public `createApp` adds first.
 * Not public: `createApp` in the package entry is.
 */
export function assembleApp<C extends CommandMap, S, E extends EventMap>(
  given: AppOptions<C, S, E>,
  builtins: readonly Plugin[],
): App<C, S, E> {
  const config = resolveAppConfig(given)
  const options: AppOptions<C, S, E> = {
    ...given,
    ...(typeof given.capabilities === 'string' && { capabilities: fromRoot(config, given.capabilities) }),
    ...(typeof given.permissions === 'string' && { permissions: fromRoot(config, given.permissions) }),
    ...(given.frontendDist !== undefined && { frontendDist: fromRoot(config, given.frontendDist) }),
    ...(given.resourceDir !== undefined && { resourceDir: fromRoot(config, given.resourceDir) }),
  }
  const dev = options.dev ?? process.env['NODE_ENV'] !== 'production'
  const log = options.logger ?? console
  const paths = appPaths(config.identifier, options.resourceDir ?? (options.frontendDist ? join(options.frontendDist, '..') : config.root))
  const plugins: readonly Plugin[] = [...builtins, ...(options.plugins ?? [])]
  const limits = resolveLimits(options.limits)
  const hub = new EventHub(
    (event, error) => log.error(`[causeway] a backend listener of \`${event}\` threw:`, error),
    limits.maxEventNameLength,
  )
  const blocking = new BlockingMonitor((message) => log.warn(`[causeway] ${message}`), dev)
  const contexts = new Map<string, PluginContext>()
  let running: Running | undefined
  let stopping: Promise<void> | undefined
  let openedAny = false
  /** `run({ quiet })`: nothing printed but problems. */
  let quiet = false

  /** Calls one hook of every plugin; a throwing hook is logged and does not stop the others. */
  const each = (hook: 'onWindowOpen' | 'onWindowReload' | 'onWindowClose', window: AppWindow): void => {
    for (const plugin of plugins) {
      try {
        plugin[hook]?.(window, contexts.get(plugin.name) as PluginContext)
      } catch (error) {
        log.error(`[causeway] plugin \`${plugin.name}\` ${hook} threw:`, error)
      }
    }
  }

  /** Set when `causeway dev` runs this backend: see `supervised.ts`. */
  let supervision: Supervision | undefined
  /** Windows a previous backend had open, which this one takes over without announcing them as new. */
  const continuing = new Set<string>()
  const credentials = new CredentialTable({
    launchTtlMs: options.launchTtlMs ?? 10 * 60_000,
    now: options.clock ?? Date.now,
    onChange: () => supervision?.credentialsChanged(credentials.export()),
  })
  if (options.credentials) credentials.import(options.credentials)
  /** Identifies this backend to its pages: after a reconnect, a new one means the backend restarted. */
  const instance = randomUUID()
  const windows = new WindowRegistry({
    closeGraceMs: options.windowCloseGraceMs ?? 2000,
    credentials,
    isTrustedOrigin: (origin) => running?.isRemoteOriginAllowed(origin) ?? false,
    onResourceError: (label, rid, error) => log.error(`[causeway] closing resource ${rid} of window \`${label}\` failed:`, error),
    lifecycle: {
      open: (window) => {
        if (!quiet && !continuing.delete(window.label)) log.info(`[causeway] window \`${window.label}\` opened`)
        each('onWindowOpen', window)
      },
      reload: (window) => each('onWindowReload', window),
      close: (window) => {
        if (!quiet) log.info(`[causeway] window \`${window.label}\` closed`)
        each('onWindowClose', window)
        if (!openedAny || options.exitOnLastWindowClose === false || windows.connectedLabels().length > 0 || stopping) return
        log.info('[causeway] the last window closed; exiting')
        void app.close().then(() => process.exit(0))
      },
    },
  })

  async function openWindow(window: AppWindow, state: Running): Promise<void> {
    if (!state.browser) {
      log.info(
        `[causeway] no Chromium or Chrome to open window \`${window.label}\` in (install chromium, or set CHROME_PATH to one); open it yourself at ${window.launchUrl}`,
      )
      return
    }
    await state.browser.open({ label: window.label, url: window.launchUrl })
    openedAny = true
  }

  /** The app's own browser, launched once, unless it was handed one or cannot show a window. */
  async function browserFor(): Promise<{ browser: BrowserDriver | undefined; owns: boolean }> {
    if (options.browser) return { browser: options.browser, owns: false }
    const executablePath = findBrowser()
    const headless = (options.browserArgs ?? []).some((arg) => arg.startsWith('--headless'))
    if (!executablePath || !(headless || hasDisplay())) return { browser: undefined, owns: false }
    const browser = await launchBrowser({
      executablePath,
      headless,
      userDataDir: join(paths.appCache, 'window-profile'),
      args: (options.browserArgs ?? []).filter((arg) => !arg.startsWith('--headless')),
    })
    return { browser, owns: true }
  }

  const initialWindows = options.windows ?? [{ label: 'main' }]
  let hosting = false
  let started: Promise<Started> | undefined

  /**
   * What connections need: the policy from the capabilities, the dispatcher, the plugins set up,
   * the initial windows. Once per app; `run()` and in-process connections share it.
   */
  function start(): Promise<Started> {
    started ??= (async () => {
      const access = await loadAccess(options as AppOptions<CommandMap, unknown, EventMap>, plugins, dev, log)
      const dispatcher = new Dispatcher({ commands, policy: access.policy, blocking, dev })
      for (const plugin of plugins) await plugin.setup?.(contexts.get(plugin.name) as PluginContext)
      // A window created before with the same label as an initial one is that window.
      for (const window of initialWindows) if (!windows.has(window.label)) windows.add(window.label, window.url, window.title)
      const sessions = new Set<Session>()
      const sessionHost: SessionHost = {
        app: app as AppHandle<unknown>,
        dispatcher,
        hub,
        dev,
        log,
        limits,
        closed(session) {
          sessions.delete(session)
          windows.detach(session.label, session)
        },
      }
      const openSession = (caller: Caller, transport: Transport, session: string): Session => {
        // One live connection per window: the newer page replaces the older.
        for (const old of [...sessions]) if (old.label === caller.label) old.replace()
        const window = windows.get(caller.label) as AppWindow
        const opened = new Session(sessionHost, caller, window, transport, { session, instance })
        sessions.add(opened)
        windows.attach(caller.label, opened)
        return opened
      }
      return { access, sessions, openSession }
    })()
    return started
  }

  /** `run()` itself: the host, the browser, the windows. Startup problems throw; `run()` words them. */
  async function serve(run: RunOptions): Promise<RunningApp> {
    quiet = run.quiet === true
    // Under `causeway dev` the dev server serves the frontend and the supervisor owns the browser.
    supervision = dev ? await supervisionFromProcess(scriptPaths) : undefined
    if (supervision) credentials.import(supervision.credentials)
    for (const label of Object.keys(supervision?.credentials.sessions ?? {})) continuing.add(label)
    if (!supervision && options.frontendDist !== undefined && !existsSync(join(options.frontendDist, 'index.html'))) {
      throw new StartupError(
        `the frontend is not built: ${options.frontendDist} has no index.html. Build it first (npm run build), or point frontendDist in createApp at the build output`,
      )
    }
    const { access, sessions, openSession } = await start()
    // Windows the previous backend opened at run time come back under their labels.
    for (const label of continuing) if (!windows.has(label)) windows.add(label)
    const host = await startHost(
      {
        frontendDist: supervision ? undefined : options.frontendDist,
        ...(supervision && { ownOrigins: [supervision.origin] }),
        identify: (credential) => credentials.peek(credential),
        isRemoteOriginAllowed: access.isRemoteOriginAllowed,
        onConnection: (socket, caller, credential) => {
          const redeemed = credentials.redeem(credential)
          // Two upgrades raced with one launch token: the second finds it spent.
          if (redeemed?.label !== caller.label) return socket.close(4003, 'this window credential was already used')
          attachWebSocket(socket, options.pingIntervalMs ?? 15_000, (transport) => openSession(caller, transport, redeemed.session))
        },
        maxPayload: limits.maxFrameBytes,
        // One live connection per window (a newer one replaces the older), so only the total is bounded here.
        admit: () =>
          sessions.size >= limits.maxConnections
            ? `the app has ${limits.maxConnections} connections already (limits.maxConnections)`
            : undefined,
        transformHtml: (html, request) => {
          // The launch URL's token tells which window the page is for, so page scripts know their label at once.
          const token = request.searchParams.get(TOKEN_QUERY)
          return injectScripts(html, scriptPaths, token ? credentials.peek({ kind: 'launch', token }) : undefined)
        },
        route: (request) => route(request),
      },
      run.port ?? 0,
    )
    windows.setOrigin(supervision?.origin ?? host.origin)
    const open = supervision ? supervision.browser !== undefined : (run.open ?? !process.argv.includes('--no-open'))
    const { browser, owns } = supervision
      ? { browser: supervision.browser, owns: false }
      : open
        ? await browserFor()
        : { browser: undefined, owns: false }
    running = { host, sessions, browser, ownsBrowser: owns, opening: open, isRemoteOriginAllowed: access.isRemoteOriginAllowed }
    browser?.onWindowClosed((label) => windows.closed(label))
    const launchUrl = windows.launchUrl(initialWindows[0]?.label ?? 'main')
    if (open) for (const window of windows.list()) await openWindow(windows.get(window.label) as AppWindow, running)
    else if (!run.quiet && !supervision) log.info(`[causeway] open the main window at ${launchUrl}`)
    supervision?.onStop(() => shutdown({ code: CLOSE_RESTARTING, reason: 'the backend is restarting' }))
    supervision?.ready({ origin: host.origin, launchUrl })
    return { url: host.origin, launchUrl, close: () => app.close() }
  }

  /** Stops everything; open sockets are cut off, or closed with `farewell` (a restart under `causeway dev`). */
  async function shutdown(farewell?: { code: number; reason: string }): Promise<void> {
    stopping ??= (async () => {
      const state = running
      const begun = started ? await started.catch(() => undefined) : undefined
      blocking.stop()
      windows.stop()
      for (const session of [...(begun?.sessions ?? [])]) session.close()
      if (state?.ownsBrowser) await state.browser?.close().catch(() => {})
      await state?.host.close(farewell)
      if (begun) for (const plugin of plugins) await plugin.teardown?.(contexts.get(plugin.name) as PluginContext)
    })()
    await stopping
    running = undefined
  }

  const app: App<C, S, E> = {
    dev,
    paths,
    config,
    limits,
    state: options.state as S,
    get browser() {
      return running?.browser
    },
    emit(event, payload) {
      hub.emit(event, payload ?? null, { kind: 'Any' })
    },
    emitTo(target: EmitTarget, event, payload) {
      hub.emit(event, payload ?? null, normalizeTarget(target))
    },
    listen(event, handler) {
      const id = hub.addBackendListener(event, handler as EventHandler)
      return () => void hub.remove(id)
    },
    once(event, handler) {
      const id = hub.addBackendListener(event, (e) => {
        hub.remove(id)
        ;(handler as EventHandler)(e)
      })
      return () => void hub.remove(id)
    },
    unlisten(id) {
      hub.remove(id)
    },
    listenerCount(event, window) {
      return hub.count(event, window)
    },
    async createWindow(window: WindowOptions): Promise<WindowInfo> {
      const created = windows.add(window.label, window.url, window.title)
      if (running?.opening) await openWindow(created, running)
      return windows.info(window.label)
    },
    windows: () => windows.list(),
    window: (label) => windows.get(label),
    plugin: <PS>(name: string) => contexts.get(name) as PluginContext<PS> | undefined,
    async run(run: RunOptions = {}) {
      if (running || hosting) throw new Error('app.run() was called twice')
      hosting = true
      try {
        return await serve(run)
      } catch (error) {
        const problem = startupProblem(error, { root: config.root, port: run.port ?? 0 })
        if (run.onStartupError === 'throw') throw problem
        log.error(`[causeway] cannot start ${config.name}: ${problem.message}`)
        if (process.env['CAUSEWAY_DEBUG']) log.error(error)
        process.exit(1)
      }
    },
    async connectTransport(label, transport) {
      const { openSession } = await start()
      if (!windows.has(label))
        throw new TypeError(`no window labelled \`${label}\`: create it first (createApp({ windows }) or app.createWindow)`)
      const redeemed = credentials.redeem({ kind: 'launch', token: credentials.mintLaunch(label) })
      if (!redeemed) throw new Error(`could not open a connection for window \`${label}\``)
      const session = openSession({ label, origin: '', local: true }, transport, redeemed.session)
      return { receive: (frame) => session.receive(frame), close: () => session.close() }
    },
    exportCredentials: () => credentials.export(),
    async capabilitySchema() {
      const permissionFiles = await loadPermissionFiles(options as AppOptions<CommandMap, unknown, EventMap>)
      return capabilitySchema({ appCommands: Object.keys(options.commands), plugins: plugins.map(manifestOf), permissionFiles })
    },
    close: () => shutdown(),
  }

  // Plugins come after the handle they are given, and commands after the plugins they belong to.
  for (const plugin of plugins) {
    if (contexts.has(plugin.name)) throw new TypeError(`two plugins are named \`${plugin.name}\``)
    contexts.set(plugin.name, { name: plugin.name, app, state: plugin.state?.(app) })
  }
  const commands = new CommandTable()
  for (const [name, command] of Object.entries(options.commands)) commands.add(name, command)
  for (const plugin of plugins) {
    for (const [name, command] of Object.entries(plugin.commands ?? {}))
      commands.add(pluginCommandName(plugin.name, name), command as never, contexts.get(plugin.name))
  }
  const scripted = plugins.filter((plugin) => plugin.pageScript)
  const scriptPaths = scripted.map((plugin) => pageScriptPath(plugin.name))

  /** `/__causeway/plugin/<name>/<path>`: a page script or a plugin route. */
  function route(request: Request): Promise<Response> | undefined {
    const match = /^\/__causeway\/plugin\/([^/]+)\/(.+)$/.exec(new URL(request.url).pathname)
    if (!match) return undefined
    const name = decodeURIComponent(match[1] as string)
    const plugin = plugins.find((p) => p.name === name)
    const context = contexts.get(name)
    if (!plugin || !context) return undefined
    if (match[2] === 'page.js' && plugin.pageScript) {
      const script = plugin.pageScript
      return Promise.resolve(script.source()).then(
        (body) => new Response(body, { headers: { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-cache' } }),
      )
    }
    const handler = plugin.routes?.[match[2] as string]
    return handler ? Promise.resolve(handler(request, context)) : undefined
  }

  return app
}
