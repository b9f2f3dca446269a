/**
 * `causewayjs/testing`: an app's real handlers in process, as a chosen window with its
 * capabilities applied; and a fake backend for frontend code in a plain Node test (no DOM).
 */
import assert from 'node:assert/strict'
import { afterEach, test } from 'node:test'
import { createClient, emit, invoke, listen } from '../src/api/index.ts'
import type { CausewayError } from '../src/core/errors.ts'
import { createApp, defineEvents } from '../src/index.ts'
import { clearMocks, connectInMemory, mockBackend } from '../src/testing/index.ts'

function notesApp() {
  const notes: string[] = []
  return createApp({
    commands: {
      add: ({ text }: { text: string }, ctx) => {
        notes.push(text)
        ctx.app.emit('notes-changed', notes.length)
        return notes.length
      },
      wipe: () => notes.splice(0).length,
    },
    events: defineEvents<{ 'notes-changed': number }>(),
    windows: [{ label: 'main' }, { label: 'viewer' }],
    capabilities: [
      { identifier: 'main', windows: ['main'], permissions: ['allow-add', 'allow-wipe', 'core:default'] },
      { identifier: 'viewer', windows: ['viewer'], permissions: ['core:event:default'] },
    ],
    exitOnLastWindowClose: false,
  })
}

test('connectInMemory runs the real handlers with the window’s capabilities, events included', async (t) => {
  const app = notesApp()
  t.after(() => app.close())
  const main = await connectInMemory(app, { window: 'main' })
  const viewer = await connectInMemory(app, { window: 'viewer' })
  const heard: number[] = []
  await viewer.listen<number>('notes-changed', (e) => void heard.push(e.payload))
  const api = createClient<typeof app>(main)
  assert.equal(await api.invoke('add', { text: 'milk' }), 1)
  const denied = (await viewer.invoke('add', { text: 'spam' }).catch((e: unknown) => e)) as CausewayError
  assert.equal(denied.code, 'Forbidden', 'the viewer window is not granted add')
  await main.invoke('add', { text: 'eggs' })
  await eventually(() => heard.length === 2)
  assert.deepEqual(heard, [1, 2])
})

async function eventually(condition: () => boolean): Promise<void> {
  const { eventually: wait } = await import('causeway-test-support/eventually')
  await wait(condition, 'the condition')
}

afterEach(() => clearMocks())

test('mockBackend answers invoke from causewayjs/api in a plain Node test, events included', async () => {
  const backend = mockBackend((cmd, args) => {
    if (cmd === 'greet') return `Hello, ${(args as { name: string }).name}!`
    throw new Error(`unexpected ${cmd}`)
  })
  assert.equal(await invoke('greet', { name: 'Ada' }), 'Hello, Ada!')
  const failure = (await invoke('nope').catch((e: unknown) => e)) as CausewayError
  assert.equal(failure.code, 'Internal')
  assert.equal(failure.message, 'unexpected nope')
  const progress: number[] = []
  const unlisten = await listen<number>('job-progress', (e) => void progress.push(e.payload))
  backend.emit('job-progress', 10)
  await emit('job-progress', 20)
  await eventually(() => progress.length === 2)
  unlisten()
  backend.emit('job-progress', 30)
  await invoke('greet', { name: 'again' })
  assert.deepEqual(progress, [10, 20])
  assert.deepEqual(
    backend.calls.filter((c) => c.cmd === 'greet').map((c) => c.args),
    [{ name: 'Ada' }, { name: 'again' }],
  )
})

test('clearMocks removes the mock: the page connection is made afresh', () => {
  const first = mockBackend(() => 1)
  clearMocks()
  const second = mockBackend(() => 2)
  assert.notEqual(first.connection, second.connection)
  clearMocks()
  assert.equal((globalThis as Record<symbol, unknown>)[Symbol.for('causeway.page-connection')], undefined)
})
