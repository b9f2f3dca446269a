/**
 * An app's real handlers over an in-process pipe: the page's `Connection` on one end, the app's
 * session on the other. Everything but the socket is real: frames are encoded and parsed,
 * capabilities decide, events and channels flow.
 */
import { Connection } from '../api/connection.ts'
import type { App } from '../backend/app.ts'
import { concatFrame } from '../core/wire.ts'

export interface InMemoryOptions {
  /** The window to connect as; its capabilities apply. Default `main`. */
  window?: string
}

/**
 * Connects to `app` as a window, in process: no port, no browser. The app need not be running.
 *
 * @example
 * const page = await connectInMemory(app, { window: 'main' })
 * assert.equal(await page.invoke('greet', { name: 'Ada' }), 'Hello, Ada!')
 * const api = createClient<typeof app>(page) // typed, as on a page
 */
export async function connectInMemory(app: Pick<App, 'connectTransport'>, options: InMemoryOptions = {}): Promise<Connection> {
  let toPage: ((frame: string | Uint8Array) => void) | undefined
  let closePage: ((reason: string) => void) | undefined
  const early: Array<string | Uint8Array> = []
  let closed = false
  const backend = await app.connectTransport(options.window ?? 'main', {
    send(frame) {
      const data = typeof frame === 'string' ? frame : concatFrame(frame)
      // Delivered on a later turn, as a socket would, so neither side re-enters the other.
      queueMicrotask(() => (toPage ? toPage(data) : early.push(data)))
    },
    unsent: () => 0,
    written: () => Promise.resolve(),
    close(code, reason) {
      closed = true
      queueMicrotask(() => closePage?.(`the connection closed (code ${code}${reason ? `: ${reason}` : ''})`))
    },
  })
  const connection = new Connection({
    start(onFrame, onClose) {
      toPage = onFrame
      closePage = onClose
      for (const frame of early.splice(0)) onFrame(frame)
    },
    send(frame) {
      if (closed) return
      const data = typeof frame === 'string' ? frame : concatFrame(frame)
      queueMicrotask(() => backend.receive(data))
    },
    close() {
      closed = true
      backend.close()
    },
  })
  await connection.hello()
  return connection
}
