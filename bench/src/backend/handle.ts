/** The shape every system's backend module exports, used by the backend child process. */

export interface BackendOptions {
  /** Directory holding the system's built page (index.html + page.js), served at `/`. */
  pageDir: string
  /** Size of the JSON fixture's text in bytes. */
  jsonBytes: number
}

export interface BackendHandle {
  /** `http://127.0.0.1:PORT`. */
  url: string
  /** URLs that each open one more connected window (Causeway needs one per window; others reuse `/`). */
  launchUrls(count: number): Promise<string[]>
  /** Backend-side listener registrations for the broadcast event, where the system can tell. */
  listeners?(): number
  /** Broadcasts the event `count` times, payloads 0..count-1, to every listener. */
  emit(count: number): void
  close(): Promise<void>
}

export type StartBackend = (options: BackendOptions) => Promise<BackendHandle>
