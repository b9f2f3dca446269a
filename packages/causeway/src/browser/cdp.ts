/**
 * A DevTools-protocol connection over `--remote-debugging-pipe`: the browser reads JSON commands
 * from its fd 3 and writes responses and events to its fd 4, each message ended by a NUL byte.
 * Sessions are flattened: a command for one page carries that page's `sessionId`.
 */
import type { Readable, Writable } from 'node:stream'
import { BrowserError } from './errors.ts'

/**
 * Parameters or result of a DevTools message: a JSON object.
 *
 * @example
 * const params: CdpParams = { targetId, flatten: true }
 */
export type CdpParams = Record<string, unknown>

/**
 * A DevTools protocol client at browser level. The driver needs nothing else from a browser, so
 * any client can stand in: the pipe of a browser the driver launched, or an adapter over another
 * library's session.
 *
 * @example
 * const { product } = await cdp.send<{ product: string }>('Browser.getVersion')
 * const off = cdp.on<{ targetInfo: { url: string } }>('Target.targetCreated', ({ targetInfo }) => console.log(targetInfo.url))
 */
export interface CdpClient {
  /** Sends a command (to the page of `sessionId` when given); resolves with its result, rejects with a `BrowserError`. */
  send<T = CdpParams>(method: string, params?: CdpParams, sessionId?: string): Promise<T>
  /** Calls `listener` for each event named `event` (from any session); returns a function that unsubscribes. */
  on<T = CdpParams>(event: string, listener: (params: T, sessionId: string | undefined) => void): () => void
  /** Calls `listener` once when the connection closes (the browser exited); returns a function that unsubscribes. */
  onClose(listener: (reason: BrowserError) => void): () => void
}

/** A `CdpClient` over a pipe pair, which its owner closes when the browser process exits. */
export interface PipeConnection extends CdpClient {
  /** Rejects every pending command with `reason` and stops reading; later sends reject with it too. */
  close(reason: BrowserError): void
}

/** What the browser can send: parsed once here, trusted inside. */
type Incoming =
  | { kind: 'result'; id: number; result: CdpParams }
  | { kind: 'error'; id: number; message: string }
  | { kind: 'event'; method: string; params: CdpParams; sessionId: string | undefined }

function isObject(value: unknown): value is CdpParams {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function parseIncoming(value: unknown): Incoming | undefined {
  if (!isObject(value)) return undefined
  if (typeof value['id'] === 'number') {
    const error = value['error']
    if (isObject(error)) {
      const data = typeof error['data'] === 'string' ? ` (${error['data']})` : ''
      return { kind: 'error', id: value['id'], message: `${String(error['message'])}${data}` }
    }
    return { kind: 'result', id: value['id'], result: isObject(value['result']) ? value['result'] : {} }
  }
  if (typeof value['method'] === 'string') {
    const sessionId = typeof value['sessionId'] === 'string' ? value['sessionId'] : undefined
    return { kind: 'event', method: value['method'], params: isObject(value['params']) ? value['params'] : {}, sessionId }
  }
  return undefined
}

/** Runs a listener the way Node's EventTarget does: a throw becomes an uncaught exception, not a broken read loop. */
export function callSafely(run: () => void): void {
  try {
    run()
  } catch (error) {
    process.nextTick(() => {
      throw error
    })
  }
}

/**
 * Speaks DevTools over the browser's pipe pair: `input` is the browser's fd 4 (it writes), `output`
 * its fd 3 (it reads). The connection closes itself when the pipe ends.
 *
 * @example
 * const child = spawn(executable, ['--remote-debugging-pipe'], { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] })
 * const cdp = connectPipe(child.stdio[4] as Readable, child.stdio[3] as Writable)
 * await cdp.send('Browser.getVersion')
 */
export function connectPipe(input: Readable, output: Writable): PipeConnection {
  const pending = new Map<number, { method: string; resolve: (result: CdpParams) => void; reject: (error: BrowserError) => void }>()
  const listeners = new Map<string, Set<(params: CdpParams, sessionId: string | undefined) => void>>()
  const closeListeners = new Set<(reason: BrowserError) => void>()
  let closedWith: BrowserError | undefined
  let nextId = 1
  let buffered: Buffer[] = []

  function close(reason: BrowserError): void {
    if (closedWith) return
    closedWith = reason
    input.off('data', onData)
    for (const { method, reject } of pending.values()) {
      reject(new BrowserError(reason.code, `${method}: ${reason.message}`, { cause: reason }))
    }
    pending.clear()
    for (const listener of closeListeners) callSafely(() => listener(reason))
    closeListeners.clear()
    listeners.clear()
  }

  function dispatch(text: string): void {
    let message: Incoming | undefined
    try {
      message = parseIncoming(JSON.parse(text))
    } catch (error) {
      close(new BrowserError('Protocol', `the browser sent a message that is not JSON: ${text.slice(0, 200)}`, { cause: error }))
      return
    }
    if (!message) return
    if (message.kind === 'event') {
      const { params, sessionId } = message
      for (const listener of listeners.get(message.method) ?? []) callSafely(() => listener(params, sessionId))
      return
    }
    const call = pending.get(message.id)
    if (!call) return
    pending.delete(message.id)
    if (message.kind === 'result') call.resolve(message.result)
    else call.reject(new BrowserError('CommandFailed', `${call.method} failed: ${message.message}`))
  }

  function onData(chunk: Buffer): void {
    let start = 0
    let end = chunk.indexOf(0)
    while (end !== -1 && !closedWith) {
      buffered.push(chunk.subarray(start, end))
      const frame = Buffer.concat(buffered)
      buffered = []
      dispatch(frame.toString('utf8'))
      start = end + 1
      end = chunk.indexOf(0, start)
    }
    if (start < chunk.length) buffered.push(chunk.subarray(start))
  }

  const ended = () => close(new BrowserError('Disconnected', 'the browser closed its DevTools pipe (it exited or crashed)'))
  input.on('data', onData)
  input.on('end', ended)
  input.on('close', ended)
  input.on('error', ended)
  output.on('error', ended)

  return {
    send<T = CdpParams>(method: string, params: CdpParams = {}, sessionId?: string): Promise<T> {
      if (closedWith) return Promise.reject(new BrowserError(closedWith.code, `${method}: ${closedWith.message}`, { cause: closedWith }))
      const id = nextId++
      const message = sessionId === undefined ? { id, method, params } : { id, method, params, sessionId }
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { method, resolve: resolve as (result: CdpParams) => void, reject })
        output.write(`${JSON.stringify(message)}\0`)
      })
    },
    on<T = CdpParams>(event: string, listener: (params: T, sessionId: string | undefined) => void): () => void {
      const entry = listener as (params: CdpParams, sessionId: string | undefined) => void
      if (closedWith) return () => {}
      let set = listeners.get(event)
      if (!set) listeners.set(event, (set = new Set()))
      set.add(entry)
      return () => {
        listeners.get(event)?.delete(entry)
      }
    },
    onClose(listener) {
      if (closedWith) {
        const reason = closedWith
        queueMicrotask(() => listener(reason))
        return () => {}
      }
      closeListeners.add(listener)
      return () => {
        closeListeners.delete(listener)
      }
    },
    close,
  }
}
