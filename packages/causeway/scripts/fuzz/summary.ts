/**
 * What a fuzz run reports, and how the CLI prints it.
 */

export interface FuzzSummary {
  seed: number
  framesSent: number
  bytesSent: number
  byGenerator: Record<string, number>
  connectionsOpened: number
  /** Connections the backend closed, by close code. */
  closedByBackend: Record<string, number>
  cleanChecksPassed: number
  cleanChecksFailed: number
  framesReceived: number
  /** What the app logged: warnings, and errors (Internal errors of commands, escaped bugs) by kind. */
  loggedWarnings: number
  loggedErrors: number
  errorKinds: Record<string, number>
  /**
   * Frames that carried the app's managed state (a canary) to a page, with the first few. Kept
   * apart from `failures`: a disclosure is a bug of its own, not a crash or a hang.
   */
  disclosures: number
  disclosedFrames: string[]
  rss: { before: number; peak: number; after: number; samples: number[] }
  /** V8 heap in use and memory outside it (buffers), before and after: tells a leak from RSS the allocator keeps. */
  heapUsed: { before: number; after: number }
  external: { before: number; after: number }
  gcAvailable: boolean
  durationMs: number
  /** Why the run fails; empty when it passes. */
  failures: string[]
  /** Whether the deadline stopped the run early. */
  stoppedEarly: boolean
}

export function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`
}

/** The summary as the CLI prints it. */
export function formatSummary(summary: FuzzSummary): string {
  const kinds = Object.entries(summary.byGenerator)
    .sort(([, a], [, b]) => b - a)
    .map(([name, count]) => `    ${name.padEnd(24)} ${count}`)
  const closes = Object.entries(summary.closedByBackend)
    .map(([code, count]) => `${code}: ${count}`)
    .join(', ')
  const closedCount = Object.values(summary.closedByBackend).reduce((a, b) => a + b, 0)
  return [
    `fuzz summary (seed ${summary.seed})`,
    `  frames sent:              ${summary.framesSent}${summary.stoppedEarly ? ' (stopped at the deadline)' : ''} (${mib(summary.bytesSent)})`,
    '  by kind:',
    ...kinds,
    `  connections opened:       ${summary.connectionsOpened}`,
    `  closed by the backend:    ${closedCount}${closes ? ` (by code: ${closes})` : ''}`,
    `  clean checks:             ${summary.cleanChecksPassed} passed, ${summary.cleanChecksFailed} failed`,
    `  frames from the backend:  ${summary.framesReceived}`,
    `  backend log:              ${summary.loggedWarnings} warnings, ${summary.loggedErrors} errors`,
    ...Object.entries(summary.errorKinds).map(([kind, count]) => `    ${count} x ${kind}`),
    `  disclosures:              ${summary.disclosures} frames carried the app's managed state to a page`,
    ...summary.disclosedFrames.map((frame) => `    ${frame}`),
    `  rss:                      before ${mib(summary.rss.before)}, peak ${mib(summary.rss.peak)}, after ${mib(summary.rss.after)}${summary.gcAvailable ? ' (after GC)' : ' (no GC: run with --expose-gc)'}`,
    `  rss samples:              ${summary.rss.samples.map(mib).join(', ')}`,
    `  heap used:                before ${mib(summary.heapUsed.before)}, after ${mib(summary.heapUsed.after)}; external before ${mib(summary.external.before)}, after ${mib(summary.external.after)}`,
    `  duration:                 ${(summary.durationMs / 1000).toFixed(1)} s`,
    summary.failures.length === 0
      ? '  result:                   PASS'
      : `  result:                   FAIL\n${summary.failures.map((f) => `    - ${f}`).join('\n')}`,
  ].join('\n')
}
