/**
 * One attacking connection of the fuzz run: sends frames, and parses and checks everything the
 * backend sends back (a frame its own page parser refuses, the app's canary, a 1011 close).
 * Acknowledges channel messages as a page does, so streams keep flowing.
 */
import type WebSocket from 'ws'
import { CausewayError } from '../../src/core/errors.ts'
import { parseServerFrame } from '../../src/core/parse.ts'
import { nodeTransport } from '../../src/node-client/index.ts'
import type { Target } from './target.ts'
import type { FuzzFrame } from './types.ts'

/** Channel messages acknowledged in batches of this many, like a page. */
const ACK_EVERY = 64

const decoder = new TextDecoder()

/** What the run tracks while it goes. */
export interface RunState {
  readonly target: Target
  connectionsOpened: number
  framesReceived: number
  /** Frames that carried the app's managed state to a page. */
  disclosures: number
  disclosed(frame: string): void
  readonly closedByBackend: Record<string, number>
  fail(reason: string): void
}

/** One attacking connection: everything it receives is parsed and checked. */
export class FuzzConnection {
  closedByUs = false
  closeCode: number | undefined
  private readonly unacked = new Map<number, number>()

  private constructor(
    readonly label: string,
    readonly socket: WebSocket,
    private readonly run: RunState,
  ) {
    socket.on('message', (data: Buffer, isBinary: boolean) => this.received(isBinary ? new Uint8Array(data) : data.toString('utf8')))
    socket.on('close', (code: number) => {
      this.closeCode = code
      if (this.closedByUs) return
      run.closedByBackend[code] = (run.closedByBackend[code] ?? 0) + 1
      if (code === 1011) run.fail(`the backend closed a connection with 1011 (an unexpected failure escaped the session)`)
    })
    socket.on('error', () => {})
  }

  static async open(label: string, run: RunState): Promise<FuzzConnection> {
    const { socket } = nodeTransport(run.target.launchUrl(label))
    const connection = new FuzzConnection(label, socket, run)
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve())
      socket.once('close', (code: number) => reject(new Error(`connection for \`${label}\` closed with ${code} before it opened`)))
      socket.once('error', reject)
    })
    run.connectionsOpened++
    return connection
  }

  get alive(): boolean {
    return this.socket.readyState === this.socket.OPEN
  }

  /** Its state, for a report of where a run stalled. */
  describe(): string {
    const states = ['connecting', 'open', 'closing', 'closed']
    return `${this.label}: ${states[this.socket.readyState]}, ${this.socket.bufferedAmount} bytes buffered${this.closeCode === undefined ? '' : `, closed with ${this.closeCode}`}`
  }

  send(frame: FuzzFrame): Promise<void> {
    if (!this.alive) return Promise.resolve()
    return new Promise((resolve) => {
      const done = () => resolve()
      if (typeof frame === 'string') this.socket.send(frame, done)
      else if (frame instanceof Uint8Array) this.socket.send(frame, { binary: true }, done)
      else this.socket.send(frame.textBytes, { binary: false }, done)
    })
  }

  async close(): Promise<void> {
    this.closedByUs = true
    if (this.socket.readyState === this.socket.CLOSED) return
    const closed = new Promise<void>((resolve) => this.socket.once('close', () => resolve()))
    this.socket.close()
    await closed
  }

  private received(frame: string | Uint8Array): void {
    this.run.framesReceived++
    const text = typeof frame === 'string' ? frame : decoder.decode(frame)
    if (text.includes(this.run.target.canary)) {
      this.run.disclosures++
      this.run.disclosed(text)
    }
    const parsed = parseServerFrame(frame)
    if (parsed instanceof CausewayError) return this.run.fail(`the backend sent a frame its page parser refuses: ${parsed.message}`)
    for (const message of parsed) {
      if (message.t === 'invalid') this.run.fail(`the backend sent a message its page parser refuses: ${message.reason}`)
      else if (message.t === 'chan') {
        const count = (this.unacked.get(message.ch) ?? 0) + 1
        this.unacked.set(message.ch, count % ACK_EVERY)
        if (count === ACK_EVERY) void this.send(`{"t":"ack","ch":${message.ch},"n":${ACK_EVERY}}`)
      } else if (message.t === 'chan-end') this.unacked.delete(message.ch)
    }
  }
}
