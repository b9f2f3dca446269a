/**
 * A backend run by a supervisor, as `causeway dev` runs it (this test plays the supervisor over the
 * IPC channel): the dev server's origin counts as the app's own and no other does; the window
 * credential still decides the window; each new session credential is reported; a stop closes the
 * page with 1012 "the backend is restarting"; the next backend accepts the reported credential as
 * the same window. In production the supervisor's variable is ignored.
 */
import assert from 'node:assert/strict'
import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { type TestContext, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { eventually } from 'causeway-test-support/eventually'
import WebSocket from 'ws'
import type { ExportedCredentials } from '../src/backend/credentials.ts'
import type { FromBackend, ToBackend } from '../src/backend/supervisor-protocol.ts'
import { IPC_PATH, PROTOCOL, SESSION_PROTOCOL_PREFIX, TOKEN_PROTOCOL_PREFIX, TOKEN_QUERY } from '../src/core/protocol.ts'

const fixture = fileURLToPath(new URL('./fixtures/supervised-app/main.ts', import.meta.url))
const DEV_ORIGIN = 'http://127.0.0.1:5999'

interface Backend {
  child: ChildProcess
  messages: FromBackend[]
  output: () => string
}

function startBackend(t: TestContext, env: NodeJS.ProcessEnv, init?: Omit<Extract<ToBackend, { t: 'init' }>, 't'>): Backend {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', fixture, '--no-open'], {
    env: { ...process.env, CAUSEWAY_SUPERVISOR: 'dev', ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  })
  t.after(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill()
  })
  const messages: FromBackend[] = []
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk))
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk))
  child.on('message', (message: FromBackend) => {
    messages.push(message)
    if (message.t === 'hello' && init) child.send({ t: 'init', ...init } satisfies ToBackend)
  })
  return { child, messages, output: () => output }
}

const ready = (backend: Backend) =>
  eventually(() => backend.messages.find((m): m is Extract<FromBackend, { t: 'ready' }> => m.t === 'ready'), 30_000, 'ready')

/** Opens the IPC socket of `origin` as a page of `pageOrigin` would, with `credential`; resolves once open, or with the refusal. */
function openSocket(backendOrigin: string, pageOrigin: string, credential: string): Promise<WebSocket | string> {
  const socket = new WebSocket(`${backendOrigin.replace('http', 'ws')}${IPC_PATH}`, [PROTOCOL, credential], { origin: pageOrigin })
  return new Promise((resolve) => {
    socket.once('open', () => resolve(socket))
    socket.once('unexpected-response', (_request, response) => {
      let body = ''
      response.on('data', (chunk: Buffer) => (body += chunk))
      response.on('end', () => resolve(`${response.statusCode} ${body}`))
    })
    socket.once('error', (error) => resolve(error.message))
  })
}

test('a supervised backend: dev origin, credentials reported and handed over, 1012 on stop', async (t) => {
  const first = startBackend(t, {}, { origin: DEV_ORIGIN, credentials: { sessions: {} }, browser: false })
  const { origin, launchUrl } = await ready(first)
  assert.equal(new URL(launchUrl).origin, DEV_ORIGIN, 'windows are launched at the dev server')
  const hello = first.messages.find((m) => m.t === 'hello')
  assert.deepEqual(hello?.t === 'hello' && hello.pageScripts, ['/__causeway/plugin/tauri/page.js', '/__causeway/plugin/window/page.js'])
  const token = new URL(launchUrl).searchParams.get(TOKEN_QUERY) as string

  assert.match(String(await openSocket(origin, 'http://evil.example', TOKEN_PROTOCOL_PREFIX + token)), /403 forbidden origin/)
  const page = await openSocket(origin, DEV_ORIGIN, TOKEN_PROTOCOL_PREFIX + token)
  assert.ok(page instanceof WebSocket, String(page))
  const [frame] = (await once(page, 'message')) as [Buffer]
  const greeting = JSON.parse(frame.toString()) as { t: string; label: string; session: string }
  assert.deepEqual([greeting.t, greeting.label], ['hello', 'main'])
  const reported = await eventually(() =>
    first.messages.findLast((m): m is Extract<FromBackend, { t: 'credentials' }> => m.t === 'credentials'),
  )
  assert.deepEqual(reported.credentials, { sessions: { main: greeting.session } } satisfies ExportedCredentials)

  const closed = once(page, 'close') as Promise<[number, Buffer]>
  first.child.send({ t: 'stop' } satisfies ToBackend)
  const [code, reason] = await closed
  assert.deepEqual([code, reason.toString()], [1012, 'the backend is restarting'])
  assert.deepEqual(await once(first.child, 'exit'), [0, null])

  const second = startBackend(t, {}, { origin: DEV_ORIGIN, credentials: reported.credentials, browser: false })
  const restarted = await ready(second)
  const again = await openSocket(restarted.origin, DEV_ORIGIN, SESSION_PROTOCOL_PREFIX + greeting.session)
  assert.ok(again instanceof WebSocket, String(again))
  const [frame2] = (await once(again, 'message')) as [Buffer]
  assert.equal((JSON.parse(frame2.toString()) as { label: string }).label, 'main', 'the same window, by its handed-over credential')
  assert.doesNotMatch(second.output(), /window `main` opened/, 'a window taken over is not announced as new')
  again.close()
})

test('in production the supervisor variable is ignored: the backend runs on its own', async (t) => {
  const backend = startBackend(t, { NODE_ENV: 'production' })
  await eventually(() => /open the main window at http:\/\/127\.0\.0\.1:\d+\//.test(backend.output()), 30_000, 'the launch URL')
  assert.deepEqual(backend.messages, [], 'no word to a supervisor')
})
