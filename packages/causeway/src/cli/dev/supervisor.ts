/**
 * `causeway dev`: one long-running process that owns what must outlive a backend restart (Vite's
 * dev server with hot module replacement, the browser and its windows, the windows' credentials)
 * and runs the backend from TypeScript, restarting it when its files change. The open window
 * reconnects to each new backend as the same window; a backend that cannot start shows its error
 * in the terminal and over the page until the next save.
 */
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import { join, relative } from 'node:path'
import { performance } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'
import type { InlineConfig } from 'vite'
import { resolveAppConfig } from '../../backend/app-config.ts'
import type { ExportedCredentials } from '../../backend/credentials.ts'
import { appPaths } from '../../backend/paths.ts'
import { type BrowserDriver, findBrowser, hasDisplay, launchBrowser } from '../../browser/index.ts'
import { TOKEN_QUERY } from '../../core/protocol.ts'
import { nodeConditions } from '../conditions.ts'
import { CliError, importTool } from '../errors.ts'
import { appLabel, type ResolvedConfig } from '../load-config.ts'
import { BackendRun, type RunExit, WarmProcess } from './backend-process.ts'
import { BackendProxy } from './proxy.ts'
import { type BackendStatus, causewayDevPlugin } from './vite-plugin.ts'
import { watchFiles } from './watch.ts'

const VITE_CONFIG_FILES = ['vite.config.ts', 'vite.config.mts', 'vite.config.js', 'vite.config.mjs', 'vite.config.cts', 'vite.config.cjs']
/** Launch tokens remembered for the label they open (the page's `data-label`). */
const MAX_TOKENS = 64

export interface DevOptions {
  /** Open the windows in a browser (false: print the launch URL, `--no-open`). */
  open: boolean
  log?: (line: string) => void
}

/**
 * Runs `causeway dev` until Ctrl+C, the browser closing, or the app ending itself; resolves with
 * the exit code.
 *
 * @example
 * process.exitCode = await runDev(await loadConfig(process.cwd()), { open: true })
 */
export async function runDev(config: ResolvedConfig, options: DevOptions): Promise<number> {
  const log = options.log ?? ((line: string) => console.log(line))
  const vite = await importTool<typeof import('vite')>('vite', 'causeway dev')
  const tsxLoader = resolveTsx(config.root)
  const conditions = nodeConditions()
  const proxy = new BackendProxy()
  const tokens = new Map<string, string>()
  let pageScripts: string[] = []
  let status: BackendStatus = { state: 'starting' }
  const plugin = causewayDevPlugin(proxy, { pageScripts: () => pageScripts, labelOf: (token) => tokens.get(token), status: () => status })
  const announce = (next: BackendStatus) => {
    status = next
    plugin.announce(next)
  }

  const server = await vite.createServer(viteConfig(config, plugin, conditions, vite.defaultClientConditions))
  await server.listen()
  const port = (server.httpServer?.address() as AddressInfo | null)?.port
  if (port === undefined)
    throw new CliError('Config', 'the Vite dev server has no HTTP server: causeway dev needs Vite in server mode, not middleware mode')
  proxy.listening(port)
  const origin = `http://127.0.0.1:${port}`
  const browser = options.open ? await devBrowser(config, log) : undefined
  const shown = (path: string) => relative(config.root, path) || '.'
  log(
    `[causeway] dev: ${appLabel(config.root)} at ${origin} (Vite, hot module replacement); the backend ${shown(config.backend.entry)} ` +
      `restarts when ${config.backend.watch.map(shown).join(', ')} change`,
  )

  let credentials: ExportedCredentials = { sessions: {} }
  let current: BackendRun | undefined
  /** The process the next backend runs in, started while the current one runs. */
  let spare: WarmProcess | undefined
  const warmProcess = () => new WarmProcess({ cwd: config.root, tsxLoader, conditions })
  const takeSpare = () => {
    const warm = spare?.alive ? spare : warmProcess()
    spare = undefined
    return warm
  }
  const stopped = new WeakSet<BackendRun>()
  let announcedUrl = false
  let ending = false
  let finish: (code: number) => void = () => {}
  const finished = new Promise<number>((resolve) => (finish = resolve))

  const failed = (how: string, exit: RunExit) => {
    proxy.setTarget(undefined)
    announce({ state: 'failed', message: tidyError(exit.stderr, config.root) || `the backend ${how}` })
    log(`[causeway] the backend ${how}: fix it and save to try again (causeway dev keeps running)`)
  }

  const launch = async (since: number, changed: readonly string[] | undefined) => {
    announce({ state: 'starting' })
    const run: BackendRun = new BackendRun(takeSpare(), {
      entry: config.backend.entry,
      origin,
      credentials,
      browser,
      onCredentials: (next) => {
        if (current === run) credentials = next
      },
      onPageScripts: (paths) => {
        pageScripts = paths
      },
      onOpen: (label, url) => {
        const token = new URL(url).searchParams.get(TOKEN_QUERY)
        if (!token) return
        tokens.set(token, label)
        if (tokens.size > MAX_TOKENS) tokens.delete(tokens.keys().next().value as string)
      },
    })
    current = run
    let started = false
    void run.exited.then((exit) => {
      // Ending before it started is for the catch below to report.
      if (!started || current !== run || stopped.has(run) || ending) return
      if (exit.signal === 'SIGINT' || exit.signal === 'SIGTERM') return void shutdown(130)
      // Exiting by itself with 0 after it started is the app ending (its last window closed).
      if (exit.code === 0) return void shutdown(0)
      failed(`exited with ${exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`}`, exit)
    })
    try {
      const ready = await run.ready
      started = true
      proxy.setTarget(ready.origin)
      announce({ state: 'ready' })
      const ms = Math.round(performance.now() - since)
      log(
        changed
          ? `[causeway] ${describe(changed.map(shown))} changed: backend restarted in ${ms} ms`
          : `[causeway] backend started in ${ms} ms`,
      )
      if (!browser && !announcedUrl) {
        announcedUrl = true
        log(`[causeway] open the main window at ${ready.launchUrl}`)
      }
    } catch (exit) {
      if (current === run && !stopped.has(run) && !ending) failed('did not start', exit as RunExit)
    }
    // The next restart's process warms up now, while nothing else is starting.
    if (!ending) spare ??= warmProcess()
  }

  let queue = Promise.resolve()
  let pending: { since: number; files: Set<string> } | undefined
  const restart = (files: readonly string[]) => {
    if (ending) return
    if (pending) for (const file of files) pending.files.add(file)
    else {
      pending = { since: performance.now(), files: new Set(files) }
      queue = queue.then(async () => {
        const { since, files: changed } = pending as { since: number; files: Set<string> }
        pending = undefined
        const previous = current
        proxy.setTarget(undefined)
        if (previous) {
          stopped.add(previous)
          await previous.stop()
        }
        await closeUnclaimedWindows(browser, credentials)
        if (!ending) await launch(since, [...changed])
      })
      // A restart that failed in an unforeseen way is reported; the next save tries again.
      queue = queue.catch((error: unknown) => log(`[causeway] restarting the backend failed: ${(error as Error)?.message ?? error}`))
    }
  }

  const stopWatching = watchFiles(config.backend.watch, restart)
  const shutdown = async (code: number) => {
    if (ending) return
    ending = true
    stopWatching()
    proxy.close()
    spare?.kill()
    if (current) {
      stopped.add(current)
      await current.stop()
    }
    await server.close().catch(() => {})
    await browser?.close().catch(() => {})
    finish(code)
  }
  process.once('SIGINT', () => void shutdown(130))
  process.once('SIGTERM', () => void shutdown(143))
  browser?.cdp.onClose(() => {
    if (ending) return
    log('[causeway] the browser closed: stopping causeway dev')
    void shutdown(0)
  })

  await launch(performance.now(), undefined)
  return finished
}

/** The app's Vite config, with Causeway's plugin, on 127.0.0.1 only. */
function viteConfig(
  config: ResolvedConfig,
  plugin: ReturnType<typeof causewayDevPlugin>,
  conditions: readonly string[],
  defaultConditions: readonly string[],
): InlineConfig {
  const configFile = config.frontend.viteConfig ?? findViteConfig(config.root)
  return {
    configFile,
    ...((config.frontend.root !== undefined || configFile === false) && { root: config.frontend.root ?? config.root }),
    ...(config.frontend.outDir !== undefined && { build: { outDir: config.frontend.outDir } }),
    plugins: [plugin],
    server: { host: '127.0.0.1', ...(config.dev.port !== undefined && { port: config.dev.port }) },
    ...(conditions.length > 0 && { resolve: { conditions: [...defaultConditions, ...conditions] } }),
    clearScreen: false,
  }
}

/** The app's Vite config file in its root, or false for none. */
export function findViteConfig(root: string): string | false {
  return VITE_CONFIG_FILES.map((name) => join(root, name)).find((file) => existsSync(file)) ?? false
}

/** tsx's loader, from the app's dependencies. */
function resolveTsx(root: string): string {
  try {
    return pathToFileURL(createRequire(join(root, 'package.json')).resolve('tsx')).href
  } catch (error) {
    throw new CliError(
      'MissingTool',
      'causeway dev runs the backend from TypeScript with tsx, which is not installed: npm install --save-dev tsx',
      {
        cause: error,
      },
    )
  }
}

/** The browser `dev` keeps for the whole session, on a profile of its own (`npm start` may run beside it). */
async function devBrowser(config: ResolvedConfig, log: (line: string) => void): Promise<BrowserDriver | undefined> {
  const executablePath = findBrowser()
  const args = config.dev.browserArgs
  const headless = args.some((arg) => arg.startsWith('--headless'))
  if (!executablePath || !(headless || hasDisplay())) {
    log(
      executablePath
        ? '[causeway] no display to open a window on: open the URL below yourself (or set dev.browserArgs: ["--headless"])'
        : '[causeway] no Chromium or Chrome to open the window in (install chromium, or set CHROME_PATH): open the URL below yourself',
    )
    return undefined
  }
  const { identifier } = resolveAppConfig({ root: config.root })
  return launchBrowser({
    executablePath,
    headless,
    userDataDir: join(appPaths(identifier, config.root).appCache, 'dev-window-profile'),
    args: args.filter((arg) => !arg.startsWith('--headless')),
  })
}

/** Windows no session credential speaks for (a dialog, a page that never connected) go with their backend. */
async function closeUnclaimedWindows(browser: BrowserDriver | undefined, credentials: ExportedCredentials): Promise<void> {
  if (!browser) return
  const unclaimed = browser.windows().filter((window) => !(window.label in credentials.sessions))
  // Closing every window of a headed browser would quit it, and end the session with it.
  if (unclaimed.length === browser.windows().length) return
  await Promise.allSettled(unclaimed.map((window) => window.close()))
}

/**
 * What the overlay shows of a failed backend's stderr: the error and where, without Node's
 * internals, the stack below it, or the app root in front of every path.
 */
export function tidyError(stderr: string, root: string): string {
  const noise = [/^\s+at /, /^node:internal\//, /^\s*triggerUncaughtException\(/, /^\s*\^\s*$/, /^Node\.js v\d/]
  return stderr
    .split('\n')
    .filter((line) => !noise.some((pattern) => pattern.test(line)))
    .join('\n')
    .split(`${root}/`)
    .join('')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}

function describe(files: readonly string[]): string {
  return files.length === 1 ? (files[0] as string) : `${files[0]} and ${files.length - 1} more`
}
