/**
 * A `__CHANNEL__:<id>` string anywhere in a call's arguments becomes a backend Channel before the
 * handler runs. A handler that refuses the argument and quotes it back with JSON.stringify then
 * serializes the live Channel: through its output (the session) it reaches the app handle, the
 * managed state, the window registry and the credential table. The page that sent the string
 * receives all of it in the InvalidArgs message: the app's secrets and other windows' unused
 * launch tokens, which open those windows with their capabilities. When the walk meets a timer
 * the graph is circular and the call fails as Internal instead. Found by the fuzzer.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { CausewayError } from '../src/core/errors.ts'
import { startApp } from './support/app.ts'
import { connect } from './support/node-client.ts'

const SECRET = 'SECRET-API-KEY'

for (const [command, args] of [
  ['plugin:event|emit_to', { target: '__CHANNEL__:7', event: 'tick', payload: 1 }],
  ['plugin:event|listen', { target: { kind: 'Window', label: ['__CHANNEL__:8'] }, event: 'tick' }],
  ['plugin:resources|close', { rid: '__CHANNEL__:9' }],
] as const) {
  test(`${command}: a refused __CHANNEL__ argument is quoted without the backend behind it`, async (t) => {
    const { app, logger } = await startApp(t, {
      commands: {},
      state: { apiKey: SECRET },
      windows: [{ label: 'untrusted' }, { label: 'admin' }],
    })
    const untrusted = await connect(app.window('untrusted')?.launchUrl ?? '')
    // An unused launch token of another window, as an app holds while it opens that window.
    const adminToken = new URL(app.window('admin')?.launchUrl ?? '').searchParams.get('__causeway') ?? ''
    assert.ok(adminToken)
    await assert.rejects(untrusted.invoke(command, args), (error: CausewayError) => {
      assert.equal(error.code, 'InvalidArgs', error.message.slice(0, 300))
      assert.ok(!error.message.includes(SECRET), `the message holds the app's state: ${error.message.slice(0, 300)}`)
      assert.ok(!error.message.includes(adminToken), "the message holds another window's launch token")
      return true
    })
    assert.deepEqual(logger.errors, [])
  })
}
