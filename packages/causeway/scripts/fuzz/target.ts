/**
 * The app the fuzzer attacks: a few commands of each shape (sync, async and cancellable, one
 * taking a Channel, one returning bytes, one no capability grants), capabilities without fs,
 * windows for the attacking connections and one for the clean checks, and a canary in its
 * managed state that no page should ever see. It runs in the fuzzer's
 * own process, so a crash of the backend is a crash of the run.
 */
import { randomBytes } from 'node:crypto'
import { type Channel as BackendChannel, CausewayError, type CommandContext, createApp, type Logger } from '../../src/index.ts'

/** Windows the attacking connections use, one connection each (a second one would take over). */
export const FUZZ_WINDOWS = ['f1', 'f2', 'f3', 'f4', 'f5', 'f6']
/** The window the clean checks connect to. */
export const CHECK_WINDOW = 'check'

/** Arguments a command refuses are refused as InvalidArgs, so an `Internal` error means a bug elsewhere. */
function invalid(what: string): never {
  throw new CausewayError('InvalidArgs', what)
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null

export const commands = {
  /** Sync. */
  add(args: unknown) {
    if (!isRecord(args) || typeof args['a'] !== 'number' || typeof args['b'] !== 'number') invalid('add needs numbers a and b')
    return args['a'] + args['b']
  },
  /** Sync, returns whatever it got (bytes included). */
  echo: (args: unknown) => args,
  /** Async and cancellable. */
  sleep(args: unknown, ctx: CommandContext) {
    const ms = isRecord(args) && typeof args['ms'] === 'number' && args['ms'] >= 0 ? Math.min(args['ms'], 50) : 0
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => resolve('slept'), ms)
      ctx.signal.addEventListener('abort', () => {
        clearTimeout(timer)
        reject(ctx.signal.reason)
      })
    })
  },
  /** Streams up to 2,000 messages, text with some bytes among them, over a Channel argument. */
  async stream(args: unknown) {
    const onItem = isRecord(args) ? args['onItem'] : undefined
    if (!isRecord(onItem) || typeof (onItem as { send?: unknown }).send !== 'function') invalid('stream needs a channel `onItem`')
    const channel = onItem as unknown as BackendChannel<string | Uint8Array>
    const n = isRecord(args) && typeof args['n'] === 'number' ? Math.max(0, Math.min(args['n'], 2000)) : 1
    for (let i = 0; i < n; i++) await channel.send(i % 7 === 3 ? new Uint8Array([i & 0xff, 1, 2]) : `item ${i}`)
    return n
  },
  /** Returns up to 1 MiB of bytes. */
  bytes(args: unknown) {
    const n = isRecord(args) && typeof args['n'] === 'number' && args['n'] >= 0 ? Math.min(Math.floor(args['n']), 1 << 20) : 16
    return new Uint8Array(n).fill(7)
  },
  /** No capability grants it: always Forbidden. */
  secret: () => 'leaked',
}

export type FuzzCommand = keyof typeof commands

/** What the app logged: warnings counted, errors counted by kind (first line and where it was thrown). */
export interface LogCounts {
  warnings: number
  errors: number
  errorKinds: Map<string, number>
}

/** One line per kind of error: its message's first line and the first frame of its stack. */
function errorKind(args: unknown[]): string {
  return args
    .map((a) => {
      if (!(a instanceof Error)) return String(a)
      const at = a.stack?.split('\n').find((line) => line.trimStart().startsWith('at ') && !line.includes('(<anonymous>)'))
      return `${a.name}: ${a.message.split('\n')[0]}${at ? ` (${at.trim()})` : ''}`
    })
    .join(' ')
}

function countingLogger(counts: LogCounts): Logger {
  return {
    warn: () => void counts.warnings++,
    error: (...args) => {
      counts.errors++
      const kind = errorKind(args)
      if (counts.errorKinds.has(kind) || counts.errorKinds.size < 20) counts.errorKinds.set(kind, (counts.errorKinds.get(kind) ?? 0) + 1)
    },
    info: () => {},
  }
}

/**
 * Starts the target app on a free port.
 *
 * @example
 * const target = await startTarget()
 * const url = target.launchUrl('f1')
 * await target.close()
 */
export async function startTarget() {
  const log: LogCounts = { warnings: 0, errors: 0, errorKinds: new Map() }
  // Managed state no command returns: a page that ever receives it found a disclosure.
  const canary = `CANARY-${randomBytes(12).toString('hex')}`
  const app = createApp({
    commands,
    state: { canary },
    dev: true,
    logger: countingLogger(log),
    exitOnLastWindowClose: false,
    windows: [...FUZZ_WINDOWS, CHECK_WINDOW].map((label) => ({ label })),
    capabilities: [
      {
        identifier: 'fuzz',
        windows: ['*'],
        // No fs, no window creation: the core defaults (events, window reads, resources) and the app's commands but `secret`.
        permissions: ['core:default', 'allow-add', 'allow-echo', 'allow-sleep', 'allow-stream', 'allow-bytes'],
      },
    ],
  })
  await app.run({ open: false, quiet: true })
  return {
    app,
    log,
    canary,
    /** A launch URL for a new connection of `label` (launch tokens may be single-use). */
    launchUrl(label: string): string {
      const url = app.window(label)?.launchUrl
      if (!url) throw new Error(`window \`${label}\` has no launch URL`)
      return url
    },
    close: () => app.close(),
  }
}

export type Target = Awaited<ReturnType<typeof startTarget>>
