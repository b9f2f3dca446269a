/**
 * The slice of Causeway's API this adapter relies on, written down so a missing or changed piece
 * shows up as a clear "pending" row instead of a crash. Checked at run time, not by tsc, because
 * the library is being built alongside the bench.
 */

/** What a command handler receives for a `Channel` argument. */
export interface ChannelSink<T> {
  send(value: T): void | Promise<void>
  close(): void
}

export interface CommandContext {
  app: { emit(event: string, payload: unknown): void }
}

export interface CausewayServer {
  /** `http://127.0.0.1:PORT`. */
  url: string
  /** Opens window `main`; carries the window's token in the query. */
  launchUrl: string
  close(): Promise<void>
}

export interface CausewayApp {
  run(options: { port: number; open: boolean; quiet: boolean }): Promise<CausewayServer>
  createWindow(options: { label: string }): Promise<{ launchUrl: string }>
  emit(event: string, payload: unknown): void
}

export interface CausewayBackendModule {
  createApp(options: {
    commands: Record<string, (args: never, ctx: CommandContext) => unknown>
    frontendDist: string
    capabilities: { identifier: string; windows: string[]; permissions: string[] }[]
    dev: boolean
  }): CausewayApp
}

/** A page-side channel: `new Channel<number>()`, then `onmessage`. */
export interface PageChannel<T> {
  onmessage: (message: T) => void
}

export interface CausewayPageModule {
  invoke(command: string, args?: unknown): Promise<unknown>
  listen(event: string, handler: (event: { payload: unknown }) => void): Promise<() => void | Promise<void>>
  Channel?: new () => PageChannel<number>
}
