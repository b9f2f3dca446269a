/**
 * One open database on the backend side: its worker thread and the calls waiting for it. Calls
 * are posted to the worker as they come, so the worker sees them in the order they were made.
 */
import { Worker } from 'node:worker_threads'
import type { BlobShape, Statement, WorkerMigration, WorkerOptions, WorkerReply, WorkerRequest } from './protocol.ts'

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void }

/**
 * Starts the worker file next to this one. Built, it is plain JavaScript; run from source (tests,
 * development) it is TypeScript, and Node 20 does not carry tsx's loader into worker threads, so
 * a two-line bootstrap registers it there first.
 */
function startWorker(options: WorkerOptions): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./worker.js', import.meta.url), { workerData: options })
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'))
  const entry = JSON.stringify(new URL('./worker.ts', import.meta.url).href)
  return new Worker(`import(${tsx}).then((tsx) => { tsx.register(); return import(${entry}) })`, { eval: true, workerData: options })
}

/** A failure the database reported, worded for the page. */
export class SqlError extends Error {
  override readonly name = 'SqlError'
}

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never

export class Connection {
  private readonly worker: Worker
  private readonly pending = new Map<number, Pending>()
  private nextId = 1
  private outbox: WorkerRequest[] = []
  private closing: Promise<void> | undefined
  /** Window labels that passed `load` for this database (its scope check, for files outside the app's directory). */
  readonly loadedBy = new Set<string>()

  private constructor(worker: Worker) {
    this.worker = worker
    worker.on('message', (replies: WorkerReply[]) => {
      for (const reply of replies) {
        const waiter = this.pending.get(reply.id)
        if (!waiter) continue
        this.pending.delete(reply.id)
        if (reply.ok) waiter.resolve(reply.value)
        else waiter.reject(new SqlError(reply.message))
      }
    })
    const fail = (error: Error) => {
      for (const waiter of this.pending.values()) waiter.reject(new SqlError(`the database worker stopped: ${error.message}`))
      this.pending.clear()
    }
    worker.on('error', fail)
    worker.on('exit', (code) => fail(new Error(`exit code ${code}`)))
  }

  /**
   * Opens a database on a new worker thread; rejects with the database's error (a file that cannot
   * be opened, a missing file with `mode=rw`).
   *
   * @example
   * const connection = await Connection.open({ filename: '/data/app.db', readonly: false, fileMustExist: false, lockTimeoutMs: 5000 })
   */
  static open(options: WorkerOptions): Promise<Connection> {
    const worker = startWorker(options)
    const connection = new Connection(worker)
    return new Promise((resolve, reject) => {
      connection.pending.set(0, {
        resolve: () => resolve(connection),
        reject: (error) => {
          void worker.terminate()
          reject(error)
        },
      })
    })
  }

  private send<T>(request: WithoutId<WorkerRequest>): Promise<T> {
    if (this.closing) return Promise.reject(new SqlError('the database was closed'))
    const id = this.nextId++
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject })
      // Requests made in one turn cross to the worker as one message, in order.
      if (this.outbox.push({ ...request, id } as WorkerRequest) === 1) queueMicrotask(() => this.flush())
    })
  }

  private flush(): void {
    const batch = this.outbox
    this.outbox = []
    this.worker.postMessage(batch)
  }

  execute(owner: string, statement: Statement): Promise<[number, number]> {
    return this.send({ op: 'execute', owner, statement, blobs: 'array' })
  }

  select<Row>(owner: string, statement: Statement, blobs: BlobShape = 'array'): Promise<Row[]> {
    return this.send({ op: 'select', owner, statement, blobs })
  }

  batch(owner: string, statements: Statement[], blobs: BlobShape = 'array'): Promise<unknown[]> {
    return this.send({ op: 'batch', owner, statements, blobs })
  }

  migrate(migrations: WorkerMigration[]): Promise<number[]> {
    return this.send({ op: 'migrate', migrations })
  }

  /** Rolls back `owner`'s open transaction, if it has one: its window went away. */
  release(owner: string): Promise<void> {
    return this.closing ? Promise.resolve() : this.send({ op: 'release', owner })
  }

  /** Closes after the statements already sent; an open transaction rolls back. Idempotent. */
  close(): Promise<void> {
    if (!this.closing) {
      const closed = this.send<void>({ op: 'close' })
      this.closing = closed.then(
        () => undefined,
        () => undefined,
      )
      // A worker stuck in a long statement is stopped rather than waited for forever.
      const stop = setTimeout(() => void this.worker.terminate(), 10_000)
      stop.unref()
      void this.closing.then(() => clearTimeout(stop))
    }
    return this.closing
  }
}
