/**
 * Two apps in one process share nothing: plugin state, run-time fs grants, pending dialogs,
 * listeners and windows all belong to one app instance.
 */
import assert from 'node:assert/strict'
import { mkdtemp, realpath, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { definePlugin } from '../src/plugin-kit.ts'
import { dialogPlugin } from '../src/plugins/dialog/index.ts'
import { allowPathForWindow, fsPlugin } from '../src/plugins/fs/index.ts'
import { startApp } from './support/app.ts'
import { connect } from './support/node-client.ts'

const counter = () =>
  definePlugin<{ count: number }>({
    name: 'counter',
    state: () => ({ count: 0 }),
    commands: { increment: (_: undefined, ctx) => ++ctx.plugin.state.count },
  })

test('two apps in one process do not see each other’s state', async (t) => {
  const dir = await realpath(await mkdtemp(join(tmpdir(), 'causeway-isolation-')))
  t.after(() => rm(dir, { recursive: true, force: true }))
  const secret = join(dir, 'secret.txt')
  await writeFile(secret, 'only for app one')

  const plugin = counter()
  const one = await startApp(t, { commands: {}, plugins: [plugin, fsPlugin(), dialogPlugin()] })
  const two = await startApp(t, { commands: {}, plugins: [plugin, fsPlugin(), dialogPlugin()] })
  const a = await connect(one.launchUrl)
  const b = await connect(two.launchUrl)

  // The same plugin object registered in two apps has one state per app.
  assert.equal(await a.invoke('plugin:counter|increment'), 1)
  assert.equal(await a.invoke('plugin:counter|increment'), 2)
  assert.equal(await b.invoke('plugin:counter|increment'), 1)

  // A run-time grant in one app does not open the file in the other.
  allowPathForWindow(one.app, 'main', secret)
  assert.equal(
    await a.invoke('plugin:fs|read_text_file', { path: secret }).then((v) => new TextDecoder().decode(v as Uint8Array)),
    'only for app one',
  )
  await assert.rejects(
    b.invoke('plugin:fs|read_text_file', { path: secret }),
    (e: unknown) => (e as { code?: string }).code === 'Forbidden',
  )

  // Listeners and windows are per app.
  await a.listen('ping', () => {})
  assert.equal(one.app.listenerCount('ping'), 1)
  assert.equal(two.app.listenerCount('ping'), 0)
  await one.app.createWindow({ label: 'extra' })
  assert.deepEqual(
    two.app.windows().map((w) => w.label),
    ['main'],
  )
  assert.equal(one.app.plugin<{ count: number }>('counter')?.state.count, 2)
  assert.equal(two.app.plugin<{ count: number }>('counter')?.state.count, 1)
})
