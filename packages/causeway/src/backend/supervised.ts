/**
 * The backend's side of `causeway dev`. Run by the dev supervisor (an IPC channel and
 * `CAUSEWAY_SUPERVISOR=dev` in its environment), the backend takes from it the dev server's origin
 * and the session credentials of the windows already open, opens windows through the supervisor's
 * browser (a window of a label the browser already shows is taken over, not opened again), reports
 * every credential change so the next backend accepts the same pages, and on `stop` closes its
 * connections with 1012 so the pages know the backend is restarting.
 */
import type { CdpClient, CdpParams } from '../browser/cdp.ts'
import { type BrowserDriver, createDriver } from '../browser/driver.ts'
import { BrowserError } from '../browser/errors.ts'
import type { ExportedCredentials } from './credentials.ts'
import { type FromBackend, SUPERVISOR_ENV, type ToBackend } from './supervisor-protocol.ts'

/** What a supervised backend gets from, and tells, its supervisor. */
export interface Supervision {
  /** The dev server's origin: it serves the pages, so it counts as the app's own. */
  readonly origin: string
  /** Session credentials of windows open in the browser, which this backend must accept. */
  readonly credentials: ExportedCredentials
  /** The supervisor's browser, or undefined when it has none (`--no-open`, no display). */
  readonly browser: BrowserDriver | undefined
  ready(info: { origin: string; launchUrl: string }): void
  credentialsChanged(credentials: ExportedCredentials): void
  /** What to do when the supervisor asks for a restart (or goes away); the process exits after it. */
  onStop(stop: () => Promise<void>): void
}

/** The IPC channel to the supervisor: the process's own, or a pair in tests. */
export interface SupervisorChannel {
  send(message: FromBackend): void
  onMessage(listener: (message: ToBackend) => void): void
  onDisconnect(listener: () => void): void
}

/**
 * The supervision of this process, once the supervisor answered; undefined when no supervisor
 * runs it (every run outside `causeway dev`). `pageScripts`: what the dev server's pages get.
 */
export async function supervisionFromProcess(
  pageScripts: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<Supervision | undefined> {
  const send = process.send?.bind(process)
  if (env[SUPERVISOR_ENV] !== 'dev' || !send) return undefined
  return superviseOver(pageScripts, {
    send: (message) => void send(message),
    onMessage: (listener) => process.on('message', (message) => isToBackend(message) && listener(message)),
    onDisconnect: (listener) => process.once('disconnect', listener),
  })
}

function isToBackend(value: unknown): value is ToBackend {
  return typeof value === 'object' && value !== null && typeof (value as { t?: unknown }).t === 'string'
}

type Waiter<T> = { resolve: (value: T) => void; reject: (error: Error) => void }

/** Says hello over `channel` and resolves with the supervision once `init` arrives. */
export function superviseOver(pageScripts: readonly string[], channel: SupervisorChannel): Promise<Supervision> {
  let nextId = 1
  const opens = new Map<number, Waiter<string>>()
  const calls = new Map<number, Waiter<CdpParams>>()
  const events = new Map<string, Set<(params: CdpParams, sessionId: string | undefined) => void>>()
  const closeListeners = new Set<(reason: BrowserError) => void>()
  let stop: () => Promise<void> = async () => {}
  let stopping = false
  const stopAndExit = () => {
    if (stopping) return
    stopping = true
    void stop()
      .catch((error: unknown) => console.error('[causeway] stopping for a restart failed:', error))
      .finally(() => process.exit(0))
  }

  const cdp: CdpClient = {
    send<T = CdpParams>(method: string, params?: CdpParams, sessionId?: string): Promise<T> {
      const id = nextId++
      return new Promise<CdpParams>((resolve, reject) => {
        calls.set(id, { resolve, reject })
        channel.send({ t: 'cdp', id, method, ...(params && { params }), ...(sessionId && { sessionId }) })
      }) as Promise<T>
    },
    on<T = CdpParams>(event: string, listener: (params: T, sessionId: string | undefined) => void) {
      let set = events.get(event)
      if (!set) {
        events.set(event, (set = new Set()))
        channel.send({ t: 'cdp-subscribe', method: event })
      }
      const entry = listener as (params: CdpParams, sessionId: string | undefined) => void
      set.add(entry)
      return () => void set.delete(entry)
    },
    onClose(listener) {
      closeListeners.add(listener)
      return () => void closeListeners.delete(listener)
    },
  }

  const openTarget = (url: string, label: string) =>
    new Promise<string>((resolve, reject) => {
      const id = nextId++
      opens.set(id, { resolve, reject })
      channel.send({ t: 'open', id, label, url })
    })

  return new Promise<Supervision>((resolve) => {
    channel.onMessage((message) => {
      switch (message.t) {
        case 'init': {
          const browser = message.browser ? createDriver({ cdp, openTarget }).driver : undefined
          return resolve({
            origin: message.origin,
            credentials: message.credentials,
            browser,
            ready: (info) => channel.send({ t: 'ready', ...info }),
            credentialsChanged: (credentials) => channel.send({ t: 'credentials', credentials }),
            onStop(handler) {
              stop = handler
            },
          })
        }
        case 'opened': {
          const waiter = opens.get(message.id)
          opens.delete(message.id)
          if (message.targetId) waiter?.resolve(message.targetId)
          else waiter?.reject(new BrowserError('CommandFailed', message.error ?? 'the dev supervisor could not open the window'))
          return
        }
        case 'cdp-result': {
          const waiter = calls.get(message.id)
          calls.delete(message.id)
          if (message.error === undefined) waiter?.resolve(message.result ?? {})
          else waiter?.reject(new BrowserError('CommandFailed', message.error))
          return
        }
        case 'cdp-event':
          for (const listener of events.get(message.method) ?? []) listener(message.params, message.sessionId)
          return
        case 'stop':
          return stopAndExit()
      }
    })
    channel.onDisconnect(() => {
      const reason = new BrowserError('Disconnected', 'the dev supervisor went away')
      for (const waiter of [...opens.values(), ...calls.values()]) waiter.reject(reason)
      for (const listener of closeListeners) listener(reason)
      stopAndExit()
    })
    channel.send({ t: 'hello', pageScripts: [...pageScripts] })
  })
}
