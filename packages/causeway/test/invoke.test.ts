import assert from 'node:assert/strict'
import { test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { type CausewayError, defineErrors, err, isCausewayError } from '../src/core/errors.ts'
import { startApp } from './support/app.ts'
import { connect } from './support/node-client.ts'

const FileError = defineErrors({
  Io: (detail: string) => `io error: ${detail}`,
  NotFound: () => 'not found',
})

const commands = {
  greet: ({ name }: { name: string }) => `Hello, ${name}!`,
  add_later: async ({ a, b }: { a: number; b: number }) => {
    await sleep(5)
    return a + b
  },
  nothing: () => undefined,
  whoami: (_: unknown, ctx: { window: { label: string } }) => ctx.window.label,
  read_file: async ({ path }: { path: string }) =>
    path === 'missing' ? FileError.NotFound() : path === 'broken' ? FileError.Io('disk on fire') : `content of ${path}`,
  throws_app: () => {
    throw err('Busy', { retryAfter: 3 })
  },
  throws_plain: () => {
    throw new TypeError('kaboom')
  },
  rejects_string: async () => {
    throw 'just a string'
  },
}

test('a sync handler answers with its value', async (t) => {
  const { launchUrl } = await startApp(t, { commands })
  const client = await connect(launchUrl)
  assert.equal(await client.invoke('greet', { name: 'World' }), 'Hello, World!')
})

test('an async handler answers once it resolves, and calls interleave by id', async (t) => {
  const { launchUrl } = await startApp(t, { commands })
  const client = await connect(launchUrl)
  const [slow, fast] = await Promise.all([client.invoke('add_later', { a: 2, b: 3 }), client.invoke('greet', { name: 'x' })])
  assert.equal(slow, 5)
  assert.equal(fast, 'Hello, x!')
})

test('a void handler resolves to undefined', async (t) => {
  const { launchUrl } = await startApp(t, { commands })
  const client = await connect(launchUrl)
  assert.equal(await client.invoke('nothing'), undefined)
})

test('the handler sees the window label the server assigned', async (t) => {
  const { launchUrl } = await startApp(t, { commands })
  const client = await connect(launchUrl)
  assert.equal(await client.invoke('whoami'), 'main')
})

test('an unregistered command is a CommandNotFound error suggesting the closest name', async (t) => {
  const { launchUrl } = await startApp(t, { commands })
  const client = await connect(launchUrl)
  const error = await client.invoke('reed_file', { path: 'x' }).catch((e: unknown) => e)
  assert.ok(isCausewayError(error, 'CommandNotFound'))
  assert.match(error.message, /command `reed_file` not found: did you mean `read_file`\?/)
  assert.match(error.message, /createApp\(\{ commands/)
})

test('in production the not-found message does not list other commands', async (t) => {
  const { launchUrl } = await startApp(t, { commands, dev: false })
  const client = await connect(launchUrl)
  const error = (await client.invoke('reed_file').catch((e: unknown) => e)) as CausewayError
  assert.equal(error.code, 'CommandNotFound')
  assert.equal(error.message, 'command `reed_file` not found')
})

test('an application error arrives with its kind, data and message, and narrows', async (t) => {
  const { launchUrl } = await startApp(t, { commands })
  const client = await connect(launchUrl)
  const missing = await client.invoke('read_file', { path: 'missing' }).catch((e: unknown) => e)
  assert.ok(isCausewayError(missing, 'NotFound'))
  assert.equal(missing.code, 'App')
  assert.equal(missing.message, 'not found')
  const io = await client.invoke('read_file', { path: 'broken' }).catch((e: unknown) => e)
  assert.ok(isCausewayError(io, 'Io'))
  assert.equal(io.data, 'disk on fire')
  assert.equal(io.message, 'io error: disk on fire')
  assert.equal(isCausewayError(io, 'NotFound'), false)
})

test('a thrown err() is an application error too', async (t) => {
  const { launchUrl } = await startApp(t, { commands })
  const client = await connect(launchUrl)
  const error = (await client.invoke('throws_app').catch((e: unknown) => e)) as CausewayError
  assert.equal(error.code, 'App')
  assert.equal(error.kind, 'Busy')
  assert.deepEqual(error.data, { retryAfter: 3 })
})

test('anything else thrown becomes Internal with its message; stacks only in development', async (t) => {
  const dev = await startApp(t, { commands, dev: true })
  const devError = (await (await connect(dev.launchUrl)).invoke('throws_plain').catch((e: unknown) => e)) as CausewayError
  assert.equal(devError.code, 'Internal')
  assert.equal(devError.message, 'kaboom')
  assert.match(devError.stack ?? '', /backend\/(dispatcher|session)\.ts/, 'the backend stack reaches the page')
  assert.ok(
    dev.logger.errors.some((line) => line.includes('kaboom')),
    'the backend logs the unexpected error',
  )

  const prod = await startApp(t, { commands, dev: false })
  const prodError = (await (await connect(prod.launchUrl)).invoke('throws_plain').catch((e: unknown) => e)) as CausewayError
  assert.equal(prodError.code, 'Internal')
  assert.doesNotMatch(prodError.stack ?? '', /runHandler/, 'no backend stack in production')
})

test('a rejected string keeps its text, never {}', async (t) => {
  const { launchUrl } = await startApp(t, { commands })
  const error = (await (await connect(launchUrl)).invoke('rejects_string').catch((e: unknown) => e)) as CausewayError
  assert.equal(error.code, 'Internal')
  assert.equal(error.message, 'just a string')
})
