/**
 * The backend over a real connection, without a browser: the test connects the way the main
 * window's page does, with the window's launch URL.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { connect, createClient } from 'causewayjs/node-client'
import { type App, app } from '../backend/app.ts'

test('greet answers, and an empty name fails with the typed error EmptyName', async (t) => {
  await app.run({ open: false, port: 0, quiet: true })
  t.after(() => app.close())
  const connection = await connect(app.window('main')!.launchUrl)
  t.after(() => connection.close())
  const api = createClient<App>(connection)

  assert.match(await api.invoke('greet', { name: 'Test' }), /^Hello, Test!/)

  const result = await api.tryInvoke('greet', { name: ' ' })
  assert.equal(result.ok, false)
  assert.equal(!result.ok && result.error.code === 'App' && result.error.kind, 'EmptyName')
})
