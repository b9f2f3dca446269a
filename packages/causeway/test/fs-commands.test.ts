/**
 * The fs commands called as plain functions with a hand-built context, on real files: what each
 * returns inside the scope, and the typed error each failure becomes.
 */
import assert from 'node:assert/strict'
import { mkdir, mkdtemp, readFile, realpath, rm, stat, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import type { AppPaths, CommandContext } from '../src/backend/context.ts'
import { CausewayError, isErr } from '../src/core/errors.ts'
import { fsCommands, fsPlugin } from '../src/plugins/fs/index.ts'
import { handlerContext } from './support/context.ts'

let dir: string
let ctx: CommandContext

before(async () => {
  const root = await realpath(await mkdtemp(join(tmpdir(), 'causeway-fs-cmd-')))
  dir = join(root, 'data')
  await mkdir(dir)
  const paths: AppPaths = {
    appData: dir,
    appConfig: dir,
    appLocalData: dir,
    appCache: dir,
    appLog: dir,
    home: root,
    temp: root,
    resource: root,
  }
  ctx = await handlerContext({ paths, scope: { allow: [{ path: '$APPDATA/**' }], deny: [] } })
})

after(async () => {
  await rm(join(dir, '..'), { recursive: true, force: true })
})

const decode = (bytes: unknown) => new TextDecoder().decode(bytes as Uint8Array)

describe('fs commands', () => {
  test('the plugin registers every command under its Tauri wire name', () => {
    const plugin = fsPlugin()
    assert.equal(plugin.name, 'fs')
    assert.deepEqual(Object.keys(plugin.commands ?? {}).sort(), [
      'copy_file',
      'exists',
      'lstat',
      'mkdir',
      'read_dir',
      'read_file',
      'read_text_file',
      'remove',
      'rename',
      'stat',
      'write_file',
      'write_text_file',
    ])
  })

  test('write_text_file then read_text_file round-trips, answering with bytes as Tauri does', async () => {
    const path = join(dir, 'note.txt')
    assert.equal(await fsCommands.write_text_file({ path, contents: 'héllo' }, ctx), undefined)
    assert.equal(await readFile(path, 'utf8'), 'héllo')
    const bytes = await fsCommands.read_text_file({ path }, ctx)
    assert.ok(bytes instanceof Uint8Array)
    assert.equal(decode(bytes), 'héllo')
  })

  test('write_file accepts Tauri raw bytes with path and options headers, and number arrays', async () => {
    const path = join(dir, 'raw.bin')
    const headers = { path: encodeURIComponent(path), options: JSON.stringify({ append: false }) }
    assert.equal(await fsCommands.write_file(new Uint8Array([1, 2, 3]), { ...ctx, headers }), undefined)
    assert.deepEqual([...(await readFile(path))], [1, 2, 3])
    await fsCommands.write_file({ path, contents: [4, 5], options: { append: true } }, ctx)
    const bytes = await fsCommands.read_file({ path }, ctx)
    assert.ok(bytes instanceof Uint8Array)
    assert.deepEqual([...bytes], [1, 2, 3, 4, 5])
  })

  test('createNew refuses an existing file with AlreadyExists; create: false refuses a missing one with NotFound', async () => {
    const path = join(dir, 'once.txt')
    assert.equal(await fsCommands.write_text_file({ path, contents: 'a', options: { createNew: true } }, ctx), undefined)
    const again = await fsCommands.write_text_file({ path, contents: 'b', options: { createNew: true } }, ctx)
    assert.ok(isErr(again))
    assert.equal(again.kind, 'AlreadyExists')
    assert.equal(await readFile(path, 'utf8'), 'a')
    const missing = await fsCommands.write_text_file({ path: join(dir, 'nope.txt'), contents: 'x', options: { create: false } }, ctx)
    assert.ok(isErr(missing))
    assert.equal(missing.kind, 'NotFound')
  })

  test('reading a missing file is a NotFound error carrying the requested path', async () => {
    const path = join(dir, 'absent.txt')
    const result = await fsCommands.read_text_file({ path }, ctx)
    assert.ok(isErr(result))
    assert.equal(result.kind, 'NotFound')
    assert.equal(result.data, path)
    assert.equal(result.message, `not found: ${path}`)
  })

  test('mkdir, read_dir, exists and stat describe what is there', async () => {
    assert.equal(await fsCommands.mkdir({ path: join(dir, 'a', 'b'), options: { recursive: true } }, ctx), undefined)
    const existing = await fsCommands.mkdir({ path: join(dir, 'a') }, ctx)
    assert.ok(isErr(existing))
    assert.equal(existing.kind, 'AlreadyExists')
    await writeFile(join(dir, 'a', 'f.txt'), '12345')
    await symlink(join(dir, 'a', 'f.txt'), join(dir, 'a', 'l'))
    const entries = await fsCommands.read_dir({ path: join(dir, 'a') }, ctx)
    assert.ok(Array.isArray(entries))
    assert.deepEqual(
      [...entries].sort((x, y) => x.name.localeCompare(y.name)),
      [
        { name: 'b', isDirectory: true, isFile: false, isSymlink: false },
        { name: 'f.txt', isDirectory: false, isFile: true, isSymlink: false },
        { name: 'l', isDirectory: false, isFile: false, isSymlink: true },
      ],
    )
    assert.equal(await fsCommands.exists({ path: join(dir, 'a', 'f.txt') }, ctx), true)
    assert.equal(await fsCommands.exists({ path: join(dir, 'a', 'zzz') }, ctx), false)
    const info = await fsCommands.stat({ path: join(dir, 'a', 'l') }, ctx)
    assert.ok(!isErr(info))
    assert.equal(info.isFile, true)
    assert.equal(info.size, 5)
    assert.equal(typeof info.mtime, 'number')
    assert.ok(Math.abs((info.mtime ?? 0) - (await stat(join(dir, 'a', 'f.txt'))).mtimeMs) < 1)
    const link = await fsCommands.lstat({ path: join(dir, 'a', 'l') }, ctx)
    assert.ok(!isErr(link))
    assert.equal(link.isSymlink, true)
  })

  test('rename and copy_file move and duplicate inside the scope', async () => {
    await writeFile(join(dir, 'from.txt'), 'content')
    assert.equal(await fsCommands.copy_file({ fromPath: join(dir, 'from.txt'), toPath: join(dir, 'copy.txt') }, ctx), undefined)
    assert.equal(await fsCommands.rename({ oldPath: join(dir, 'from.txt'), newPath: join(dir, 'to.txt') }, ctx), undefined)
    assert.equal(await readFile(join(dir, 'copy.txt'), 'utf8'), 'content')
    assert.equal(await readFile(join(dir, 'to.txt'), 'utf8'), 'content')
    assert.equal(await fsCommands.exists({ path: join(dir, 'from.txt') }, ctx), false)
  })

  test('remove refuses a non-empty directory without recursive, and removes it with', async () => {
    await mkdir(join(dir, 'tree', 'sub'), { recursive: true })
    await writeFile(join(dir, 'tree', 'sub', 'x'), 'x')
    const refused = await fsCommands.remove({ path: join(dir, 'tree') }, ctx)
    assert.ok(isErr(refused))
    assert.equal(refused.kind, 'DirectoryNotEmpty')
    assert.equal(await fsCommands.remove({ path: join(dir, 'tree'), options: { recursive: true } }, ctx), undefined)
    assert.equal(await fsCommands.exists({ path: join(dir, 'tree') }, ctx), false)
  })

  test('reading a directory as a file is IsADirectory', async () => {
    const result = await fsCommands.read_file({ path: dir }, ctx)
    assert.ok(isErr(result))
    assert.equal(result.kind, 'IsADirectory')
  })

  test('malformed arguments are InvalidArgs naming the field', async () => {
    await assert.rejects(fsCommands.read_text_file({ path: 42 }, ctx), (error: unknown) => {
      assert.ok(error instanceof CausewayError)
      assert.equal(error.code, 'InvalidArgs')
      assert.match(error.message, /read_text_file at path/)
      return true
    })
  })
})
