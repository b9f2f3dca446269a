/**
 * Every way out of an fs scope is refused with `Forbidden`, and nothing outside is read, written
 * or removed. Real files and real symlinks in a fresh temp directory.
 */
import assert from 'node:assert/strict'
import { mkdir, mkdtemp, readdir, readFile, realpath, rm, stat, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import type { AppPaths, CommandContext } from '../src/backend/context.ts'
import { CausewayError } from '../src/core/errors.ts'
import { BaseDirectory, fsCommands } from '../src/plugins/fs/index.ts'
import { handlerContext } from './support/context.ts'

let root: string
let ctx: CommandContext
let outside: string

const SECRET = 'outside secret\n'

function forbidden(fragment: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof CausewayError, `expected CausewayError, got ${String(error)}`)
    assert.equal(error.code, 'Forbidden')
    assert.match(error.message, fragment)
    return true
  }
}

async function missing(path: string): Promise<boolean> {
  return stat(path).then(
    () => false,
    () => true,
  )
}

before(async () => {
  root = await realpath(await mkdtemp(join(tmpdir(), 'causeway-fs-escape-')))
  const appData = join(root, 'appdata')
  outside = join(root, 'outside')
  await mkdir(join(appData, 'secret'), { recursive: true })
  await mkdir(join(appData, 'keys'), { recursive: true })
  await mkdir(outside)
  await writeFile(join(outside, 'secret.txt'), SECRET)
  await writeFile(join(appData, 'note.txt'), 'inside\n')
  await writeFile(join(appData, 'secret', 'key.txt'), 'denied\n')
  await writeFile(join(appData, 'keys', 'id.key'), 'denied key\n')
  await symlink(join(outside, 'secret.txt'), join(appData, 'link-out'))
  await symlink('../outside/new.txt', join(appData, 'dangling'))
  await symlink(outside, join(appData, 'linkdir'))
  const paths: AppPaths = {
    appData,
    appConfig: join(root, 'config'),
    appLocalData: appData,
    appCache: join(root, 'cache'),
    appLog: join(root, 'log'),
    home: root,
    temp: join(root, 'tmp'),
    resource: join(root, 'res'),
  }
  ctx = await handlerContext({
    paths,
    origin: 'http://127.0.0.1:4321',
    scope: { allow: [{ path: '$APPDATA/**' }], deny: [{ path: '$APPDATA/secret' }, { path: '$APPDATA/**/*.key' }] },
    command: 'plugin:fs|read_text_file',
  })
})

after(async () => {
  await rm(root, { recursive: true, force: true })
})

describe('fs scope escapes', () => {
  test('`..` traversal is refused for reads and writes', async () => {
    await assert.rejects(fsCommands.read_text_file({ path: `${root}/appdata/../outside/secret.txt` }, ctx), forbidden(/`\.\.`/))
    await assert.rejects(
      fsCommands.read_text_file({ path: '../outside/secret.txt', options: { baseDir: BaseDirectory.AppData } }, ctx),
      forbidden(/`\.\.`/),
    )
    await assert.rejects(
      fsCommands.write_text_file({ path: `${root}/appdata/../outside/new.txt`, contents: 'x' }, ctx),
      forbidden(/`\.\.`/),
    )
    assert.ok(await missing(join(outside, 'new.txt')))
  })

  test('an absolute path outside the scope is refused and the file stays unchanged', async () => {
    await assert.rejects(fsCommands.read_file({ path: join(outside, 'secret.txt') }, ctx), forbidden(/outside the fs scope/))
    await assert.rejects(
      fsCommands.write_text_file({ path: join(outside, 'secret.txt'), contents: 'pwned' }, ctx),
      forbidden(/outside the fs scope/),
    )
    await assert.rejects(fsCommands.remove({ path: join(outside, 'secret.txt') }, ctx), forbidden(/outside the fs scope/))
    assert.equal(await readFile(join(outside, 'secret.txt'), 'utf8'), SECRET)
  })

  test('a symlink inside the scope pointing outside is refused, for reads and writes', async () => {
    const link = join(root, 'appdata', 'link-out')
    await assert.rejects(fsCommands.read_text_file({ path: link }, ctx), forbidden(/outside the fs scope/))
    await assert.rejects(fsCommands.write_text_file({ path: link, contents: 'pwned' }, ctx), forbidden(/outside the fs scope/))
    await assert.rejects(
      fsCommands.copy_file({ fromPath: link, toPath: join(root, 'appdata', 'copy.txt') }, ctx),
      forbidden(/outside the fs scope/),
    )
    await assert.rejects(fsCommands.read_dir({ path: join(root, 'appdata', 'linkdir') }, ctx), forbidden(/outside the fs scope/))
    await assert.rejects(
      fsCommands.write_text_file({ path: join(root, 'appdata', 'linkdir', 'new.txt'), contents: 'x' }, ctx),
      forbidden(/outside/),
    )
    assert.equal(await readFile(join(outside, 'secret.txt'), 'utf8'), SECRET)
    assert.ok(await missing(join(root, 'appdata', 'copy.txt')))
    assert.ok(await missing(join(outside, 'new.txt')))
  })

  test('writing through a dangling symlink does not create its target outside', async () => {
    await assert.rejects(
      fsCommands.write_text_file({ path: join(root, 'appdata', 'dangling'), contents: 'x' }, ctx),
      forbidden(/outside the fs scope/),
    )
    assert.ok(await missing(join(outside, 'new.txt')))
  })

  test('removing a symlink removes the link, never its target', async () => {
    const extra = join(root, 'appdata', 'link-to-remove')
    await symlink(join(outside, 'secret.txt'), extra)
    assert.equal(await fsCommands.remove({ path: extra }, ctx), undefined)
    assert.ok(await missing(extra))
    assert.equal(await readFile(join(outside, 'secret.txt'), 'utf8'), SECRET)
  })

  test('percent-encoded separators are refused, never decoded', async () => {
    for (const path of [
      `${root}/appdata/%2e%2e%2foutside/secret.txt`,
      `${root}/appdata/..%2Foutside%2Fsecret.txt`,
      `${root}/appdata/x%5c..%5csecret.txt`,
    ]) {
      await assert.rejects(fsCommands.read_text_file({ path }, ctx), forbidden(/percent-encoded separator/))
    }
    // The Tauri client URI-encodes the path header once; a %2f that survives decoding is an attempt.
    const headers = { path: encodeURIComponent(`${root}/appdata/%2e%2e%2foutside/new.txt`) }
    await assert.rejects(fsCommands.write_text_file(new TextEncoder().encode('x'), { ...ctx, headers }), forbidden(/percent-encoded/))
    assert.ok(await missing(join(outside, 'new.txt')))
  })

  test('a NUL byte is refused and nothing is written', async () => {
    await assert.rejects(fsCommands.write_text_file({ path: `${root}/appdata/a.txt\0.png`, contents: 'x' }, ctx), forbidden(/NUL byte/))
    assert.deepEqual(
      (await readdir(join(root, 'appdata'))).filter((n) => n.startsWith('a.txt')),
      [],
    )
  })

  test('a deny entry inside an allowed tree wins', async () => {
    await assert.rejects(
      fsCommands.read_text_file({ path: join(root, 'appdata', 'secret', 'key.txt') }, ctx),
      forbidden(/denied by the fs scope.*"\$APPDATA\/secret"/),
    )
    await assert.rejects(
      fsCommands.write_text_file({ path: join(root, 'appdata', 'secret', 'new.txt'), contents: 'x' }, ctx),
      forbidden(/denied/),
    )
    await assert.rejects(fsCommands.read_text_file({ path: join(root, 'appdata', 'keys', 'id.key') }, ctx), forbidden(/denied/))
    assert.ok(await missing(join(root, 'appdata', 'secret', 'new.txt')))
  })

  test('a tree holding a denied file can be neither removed nor moved', async () => {
    await assert.rejects(fsCommands.remove({ path: join(root, 'appdata', 'keys'), options: { recursive: true } }, ctx), forbidden(/denied/))
    await assert.rejects(
      fsCommands.rename({ oldPath: join(root, 'appdata', 'keys'), newPath: join(root, 'appdata', 'moved') }, ctx),
      forbidden(/denied/),
    )
    assert.equal(await readFile(join(root, 'appdata', 'keys', 'id.key'), 'utf8'), 'denied key\n')
    assert.ok(await missing(join(root, 'appdata', 'moved')))
  })

  test('a listing leaves out denied entries', async () => {
    const entries = await fsCommands.read_dir({ path: join(root, 'appdata') }, ctx)
    assert.ok(Array.isArray(entries))
    const names = entries.map((e) => e.name)
    assert.ok(names.includes('note.txt'))
    assert.equal(names.includes('secret'), false)
  })

  test('mkdir -p does not create parents outside the scope', async () => {
    const target = join(root, 'appdata', 'cache', 'img')
    const onlyImg = { ...ctx, scope: { allow: [{ path: '$APPDATA/cache/img/**' }], deny: [] } }
    await assert.rejects(fsCommands.mkdir({ path: target, options: { recursive: true } }, onlyImg), forbidden(/outside the fs scope/))
    assert.ok(await missing(join(root, 'appdata', 'cache')))
    const wholeCache = { ...ctx, scope: { allow: [{ path: '$APPDATA/cache/**' }], deny: [] } }
    assert.equal(await fsCommands.mkdir({ path: target, options: { recursive: true } }, wholeCache), undefined)
  })

  test('an empty scope allows nothing', async () => {
    const none = { ...ctx, scope: { allow: [], deny: [] } }
    await assert.rejects(fsCommands.read_text_file({ path: join(root, 'appdata', 'note.txt') }, none), forbidden(/outside the fs scope/))
  })
})
