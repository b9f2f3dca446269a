import assert from 'node:assert/strict'
import { test } from 'node:test'
import { startApp } from './support/app.ts'
import { connect } from './support/node-client.ts'

test('the same handler listening twice to one event warns in development', async (t) => {
  const { launchUrl } = await startApp(t, { commands: {}, dev: true })
  const client = await connect(launchUrl)
  const handler = () => {}
  await client.listen('job-progress', handler)
  await client.listen('job-progress', () => {})
  await client.listen('job-done', handler)
  assert.equal(client.warnings.length, 0, 'a different handler, or another event, is fine')
  await client.listen('job-progress', handler)
  assert.equal(client.warnings.length, 1)
  assert.match(client.warnings[0]!, /listen\('job-progress'\): this handler is already listening.*unlisten/)
})

test('after unlisten, listening again with the same handler does not warn', async (t) => {
  const { launchUrl } = await startApp(t, { commands: {}, dev: true })
  const client = await connect(launchUrl)
  const handler = () => {}
  const unlisten = await client.listen('tick', handler)
  unlisten()
  await client.listen('tick', handler)
  assert.deepEqual(client.warnings, [])
})

test('in production it stays quiet', async (t) => {
  const { launchUrl } = await startApp(t, { commands: {}, dev: false })
  const client = await connect(launchUrl)
  const handler = () => {}
  await client.listen('tick', handler)
  await client.listen('tick', handler)
  assert.deepEqual(client.warnings, [])
})
