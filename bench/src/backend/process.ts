/** Harness side of a backend child process: fork, start, request, stop. */
import { type ChildProcess, fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { BackendOptions } from './handle.ts'
import type { BackendOp, ChildMessage, ParentMessage } from './protocol.ts'

const childEntry = fileURLToPath(new URL('./child.ts', import.meta.url))

export interface BackendProcess {
  readonly system: string
  readonly url: string
  request<T>(op: BackendOp, timeoutMs?: number): Promise<T>
  stop(): Promise<void>
}

/** Forks a backend for `system`; rejects with the backend's own error if it cannot start. */
export async function startBackend(system: string, options: BackendOptions): Promise<BackendProcess> {
  const child = fork(childEntry, [], {
    execArgv: ['--conditions=source', '--import', 'tsx', '--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const replies = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>()
  let nextId = 1
  let exited = false

  const url = await new Promise<string>((resolve, reject) => {
    const onMessage = (message: ChildMessage): void => {
      if (message.type === 'ready') resolve(message.url)
      else if (message.type === 'failed') reject(new Error(message.message))
    }
    child.on('message', onMessage)
    child.once('exit', (code) => reject(new Error(`backend ${system} exited with code ${code} while starting`)))
    child.send({ type: 'start', system, options } satisfies ParentMessage)
  }).catch((error: unknown) => {
    child.kill()
    throw error
  })

  child.on('message', (message: ChildMessage) => {
    if (message.type !== 'reply') return
    const waiter = replies.get(message.id)
    replies.delete(message.id)
    if (message.ok) waiter?.resolve(message.value)
    else waiter?.reject(new Error(message.message))
  })
  child.on('exit', (code) => {
    exited = true
    for (const waiter of replies.values()) waiter.reject(new Error(`backend ${system} exited with code ${code}`))
    replies.clear()
  })

  const request = <T>(op: BackendOp, timeoutMs = 120_000): Promise<T> => {
    if (exited) return Promise.reject(new Error(`backend ${system} is not running`))
    const id = nextId++
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        replies.delete(id)
        reject(new Error(`backend ${system} did not answer ${op.op} within ${timeoutMs} ms`))
      }, timeoutMs)
      replies.set(id, {
        resolve: (v) => {
          clearTimeout(timer)
          resolve(v as T)
        },
        reject: (e) => {
          clearTimeout(timer)
          reject(e)
        },
      })
      child.send({ type: 'request', id, ...op } satisfies ParentMessage)
    })
  }

  return {
    system,
    url,
    request,
    stop: () => stopChild(child, () => request({ op: 'close' }, 10_000)),
  }
}

async function stopChild(child: ChildProcess, close: () => Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  await close().catch(() => child.kill('SIGKILL'))
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
  await exited
  clearTimeout(timer)
}
