/**
 * Type behaviour of the typed client, checked by `tsc` as part of `npm test`: what must compile
 * (expectTypeOf) and what must not (@ts-expect-error). The runtime half calls a real backend.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { expectTypeOf } from 'expect-type'
import type { Channel as PageChannel } from '../src/api/channel.ts'
import { type CommandsOf, createTypedClient, type InvokeError } from '../src/api/typed-client.ts'
import type { Channel } from '../src/backend/channel.ts'
import type { CommandContext } from '../src/backend/context.ts'
import { defineErrors, err } from '../src/core/errors.ts'
import { createApp, defineEvents } from '../src/index.ts'
import { allowAll } from './support/app.ts'
import { connect } from './support/node-client.ts'

const FileError = defineErrors({ Io: (detail: string) => `io error: ${detail}`, NotFound: () => 'not found' })

const commands = {
  greet: ({ name }: { name: string }) => `Hello, ${name}!`,
  read_file: async ({ path }: { path: string }) =>
    path === 'missing' ? FileError.NotFound() : path === 'bad' ? FileError.Io('bad disk') : `content of ${path}`,
  count: () => 3,
  maybe: (args?: { n?: number }) => args?.n ?? 0,
  quota: (_: undefined, ctx: CommandContext) =>
    ctx.window.label === 'main' ? { used: 1, total: 2 } : err('NoQuota', { label: ctx.window.label }),
  stream: async ({ onItem }: { onItem: Channel<string> }) => {
    await onItem.send('a')
  },
}

function makeApp() {
  return createApp({
    commands,
    events: defineEvents<{ 'job-progress': number; 'job-done': null }>(),
    policy: allowAll,
    exitOnLastWindowClose: false,
  })
}
type App = ReturnType<typeof makeApp>

// Only a type is needed on the page side; the connection is supplied at runtime.
declare const api: ReturnType<typeof createTypedClient<App>>

function typeChecks() {
  // Results are inferred from the handlers, minus their err() returns.
  expectTypeOf(api.invoke('greet', { name: 'x' })).resolves.toEqualTypeOf<string>()
  expectTypeOf(api.invoke('read_file', { path: 'p' })).resolves.toEqualTypeOf<string>()
  expectTypeOf(api.invoke('count')).resolves.toEqualTypeOf<number>()
  expectTypeOf(api.invoke('maybe')).resolves.toEqualTypeOf<number>()
  expectTypeOf(api.invoke('quota')).resolves.toEqualTypeOf<{ used: number; total: number }>()

  // Each command's error kinds reach the client.
  type ReadError = InvokeError<CommandsOf<App>['read_file']>
  expectTypeOf<Extract<ReadError, { code: 'App' }>['kind']>().toEqualTypeOf<'Io' | 'NotFound'>()
  void (async () => {
    const r = await api.tryInvoke('read_file', { path: 'p' })
    if (!r.ok && r.error.code === 'App') {
      expectTypeOf(r.error.kind).toEqualTypeOf<'Io' | 'NotFound'>()
      if (r.error.kind === 'Io') expectTypeOf(r.error.data).toEqualTypeOf<string>()
    }
    const q = await api.tryInvoke('quota')
    if (!q.ok && q.error.code === 'App') expectTypeOf(q.error.data).toEqualTypeOf<{ label: string }>()
  })

  // A backend Channel<T> argument is a page Channel<T>.
  expectTypeOf(api.invoke).toBeCallableWith('stream', { onItem: {} as PageChannel<string> })

  // Event payloads are typed.
  void api.listen('job-progress', (e) => expectTypeOf(e.payload).toEqualTypeOf<number>())
  void api.emit('job-progress', 5)

  // @ts-expect-error an unregistered command does not compile
  void api.invoke('reed_file', { path: 'p' })
  // @ts-expect-error missing arguments
  void api.invoke('greet')
  // @ts-expect-error wrong argument type
  void api.invoke('greet', { name: 42 })
  // @ts-expect-error misspelled argument
  void api.invoke('read_file', { pth: 'p' })
  // @ts-expect-error an unknown event
  void api.listen('job-progres', () => {})
  // @ts-expect-error a wrong payload type
  void api.emit('job-progress', 'fifty')
  void (async () => {
    const r = await api.tryInvoke('read_file', { path: 'p' })
    // @ts-expect-error an error kind the command cannot produce
    if (!r.ok && r.error.code === 'App' && r.error.kind === 'Timeout') return
  })
  // @ts-expect-error a page Channel of the wrong message type
  void api.invoke('stream', { onItem: {} as PageChannel<number> })
}
void typeChecks

test('the typed client calls the backend and returns typed failures as values', async (t) => {
  const app = makeApp()
  const { launchUrl } = await app.run({ open: false, quiet: true })
  t.after(() => app.close())
  const connection = await connect(launchUrl)
  const client = createTypedClient<App>(() => connection)
  assert.equal(await client.invoke('greet', { name: 'types' }), 'Hello, types!')
  const missing = await client.tryInvoke('read_file', { path: 'missing' })
  assert.equal(missing.ok, false)
  if (!missing.ok) {
    assert.equal(missing.error.code, 'App')
    assert.equal(missing.error.kind, 'NotFound')
  }
  const unknown = await client.tryInvoke('nope' as 'greet', { name: 'x' })
  assert.ok(!unknown.ok && unknown.error.code === 'CommandNotFound')
  assert.deepEqual(await client.invoke('quota'), { used: 1, total: 2 })
})
