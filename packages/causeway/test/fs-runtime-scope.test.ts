/**
 * Paths granted to a window at run time (what a dialog picked): honoured for that window of that
 * app only, recursive or not, and still subject to deny entries.
 */
import assert from 'node:assert/strict'
import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import type { AppHandle } from '../src/backend/app-handle.ts'
import type { AppPaths, CommandContext } from '../src/backend/context.ts'
import { CausewayError } from '../src/core/errors.ts'
import { allowPathForWindow, forgetWindowGrants, fsCommands } from '../src/plugins/fs/index.ts'
import { contextIn, fsTestApp } from './support/context.ts'

let root: string
let picked: string
let paths: AppPaths

function contextFor(app: AppHandle, label: string, deny: unknown[] = []): CommandContext {
  return contextIn(app, { label, scope: { allow: [], deny } })
}

const forbidden = (error: unknown) => error instanceof CausewayError && error.code === 'Forbidden'
const text = (bytes: unknown) => new TextDecoder().decode(bytes as Uint8Array)

before(async () => {
  root = await realpath(await mkdtemp(join(tmpdir(), 'causeway-fs-runtime-')))
  picked = join(root, 'picked')
  await mkdir(join(picked, 'deep'), { recursive: true })
  await writeFile(join(picked, 'a.txt'), 'a')
  await writeFile(join(picked, 'deep', 'b.txt'), 'b')
  paths = { appData: root, appConfig: root, appLocalData: root, appCache: root, appLog: root, home: root, temp: root, resource: root }
})

after(async () => {
  await rm(root, { recursive: true, force: true })
})

describe('run-time scope grants', () => {
  test('a granted file is readable by that window only, and only in that app', async () => {
    const app = await fsTestApp(paths)
    const otherApp = await fsTestApp(paths)
    allowPathForWindow(app, 'main', join(picked, 'a.txt'))
    assert.equal(text(await fsCommands.read_text_file({ path: join(picked, 'a.txt') }, contextFor(app, 'main'))), 'a')
    await assert.rejects(fsCommands.read_text_file({ path: join(picked, 'a.txt') }, contextFor(app, 'settings')), forbidden)
    await assert.rejects(fsCommands.read_text_file({ path: join(picked, 'a.txt') }, contextFor(otherApp, 'main')), forbidden)
  })

  test('a non-recursive directory grant covers the directory itself, a recursive one the whole tree', async () => {
    const app = await fsTestApp(paths)
    allowPathForWindow(app, 'main', picked)
    const names = await fsCommands.read_dir({ path: picked }, contextFor(app, 'main'))
    assert.deepEqual((names as { name: string }[]).map((e) => e.name).sort(), ['a.txt', 'deep'], 'the directory itself can be listed')
    await assert.rejects(fsCommands.read_text_file({ path: join(picked, 'a.txt') }, contextFor(app, 'main')), forbidden)
    await assert.rejects(fsCommands.read_text_file({ path: join(picked, 'deep', 'b.txt') }, contextFor(app, 'main')), forbidden)
    allowPathForWindow(app, 'main', join(picked, 'a.txt'))
    await assert.rejects(
      fsCommands.write_text_file({ path: join(picked, 'a.txt', 'inside'), contents: 'x' }, contextFor(app, 'main')),
      forbidden,
    )
    allowPathForWindow(app, 'main', picked, { recursive: true })
    assert.equal(text(await fsCommands.read_text_file({ path: join(picked, 'deep', 'b.txt') }, contextFor(app, 'main'))), 'b')
  })

  test('deny entries of the window capabilities still win over a grant', async () => {
    const app = await fsTestApp(paths)
    allowPathForWindow(app, 'main', picked, { recursive: true })
    const ctx = contextFor(app, 'main', [{ path: `${picked}/deep` }])
    await assert.rejects(fsCommands.read_text_file({ path: join(picked, 'deep', 'b.txt') }, ctx), forbidden)
  })

  test('forgetting a window drops its grants', async () => {
    const app = await fsTestApp(paths)
    allowPathForWindow(app, 'main', join(picked, 'a.txt'))
    forgetWindowGrants(app, 'main')
    await assert.rejects(fsCommands.read_text_file({ path: join(picked, 'a.txt') }, contextFor(app, 'main')), forbidden)
  })

  test('a relative path cannot be granted', async () => {
    const app = await fsTestApp(paths)
    assert.throws(() => allowPathForWindow(app, 'main', 'picked/a.txt'), /needs an absolute path/)
  })
})
