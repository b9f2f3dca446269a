/**
 * The hello app's handlers, run in process with `causewayjs/testing`: no port, no browser, the
 * real capabilities applied to the window the test connects as.
 */
import assert from 'node:assert/strict'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type TestContext, test } from 'node:test'
import { eventually } from 'causeway-test-support/eventually'
import { createClient, isCausewayError } from 'causewayjs/api'
import { connectInMemory } from 'causewayjs/testing'
import { createHelloApp } from '../backend/app.ts'

async function start(t: TestContext) {
  const resourceDir = await mkdtemp(join(tmpdir(), 'hello-backend-'))
  t.after(() => rm(resourceDir, { recursive: true, force: true }))
  await writeFile(join(resourceDir, 'note.txt'), 'a note')
  await mkdir(join(resourceDir, 'private'))
  await writeFile(join(resourceDir, 'private', 'key.txt'), 'secret')
  const app = createHelloApp({ resourceDir, jobStepMs: 1, exitOnLastWindowClose: false, logger: { info() {}, warn() {}, error() {} } })
  t.after(() => app.close())
  const page = await connectInMemory(app, { window: 'main' })
  return { app, page, api: createClient<typeof app>(page), resourceDir }
}

test('greet answers', async (t) => {
  const { api } = await start(t)
  assert.equal(await api.invoke('greet', { name: 'Ada' }), 'Hello, Ada!')
})

test('read_file reads inside the scope, and fails with the app’s own error kinds', async (t) => {
  const { api, resourceDir } = await start(t)
  assert.equal(await api.invoke('read_file', { path: 'note.txt' }), 'a note')
  const missing = await api.tryInvoke('read_file', { path: join(resourceDir, 'missing.txt') })
  assert.ok(!missing.ok && missing.error.code === 'App' && missing.error.kind === 'NotFound')
  const denied = await api.invoke('read_file', { path: join(resourceDir, 'private', 'key.txt') }).catch((e: unknown) => e)
  assert.ok(isCausewayError(denied, 'Forbidden'), 'the capability denies private/')
})

test('start_job reports progress to 100, then done', async (t) => {
  const { api } = await start(t)
  const progress: number[] = []
  let done = false
  await api.listen('job-progress', (e) => void progress.push(e.payload))
  await api.listen('job-done', () => {
    done = true
  })
  await api.invoke('start_job')
  await eventually(() => done, 'job-done arrives')
  assert.equal(progress.length, 100)
  assert.equal(progress.at(-1), 100)
})

test('a window the capabilities do not name is refused', async (t) => {
  const { app } = await start(t)
  await app.createWindow({ label: 'stranger' })
  const stranger = await connectInMemory(app, { window: 'stranger' })
  const error = await stranger.invoke('greet', { name: 'x' }).catch((e: unknown) => e)
  assert.ok(isCausewayError(error, 'Forbidden'))
})
