/**
 * A call to a command that does not exist says what is missing: an app command gets "did you
 * mean" among the app's commands and where commands are registered; a command of Tauri's own names
 * the core API or plugin that is missing and whether Causeway implements it, with suggestions only
 * from the same plugin. In production the message says only that the command was not found.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import type { Connection } from '../src/api/connection.ts'
import { createApp } from '../src/index.ts'
import { fsPlugin } from '../src/plugins/fs/index.ts'
import { connectInMemory } from '../src/testing/index.ts'

async function open(t: import('node:test').TestContext, dev = true): Promise<Connection> {
  const app = createApp({
    commands: { read_file: () => 'text', greet: () => 'hi' },
    plugins: [fsPlugin()],
    dev,
    exitOnLastWindowClose: false,
  })
  t.after(() => app.close())
  return connectInMemory(app)
}

async function notFound(page: Connection, command: string): Promise<string> {
  const failure = await page.invoke(command).then(
    () => assert.fail(`${command} resolved`),
    (error: { code: string; message: string }) => error,
  )
  assert.equal(failure.code, 'CommandNotFound')
  return failure.message
}

test('an app command: did you mean, among app commands, and where commands are registered', async (t) => {
  const page = await open(t)
  assert.equal(
    await notFound(page, 'reed_file'),
    'command `reed_file` not found: did you mean `read_file`? Commands are registered in createApp({ commands: { ... } })',
  )
})

test('a core API Causeway does not implement is named, and nothing from another plugin is suggested', async (t) => {
  const page = await open(t)
  const message = await notFound(page, 'plugin:app|name')
  assert.equal(message, "command `plugin:app|name` not found: Causeway does not implement Tauri's core app API (@tauri-apps/api/app)")
  assert.doesNotMatch(message, /did you mean|createApp\(\{ commands/)
})

test('a command of a core API Causeway implements in part says which commands it has', async (t) => {
  const page = await open(t)
  assert.equal(
    await notFound(page, 'plugin:window|set_size'),
    "command `plugin:window|set_size` not found: Causeway does not implement `set_size` of Tauri's core window API (@tauri-apps/api/window); it implements get_all_windows, title, set_title, create, close",
  )
  assert.equal(
    await notFound(page, 'plugin:window|set_titel'),
    "command `plugin:window|set_titel` not found: Tauri's core window API (@tauri-apps/api/window) has no command `set_titel`; did you mean `plugin:window|set_title`?",
  )
})

test('a Tauri plugin that is not installed: Causeway’s port to register, or that there is none', async (t) => {
  const page = await open(t)
  assert.equal(
    await notFound(page, 'plugin:shell|spawn'),
    'command `plugin:shell|spawn` not found: Tauri\'s shell plugin (@tauri-apps/plugin-shell) is not installed. To use it, Causeway has no port of it: write a plugin named "shell" (definePlugin from causewayjs/plugin) with the commands the frontend calls',
  )
  assert.equal(
    await notFound(page, 'plugin:dialog|open'),
    "command `plugin:dialog|open` not found: Tauri's dialog plugin (@tauri-apps/plugin-dialog) is not installed. To use it, register dialogPlugin() from causewayjs/plugins/dialog in createApp({ plugins })",
  )
})

test('an installed plugin without the command, and a misspelt plugin name', async (t) => {
  const page = await open(t)
  assert.equal(await notFound(page, 'plugin:fs|watch'), 'command `plugin:fs|watch` not found: plugin `fs` has no command `watch`')
  assert.equal(
    await notFound(page, 'plugin:fs|read_txt_file'),
    'command `plugin:fs|read_txt_file` not found: plugin `fs` has no command `read_txt_file`; did you mean `plugin:fs|read_text_file`?',
  )
  assert.equal(
    await notFound(page, 'plugin:fss|read_file'),
    'command `plugin:fss|read_file` not found: no plugin `fss` is registered (plugins are added in createApp({ plugins: [...] })); did you mean `plugin:fs|read_file`?',
  )
})

test('in production the message names only the command', async (t) => {
  const page = await open(t, false)
  assert.equal(await notFound(page, 'plugin:app|name'), 'command `plugin:app|name` not found')
  assert.equal(await notFound(page, 'reed_file'), 'command `reed_file` not found')
})
