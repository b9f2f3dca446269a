/**
 * One run of the app's backend under `causeway dev`, in a Node child with tsx, spoken to over
 * Node's IPC channel (`supervisor-protocol.ts`). The child is started ahead of time
 * (`WarmProcess`, see `backend-entry.ts`) and told which entry to run when a restart needs it.
 * The run gets the dev server's origin and the windows' credentials, opens windows through the
 * supervisor's browser (a label the browser already shows is taken over), and reports its
 * credentials.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { ExportedCredentials } from '../../backend/credentials.ts'
import { type FromBackend, SUPERVISOR_ENV, type ToBackend } from '../../backend/supervisor-protocol.ts'
import type { CdpParams } from '../../browser/cdp.ts'
import type { BrowserDriver } from '../../browser/driver.ts'
import { navigateTarget } from '../../browser/targets.ts'
import { conditionFlags } from '../conditions.ts'

/** What the backend reported once it listened. */
export interface ReadyBackend {
  origin: string
  launchUrl: string
}

/** How a process ended: its exit, and the end of what it wrote to stderr since its entry ran. */
export interface RunExit {
  code: number | null
  signal: NodeJS.Signals | null
  stderr: string
}

/** Characters of the backend's stderr kept for the overlay. */
const STDERR_TAIL = 6000
/** How long a backend asked to stop may take before it is killed. */
const STOP_GRACE_MS = 3000

/** The bootstrap the warm process runs: TypeScript from the sources, JavaScript once built. */
const BACKEND_ENTRY = fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? './backend-entry.ts' : './backend-entry.js', import.meta.url))

/**
 * A Node process with tsx and causewayjs loaded, waiting for an entry to run. Its output goes to
 * the terminal as it comes.
 */
export class WarmProcess {
  readonly child: ChildProcess
  readonly exited: Promise<RunExit>
  private stderr = ''

  constructor(options: { cwd: string; tsxLoader: string; conditions: readonly string[] }) {
    this.child = spawn(process.execPath, [...conditionFlags(options.conditions), '--import', options.tsxLoader, BACKEND_ENTRY], {
      cwd: options.cwd,
      env: { ...process.env, [SUPERVISOR_ENV]: 'dev' },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    })
    this.child.stdout?.pipe(process.stdout, { end: false })
    this.child.stderr?.on('data', (chunk: Buffer) => {
      process.stderr.write(chunk)
      this.stderr = (this.stderr + chunk.toString('utf8')).slice(-STDERR_TAIL)
    })
    this.exited = new Promise((resolve) => {
      this.child.once('error', (error) => {
        this.stderr += `\n${error.message}`
      })
      this.child.once('close', (code, signal) => resolve({ code, signal, stderr: stripAnsi(this.stderr).trim() }))
    })
  }

  /** Still waiting, and usable for a run. */
  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null && this.child.connected
  }

  /** Runs the backend's entry in this process. */
  run(entry: string): void {
    this.stderr = ''
    // A process that died meanwhile reports through its exit, which fails the run.
    this.child.send({ t: 'run', entry }, () => {})
  }

  kill(): void {
    if (this.alive) this.child.kill()
  }
}

export interface BackendRunOptions {
  entry: string
  /** The dev server's origin. */
  origin: string
  /** Session credentials of the open windows, from the previous run. */
  credentials: ExportedCredentials
  browser: BrowserDriver | undefined
  /** The run's credentials changed. */
  onCredentials(credentials: ExportedCredentials): void
  /** The run opens (or takes over) window `label` with the launch URL `url`. */
  onOpen(label: string, url: string): void
  /** The run's page scripts, known before its windows load. */
  onPageScripts(paths: string[]): void
}

export class BackendRun {
  /** Resolves once the backend listens; rejects with its exit if it ends before. */
  readonly ready: Promise<ReadyBackend>
  readonly exited: Promise<RunExit>
  private readonly child: ChildProcess
  private readonly subscriptions: Array<() => void> = []

  constructor(
    warm: WarmProcess,
    private readonly options: BackendRunOptions,
  ) {
    this.child = warm.child
    this.exited = warm.exited.then((exit) => {
      for (const off of this.subscriptions.splice(0)) off()
      return exit
    })
    this.ready = new Promise((resolve, reject) => {
      this.child.on('message', (message: FromBackend) => {
        if (message.t === 'ready') resolve({ origin: message.origin, launchUrl: message.launchUrl })
        else this.receive(message)
      })
      void this.exited.then(reject)
    })
    this.ready.catch(() => {})
    warm.run(options.entry)
  }

  /** Asks the backend to close its connections (1012) and exit; kills it if it takes too long. */
  async stop(): Promise<RunExit> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.post({ t: 'stop' })
      const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_GRACE_MS)
      await this.exited
      clearTimeout(timer)
    }
    return this.exited
  }

  private post(message: ToBackend): void {
    if (this.child.connected) this.child.send(message, (error) => error && undefined)
  }

  private receive(message: Exclude<FromBackend, { t: 'ready' }>): void {
    const { browser } = this.options
    switch (message.t) {
      case 'hello':
        this.options.onPageScripts(message.pageScripts)
        return this.post({
          t: 'init',
          origin: this.options.origin,
          credentials: this.options.credentials,
          browser: browser !== undefined,
        })
      case 'credentials':
        return this.options.onCredentials(message.credentials)
      case 'open':
        this.options.onOpen(message.label, message.url)
        if (!browser) return this.post({ t: 'opened', id: message.id, error: 'causeway dev has no browser' })
        void this.open(browser, message.label, message.url).then(
          (targetId) => this.post({ t: 'opened', id: message.id, targetId }),
          (error: Error) => this.post({ t: 'opened', id: message.id, error: error.message }),
        )
        return
      case 'cdp':
        if (!browser) return this.post({ t: 'cdp-result', id: message.id, error: 'causeway dev has no browser' })
        void browser.cdp.send(message.method, message.params, message.sessionId).then(
          (result) => this.post({ t: 'cdp-result', id: message.id, result }),
          (error: Error) => this.post({ t: 'cdp-result', id: message.id, error: error.message }),
        )
        return
      case 'cdp-subscribe':
        if (!browser) return
        this.subscriptions.push(
          browser.cdp.on<CdpParams>(message.method, (params, sessionId) =>
            this.post({ t: 'cdp-event', method: message.method, params, ...(sessionId && { sessionId }) }),
          ),
        )
        return
    }
  }

  /**
   * A window the browser shows already is this backend's again: its page reconnects with the
   * session credential this backend was handed. Had it none (the previous backend died before
   * reporting it), the window loads the new launch URL instead.
   */
  private async open(browser: BrowserDriver, label: string, url: string): Promise<string> {
    const existing = browser.window(label)
    if (!existing) return (await browser.open({ label, url })).targetId
    if (!(label in this.options.credentials.sessions)) await navigateTarget(browser.cdp, existing.targetId, url)
    return existing.targetId
  }
}

/** Terminal colours out of the text the overlay shows. */
function stripAnsi(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the escape character is what is matched
  return text.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '')
}
