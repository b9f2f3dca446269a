/**
 * Entry of a backend child process: one per system, so each system's GC and RSS are its own.
 * Forked with --expose-gc; started by a `start` message, then answers `request`s.
 */
import type { BackendHandle, StartBackend } from './handle.ts'
import type { BackendOp, ChildMessage, ParentMessage } from './protocol.ts'

const send = (message: ChildMessage): void => {
  process.send?.(message)
}

const errorMessage = (error: unknown): string => (error instanceof Error ? (error.stack ?? error.message) : String(error))

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

async function settledMemory(): Promise<NodeJS.MemoryUsage> {
  const gc = (globalThis as { gc?: () => void }).gc
  if (!gc) throw new Error('backend child was started without --expose-gc')
  for (let i = 0; i < 4; i++) {
    gc()
    await sleep(50)
  }
  return process.memoryUsage()
}

async function waitForListeners(handle: BackendHandle, wanted: number): Promise<void> {
  if (!handle.listeners) return
  const deadline = Date.now() + 10_000
  while (handle.listeners() < wanted) {
    if (Date.now() > deadline) throw new Error(`only ${handle.listeners()} of ${wanted} listeners registered after 10 s`)
    await sleep(5)
  }
}

async function perform(handle: BackendHandle, request: BackendOp): Promise<unknown> {
  switch (request.op) {
    case 'launchUrls':
      return handle.launchUrls(request.count)
    case 'emit':
      await waitForListeners(handle, request.listeners)
      handle.emit(request.count)
      return null
    case 'memory':
      return settledMemory()
    case 'close':
      await handle.close()
      setImmediate(() => process.exit(0))
      return null
  }
}

let handle: BackendHandle | undefined

process.on('message', (message: ParentMessage) => {
  if (message.type === 'start') {
    import(`../systems/${message.system}/server.ts`)
      .then((module: { start: StartBackend }) => module.start(message.options))
      .then(
        (started) => {
          handle = started
          send({ type: 'ready', url: started.url })
        },
        (error: unknown) => send({ type: 'failed', message: errorMessage(error) }),
      )
    return
  }
  const { id } = message
  if (!handle) {
    send({ type: 'reply', id, ok: false, message: 'backend not started' })
    return
  }
  perform(handle, message).then(
    (value) => send({ type: 'reply', id, ok: true, value }),
    (error: unknown) => send({ type: 'reply', id, ok: false, message: errorMessage(error) }),
  )
})

process.on('disconnect', () => process.exit(0))
