/**
 * The measured loops. They run inside the page (through `window.bench.run`) and in Node, against
 * any `BenchClient`, and return raw timings; the harness does the statistics. Every loop also
 * checks the answers, so a fast wrong system fails instead of winning.
 */
import type { BenchClient, Unlisten } from './client.ts'
import { checkJsonFixture, checksum, greeting, patternBytes } from './fixtures.ts'

export interface GreetResult {
  /** One round-trip time per call, in microseconds. */
  samplesUs: number[]
}

export interface RateResult {
  count: number
  ms: number
}

export interface EventsResult {
  received: number
  /** Wall-clock milliseconds (timeOrigin + now) of the first and last delivery, comparable across pages. */
  first: number
  last: number
}

export interface PayloadResult {
  /** One round-trip time per call, in milliseconds. */
  samplesMs: number[]
}

export interface WorkloadParams {
  ping: Record<string, never>
  greet: { calls: number }
  pipelined: { calls: number; inFlight: number }
  eventsListen: { count: number }
  eventsCollect: { timeoutMs: number }
  channel: { count: number; timeoutMs: number }
  json: { calls: number; bytes: number }
  blob: { calls: number; size: number }
  echo: { calls: number; size: number }
  listenCycles: { cycles: number }
}

export interface WorkloadResults {
  ping: null
  greet: GreetResult
  pipelined: RateResult
  eventsListen: null
  eventsCollect: EventsResult
  channel: RateResult
  json: PayloadResult
  blob: PayloadResult
  echo: PayloadResult
  listenCycles: RateResult
}

export type WorkloadName = keyof WorkloadParams

const now = (): number => performance.now()
const wallNow = (): number => performance.timeOrigin + performance.now()

function expectEqual(actual: unknown, expected: unknown, what: string): void {
  if (actual !== expected) throw new Error(`${what}: got ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`)
}

function checkBytes(bytes: Uint8Array, size: number, what: string): void {
  if (!(bytes instanceof Uint8Array)) throw new Error(`${what}: result is not a Uint8Array`)
  expectEqual(bytes.byteLength, size, `${what} length`)
  expectEqual(checksum(bytes), checksum(patternBytes(size)), `${what} checksum`)
}

/** An in-progress events subscription, between `eventsListen` and `eventsCollect`. */
interface EventsState {
  unlisten: Unlisten
  done: Promise<EventsResult>
  received: () => number
}

export class WorkloadRunner {
  #events: EventsState | undefined

  constructor(private readonly client: BenchClient) {}

  async run<W extends WorkloadName>(name: W, params: WorkloadParams[W]): Promise<WorkloadResults[W]> {
    const p = params as never
    switch (name) {
      case 'ping':
        await this.client.greet('ping')
        return null as WorkloadResults[W]
      case 'greet':
        return (await this.greet(p)) as WorkloadResults[W]
      case 'pipelined':
        return (await this.pipelined(p)) as WorkloadResults[W]
      case 'eventsListen':
        await this.eventsListen(p)
        return null as WorkloadResults[W]
      case 'eventsCollect':
        return (await this.eventsCollect(p)) as WorkloadResults[W]
      case 'channel':
        return (await this.channel(p)) as WorkloadResults[W]
      case 'json':
        return (await this.json(p)) as WorkloadResults[W]
      case 'blob':
        return (await this.blob(p)) as WorkloadResults[W]
      case 'echo':
        return (await this.echo(p)) as WorkloadResults[W]
      case 'listenCycles':
        return (await this.listenCycles(p)) as WorkloadResults[W]
      default:
        throw new Error(`unknown workload ${String(name)}`)
    }
  }

  async greet({ calls }: WorkloadParams['greet']): Promise<GreetResult> {
    const samplesUs: number[] = []
    for (let i = 0; i < calls; i++) {
      const name = `n${i}`
      const t0 = now()
      const reply = await this.client.greet(name)
      samplesUs.push((now() - t0) * 1000)
      if (reply !== greeting(name)) expectEqual(reply, greeting(name), 'greet')
    }
    return { samplesUs }
  }

  async pipelined({ calls, inFlight }: WorkloadParams['pipelined']): Promise<RateResult> {
    let started = 0
    const lane = async (): Promise<void> => {
      while (started < calls) {
        const name = `p${started++}`
        const reply = await this.client.greet(name)
        if (reply !== greeting(name)) expectEqual(reply, greeting(name), 'pipelined greet')
      }
    }
    const t0 = now()
    await Promise.all(Array.from({ length: Math.min(inFlight, calls) }, lane))
    return { count: calls, ms: now() - t0 }
  }

  async eventsListen({ count }: WorkloadParams['eventsListen']): Promise<void> {
    if (this.#events) throw new Error('eventsListen called twice without eventsCollect')
    let received = 0
    let first = 0
    let expectedNext = 0
    let outOfOrder: string | undefined
    let finish!: (result: EventsResult) => void
    const done = new Promise<EventsResult>((resolve) => (finish = resolve))
    const unlisten = await this.client.listen((payload) => {
      if (received === 0) first = wallNow()
      if (payload !== expectedNext && outOfOrder === undefined) {
        outOfOrder = `event #${received} carried ${JSON.stringify(payload)}, expected ${expectedNext}`
      }
      expectedNext = payload + 1
      received++
      if (received === count) {
        finish({ received, first, last: wallNow() })
      }
    })
    // Order problems surface when collecting, not inside the listener.
    this.#events = {
      unlisten,
      done: done.then((result) => {
        if (outOfOrder !== undefined) throw new Error(`events out of order: ${outOfOrder}`)
        return result
      }),
      received: () => received,
    }
  }

  async eventsCollect({ timeoutMs }: WorkloadParams['eventsCollect']): Promise<EventsResult> {
    const state = this.#events
    if (!state) throw new Error('eventsCollect called before eventsListen')
    this.#events = undefined
    try {
      return await withTimeout(state.done, timeoutMs, () => `received ${state.received()} events before the timeout`)
    } finally {
      await state.unlisten()
    }
  }

  async channel({ count, timeoutMs }: WorkloadParams['channel']): Promise<RateResult> {
    let received = 0
    let outOfOrder: string | undefined
    let allArrived!: () => void
    const arrived = new Promise<void>((resolve) => (allArrived = resolve))
    const t0 = now()
    const call = this.client.stream(count, (value) => {
      if (value !== received && outOfOrder === undefined) {
        outOfOrder = `message #${received} carried ${JSON.stringify(value)}`
      }
      received++
      if (received === count) allArrived()
    })
    await withTimeout(Promise.all([call, arrived]), timeoutMs, () => `received ${received} of ${count} messages before the timeout`)
    const ms = now() - t0
    if (outOfOrder !== undefined) throw new Error(`channel out of order: ${outOfOrder}`)
    return { count, ms }
  }

  async json({ calls, bytes }: WorkloadParams['json']): Promise<PayloadResult> {
    const samplesMs: number[] = []
    for (let i = 0; i < calls; i++) {
      const t0 = now()
      const value = await this.client.json()
      samplesMs.push(now() - t0)
      checkJsonFixture(value, bytes)
    }
    return { samplesMs }
  }

  async blob({ calls, size }: WorkloadParams['blob']): Promise<PayloadResult> {
    const samplesMs: number[] = []
    for (let i = 0; i < calls; i++) {
      const t0 = now()
      const bytes = await this.client.blob(size)
      samplesMs.push(now() - t0)
      checkBytes(bytes, size, 'blob')
    }
    return { samplesMs }
  }

  async echo({ calls, size }: WorkloadParams['echo']): Promise<PayloadResult> {
    const samplesMs: number[] = []
    const bytes = patternBytes(size)
    for (let i = 0; i < calls; i++) {
      const t0 = now()
      const back = await this.client.echo(bytes)
      samplesMs.push(now() - t0)
      checkBytes(back, size, 'echo')
    }
    return { samplesMs }
  }

  async listenCycles({ cycles }: WorkloadParams['listenCycles']): Promise<RateResult> {
    const t0 = now()
    for (let i = 0; i < cycles; i++) {
      const unlisten = await this.client.listen(() => {})
      await unlisten()
    }
    // A round trip after the last unlisten so the backend has processed all of them.
    await this.client.greet('after-cycles')
    return { count: cycles, ms: now() - t0 }
  }
}

export async function withTimeout<T>(promise: Promise<T>, ms: number, describe: () => string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${describe()}`)), ms)
  })
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}
