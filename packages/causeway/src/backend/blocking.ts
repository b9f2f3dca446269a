/**
 * Finds handlers that block the event loop (sync file reads, busy loops), the seed's
 * "blocking sync I/O" gotcha. Two probes, both cheap:
 * - the synchronous part of every handler call is timed directly;
 * - in development, a coarse timer notices a stalled loop while async handlers are in flight
 *   (the part after their first `await`) and names the commands that were running.
 */

/** A loop stall longer than this is reported. */
export const BLOCKING_THRESHOLD_MS = 100

const WATCH_INTERVAL_MS = 50

export class BlockingMonitor {
  private readonly inFlight = new Map<number, string>()
  private nextToken = 1
  private timer: ReturnType<typeof setInterval> | undefined
  private lastTick = 0

  constructor(
    private readonly warn: (message: string) => void,
    private readonly watchAsync: boolean,
  ) {}

  /** Runs `fn` (a handler's synchronous part) and reports it if it held the loop too long. */
  timeSync<T>(command: string, fn: () => T): T {
    const start = performance.now()
    try {
      return fn()
    } finally {
      const elapsed = performance.now() - start
      if (elapsed > BLOCKING_THRESHOLD_MS) this.report(`command \`${command}\``, elapsed)
    }
  }

  /** Marks an async handler as running until `done` settles. */
  track(command: string, done: PromiseLike<unknown>): void {
    if (!this.watchAsync) return
    const token = this.nextToken++
    this.inFlight.set(token, command)
    this.ensureTimer()
    const finish = (): void => {
      this.inFlight.delete(token)
    }
    done.then(finish, finish)
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = undefined
  }

  private ensureTimer(): void {
    if (this.timer) return
    this.lastTick = performance.now()
    this.timer = setInterval(() => {
      const now = performance.now()
      const stall = now - this.lastTick - WATCH_INTERVAL_MS
      this.lastTick = now
      if (stall > BLOCKING_THRESHOLD_MS && this.inFlight.size > 0) {
        const names = [...new Set(this.inFlight.values())].map((n) => `\`${n}\``).join(', ')
        this.report(`while command ${names} was running, something`, stall)
      }
      if (this.inFlight.size === 0) this.stop()
    }, WATCH_INTERVAL_MS)
    this.timer.unref?.()
  }

  private report(who: string, elapsed: number): void {
    this.warn(
      `${who} blocked the event loop for ${Math.round(elapsed)} ms; every window and call waited. ` +
        'Use async I/O (node:fs/promises) or move CPU-heavy work to a worker thread.',
    )
  }
}
