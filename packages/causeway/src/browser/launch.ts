/**
 * Starts the one browser process that owns an app's profile, speaking DevTools over
 * `--remote-debugging-pipe`. Window URLs never appear on its command line: headless windows are
 * made with `Target.createTarget`, headed app windows start blank (see `app-windows.ts`).
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { mkdir } from 'node:fs/promises'
import type { Readable, Writable } from 'node:stream'
import { appWindowOpener, blankAppUrl } from './app-windows.ts'
import { connectPipe } from './cdp.ts'
import { type BrowserDriver, createDriver } from './driver.ts'
import { BrowserError } from './errors.ts'
import { findBrowser } from './find.ts'
import { newWindowOpener } from './targets.ts'

/**
 * How to start the browser.
 *
 * @example
 * const options: LaunchOptions = { headless: true, userDataDir: await mkdtemp(join(tmpdir(), 'profile-')), args: ['--disable-gpu'] }
 */
export interface LaunchOptions {
  /** The Chromium, Chrome or Edge to run; `findBrowser()` when absent. */
  executablePath?: string
  /** Run without any window on screen (tests, CI). */
  headless: boolean
  /**
   * The profile directory, created if missing. One browser process owns a profile: a second
   * launch on it fails with `ProfileInUse`, so share the driver instead.
   */
  userDataDir: string
  /** Extra command-line flags, e.g. `--disable-gpu`. Never put a window URL here. */
  args?: string[]
}

const READY_TIMEOUT_MS = 30_000
const QUIT_GRACE_MS = 5_000
const STDERR_TAIL_CHARS = 2_000
/** Chromium's exit code when another process holds the profile's singleton lock. */
const PROFILE_IN_USE_EXIT_CODE = 21

/**
 * Starts the browser once and returns the driver that owns it: `driver.close()` quits it. The
 * browser's own output is kept out of the console; the end of it goes into a start-up error.
 * Headed, closing the last window quits the browser, as Chromium does: the driver reports the
 * window closed and rejects later opens with `Disconnected`. If this process dies, the pipe
 * closes and the browser quits with it.
 *
 * @example
 * const driver = await launchBrowser({ headless: !hasDisplay(), userDataDir: join(paths.appCache, 'browser-profile') })
 * await driver.open({ label: 'main', url: launchUrl })
 * driver.onWindowClosed((label) => console.log(`window ${label} closed`))
 */
export async function launchBrowser(options: LaunchOptions): Promise<BrowserDriver> {
  const executable = options.executablePath ?? findBrowser()
  if (!executable) {
    throw new BrowserError(
      'NotFound',
      'no Chromium, Chrome or Edge found: install one, or set CHROME_PATH or executablePath to its executable',
    )
  }
  await mkdir(options.userDataDir, { recursive: true })
  const extra = options.args ?? []
  const shared = [
    `--user-data-dir=${options.userDataDir}`,
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    // Chromium refuses to run as root with its sandbox on.
    ...(process.getuid?.() === 0 && !extra.includes('--no-sandbox') ? ['--no-sandbox'] : []),
    ...extra,
  ]
  const initialNonce = randomUUID()
  const own = options.headless ? ['--headless', '--no-startup-window'] : [`--app=${blankAppUrl(initialNonce)}`]
  const child = spawn(executable, [...shared, ...own, '--remote-debugging-pipe'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'],
  })
  const stderr = keepTail(child.stderr!)
  // Past start-up, a failed kill is all that can land here, and the exit that matters is reported anyway.
  child.on('error', () => {})
  const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(describeExit(code, signal))))
  const cdp = connectPipe(child.stdio[4] as Readable, child.stdio[3] as Writable)
  void exited.then((how) => cdp.close(new BrowserError('Disconnected', `the browser (${executable}) exited with ${how}`)))

  await waitUntilReady(child, executable, options.userDataDir, cdp.send('Browser.getVersion'), stderr)
  const openTarget = options.headless
    ? newWindowOpener(cdp)
    : appWindowOpener(cdp, initialNonce, (blankUrl) => spawnHandoff(executable, [...shared, `--app=${blankUrl}`]))
  const { driver, ready } = createDriver({
    cdp,
    openTarget,
    async quit() {
      if (child.exitCode !== null || child.signalCode !== null) return
      cdp.send('Browser.close').catch(() => {})
      const timer = setTimeout(() => child.kill('SIGKILL'), QUIT_GRACE_MS)
      await exited
      clearTimeout(timer)
    },
  })
  try {
    await ready
  } catch (error) {
    await driver.close()
    throw error
  }
  return driver
}

/** Resolves once the browser answers on its pipe; otherwise kills it and rejects with why it did not. */
async function waitUntilReady(
  child: ChildProcess,
  executable: string,
  userDataDir: string,
  answered: Promise<unknown>,
  stderr: () => string,
): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined
  let onError: (error: Error) => void = () => {}
  let onExit: (code: number | null, signal: NodeJS.Signals | null) => void = () => {}
  const failed = new Promise<never>((_, reject) => {
    onError = (error) => reject(new BrowserError('LaunchFailed', `could not start ${executable}: ${error.message}`, { cause: error }))
    onExit = (code, signal) => reject(exitError(executable, userDataDir, code, signal, stderr().trim()))
    timer = setTimeout(
      () => reject(new BrowserError('Timeout', `${executable} did not answer on its DevTools pipe within ${READY_TIMEOUT_MS} ms`)),
      READY_TIMEOUT_MS,
    )
  })
  child.once('error', onError)
  child.once('exit', onExit)
  try {
    // A pipe that closes early is explained better by the exit code that follows it.
    await Promise.race([answered.catch(() => failed), failed])
  } catch (error) {
    child.kill('SIGKILL')
    throw error
  } finally {
    clearTimeout(timer)
    child.off('error', onError)
    child.off('exit', onExit)
  }
}

function exitError(executable: string, userDataDir: string, code: number | null, signal: string | null, output: string): BrowserError {
  if (code === PROFILE_IN_USE_EXIT_CODE) {
    return new BrowserError(
      'ProfileInUse',
      `${executable} exited with code ${code}: another browser process owns the profile ${userDataDir}. One process must own a profile: share its driver, or launch on another userDataDir`,
    )
  }
  const tail = output ? `; the end of its output:\n${output}` : ''
  return new BrowserError('LaunchFailed', `${executable} exited with ${describeExit(code, signal)} before it was ready${tail}`)
}

/** Runs a second browser on the same profile, which hands its `--app` request to the running one and exits. */
function spawnHandoff(executable: string, args: string[]): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(executable, args, { stdio: 'ignore' })
    child.once('error', (error) =>
      reject(new BrowserError('LaunchFailed', `could not start ${executable}: ${error.message}`, { cause: error })),
    )
    child.once('exit', (code, signal) => {
      if (code === 0) resolve()
      else
        reject(
          new BrowserError(
            'LaunchFailed',
            `${executable} exited with ${describeExit(code, signal)} instead of opening a window in the running browser`,
          ),
        )
    })
  })
}

function describeExit(code: number | null, signal: string | null): string {
  return signal ? `signal ${signal}` : `code ${code}`
}

/** Drains `stream` (so a chatty browser never blocks on a full pipe), keeping only its last characters. */
function keepTail(stream: Readable): () => string {
  let tail = ''
  stream.setEncoding('utf8')
  stream.on('data', (chunk: string) => {
    tail = (tail + chunk).slice(-STDERR_TAIL_CHARS)
  })
  return () => tail
}
