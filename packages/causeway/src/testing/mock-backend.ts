/**
 * A fake backend for frontend unit tests: `invoke`, `listen` and `emit` from `causewayjs/api`
 * reach a function of the test's instead of a server. Works in a plain Node test (no DOM) and in
 * a real page; `clearMocks()` puts the real connection back. Browser-safe.
 */
import { Connection } from '../api/connection.ts'
import { toCausewayError } from '../core/errors.ts'
import { parseClientFrame } from '../core/parse.ts'
import type { ClientMessage, ServerMessage } from '../core/protocol.ts'
import { concatFrame, encodeEvent, encodeMessage, prepare } from '../core/wire.ts'

/** Answers one call: return (or resolve to) the result, throw (or reject) to fail it. */
export type MockHandler = (cmd: string, args: unknown) => unknown

export interface BackendMock {
  /** The page connection the mock installed (what `invoke` from `causewayjs/api` now uses). */
  readonly connection: Connection
  /** Every call the page made, in order. */
  readonly calls: Array<{ cmd: string; args: unknown }>
  /** Emits an event to the page's listeners, as the backend would. */
  emit(event: string, payload?: unknown): void
}

const PAGE_CONNECTION = Symbol.for('causeway.page-connection')
const scope = globalThis as Record<symbol, unknown>
const saved: unknown[] = []

/**
 * Replaces the page's backend with `handler` until `clearMocks()`.
 *
 * @example
 * const backend = mockBackend((cmd, args) => (cmd === 'greet' ? `Hello, ${(args as { name: string }).name}!` : undefined))
 * assert.equal(await invoke('greet', { name: 'Ada' }), 'Hello, Ada!')
 * backend.emit('job-progress', 50)
 * clearMocks()
 */
export function mockBackend(handler: MockHandler, options: { window?: string } = {}): BackendMock {
  const listeners = new Map<number, string>()
  const calls: Array<{ cmd: string; args: unknown }> = []
  let nextListener = 1
  let toPage: (frame: string | Uint8Array) => void = () => {}
  const send = (message: ServerMessage) => {
    const frame = encodeMessage(message)
    queueMicrotask(() => toPage(typeof frame === 'string' ? frame : concatFrame(frame)))
  }
  const deliver = (event: string, payload: unknown) => {
    const ids = [...listeners].filter(([, name]) => name === event).map(([id]) => id)
    if (ids.length === 0) return
    const frame = encodeEvent(event, ids, prepare(payload ?? null, 'payload'))
    queueMicrotask(() => toPage(typeof frame === 'string' ? frame : concatFrame(frame)))
  }
  const answer = (message: Extract<ClientMessage, { t: 'invoke' }>) => {
    const { id, cmd } = message
    const args = (message.args ?? {}) as Record<string, unknown>
    calls.push({ cmd, args: message.args })
    if (cmd === 'plugin:event|listen') {
      const listener = nextListener++
      listeners.set(listener, String(args['event']))
      return send({ t: 'ok', id, v: listener })
    }
    if (cmd === 'plugin:event|unlisten') {
      listeners.delete(Number(args['eventId']))
      return send({ t: 'ok', id })
    }
    if (cmd === 'plugin:event|emit' || cmd === 'plugin:event|emit_to') {
      deliver(String(args['event']), args['payload'])
      return send({ t: 'ok', id })
    }
    Promise.resolve()
      .then(() => handler(cmd, message.args))
      .then(
        (value) => send({ t: 'ok', id, ...(value !== undefined && { v: value }) }),
        (error) => send({ t: 'err', id, e: toCausewayError(error).toPayload() }),
      )
  }
  const connection = new Connection({
    start(onFrame) {
      toPage = onFrame
      send({ t: 'hello', label: options.window ?? 'main', dev: true, session: 'mock', instance: 'mock' })
    },
    send(frame) {
      const parsed = parseClientFrame(typeof frame === 'string' ? frame : concatFrame(frame))
      if (!Array.isArray(parsed)) throw parsed
      for (const message of parsed) if (message.t === 'invoke') answer(message)
    },
    close() {},
  })
  saved.push(scope[PAGE_CONNECTION])
  scope[PAGE_CONNECTION] = connection
  return { connection, calls, emit: deliver }
}

/**
 * Removes every mock `mockBackend` installed: the page talks to its real backend again.
 *
 * @example
 * afterEach(() => clearMocks())
 */
export function clearMocks(): void {
  if (saved.length === 0) return
  const original = saved[0]
  saved.length = 0
  if (original === undefined) delete scope[PAGE_CONNECTION]
  else scope[PAGE_CONNECTION] = original
}
