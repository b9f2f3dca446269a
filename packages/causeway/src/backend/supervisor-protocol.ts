/**
 * What `causeway dev` (the supervisor) and the backend it runs say to each other over Node's IPC
 * channel. The supervisor outlives the backend: it owns the browser and the window credentials,
 * so a restarted backend takes the same windows over instead of opening new ones. Internal: not
 * part of the public API.
 */
import type { CdpParams } from '../browser/cdp.ts'
import type { ExportedCredentials } from './credentials.ts'

/** Set in the backend's environment by the supervisor; the IPC channel must be there too. */
export const SUPERVISOR_ENV = 'CAUSEWAY_SUPERVISOR'

/** The close code pages see when the backend stops for a restart (WebSocket's "service restart"). */
export const CLOSE_RESTARTING = 1012

/** Supervisor to backend. */
export type ToBackend =
  | {
      t: 'init'
      /** The dev server's origin: the pages come from it, so it counts as the app's own. */
      origin: string
      /** Session credentials of the windows open in the browser, from the previous backend. */
      credentials: ExportedCredentials
      /** Whether the supervisor has a browser to open windows in (false with `--no-open` or no display). */
      browser: boolean
    }
  | {
      t: 'opened'
      /** The `open` request this answers. */
      id: number
      /** The window's DevTools target; absent when opening failed. */
      targetId?: string
      /** Why opening failed. */
      error?: string
    }
  | {
      t: 'cdp-result'
      /** The `cdp` request this answers. */
      id: number
      /** The command's result; absent when it failed. */
      result?: CdpParams
      /** Why the command failed. */
      error?: string
    }
  | {
      t: 'cdp-event'
      /** DevTools event name, one the backend subscribed to. */
      method: string
      params: CdpParams
      /** The page session the event came from, if any. */
      sessionId?: string
    }
  | {
      /** Close the connections (code 1012) and exit: a restart follows. */
      t: 'stop'
    }

/** Backend to supervisor. */
export type FromBackend =
  | {
      /** The backend's `run()` began: it waits for `init`. */
      t: 'hello'
      /** The page scripts every served page gets first in its `<head>` (the windows load before `ready`). */
      pageScripts: string[]
    }
  | {
      t: 'ready'
      /** The backend's own origin, where the supervisor forwards `/__causeway/*`. */
      origin: string
      /** A launch URL of the first window (at the dev server's origin). A secret. */
      launchUrl: string
    }
  | {
      t: 'credentials'
      /** The session credentials now valid; the next backend gets them. A secret. */
      credentials: ExportedCredentials
    }
  | {
      t: 'open'
      /** Request id, echoed in `opened`. */
      id: number
      /** The window's label: an open window of that label is taken over, not opened again. */
      label: string
      /** Its launch URL (a secret): only ever sent to the browser over DevTools. */
      url: string
    }
  | {
      t: 'cdp'
      /** Request id, echoed in `cdp-result`. */
      id: number
      method: string
      params?: CdpParams
      sessionId?: string
    }
  | {
      t: 'cdp-subscribe'
      /** A DevTools event the backend's driver listens to; the supervisor forwards it from then on. */
      method: string
    }
