/**
 * Relative paths resolve against Tauri's BaseDirectory numbers, and scope variables resolve
 * against the app's paths, both through checkPath.
 */
import assert from 'node:assert/strict'
import { mkdir, mkdtemp, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import type { AppPaths, CommandContext } from '../src/backend/context.ts'
import { CausewayError } from '../src/core/errors.ts'
import { BaseDirectory, checkPath, fsCommands } from '../src/plugins/fs/index.ts'
import { handlerContext } from './support/context.ts'

let root: string
let paths: AppPaths
let ctx: CommandContext

function code(expected: string, fragment: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof CausewayError)
    assert.equal(error.code, expected)
    assert.match(error.message, fragment)
    return true
  }
}

before(async () => {
  root = await realpath(await mkdtemp(join(tmpdir(), 'causeway-fs-base-')))
  const dirs = ['data', 'config', 'cache', 'log', 'home', 'tmp', 'res']
  for (const name of dirs) await mkdir(join(root, name))
  // AppData reached through a symlink, as macOS's /var -> /private/var does to temp dirs.
  await symlink(join(root, 'data'), join(root, 'data-link'))
  paths = {
    appData: join(root, 'data-link'),
    appConfig: join(root, 'config'),
    appLocalData: join(root, 'data-link'),
    appCache: join(root, 'cache'),
    appLog: join(root, 'log'),
    home: join(root, 'home'),
    temp: join(root, 'tmp'),
    resource: join(root, 'res'),
  }
  ctx = await handlerContext({
    paths,
    scope: { allow: [{ path: '$APPDATA/**' }, { path: '$APPCONFIG/app.toml' }, '$TEMP/*.txt'], deny: [] },
  })
})

after(async () => {
  await rm(root, { recursive: true, force: true })
})

describe('base directories', () => {
  test('a relative path with baseDir AppData is written and read there, through a symlinked base', async () => {
    const options = { baseDir: BaseDirectory.AppData }
    assert.equal(await fsCommands.mkdir({ path: 'notes', options }, ctx), undefined)
    assert.equal(await fsCommands.write_text_file({ path: 'notes/today.md', contents: '# today', options }, ctx), undefined)
    assert.equal(await readFile(join(root, 'data', 'notes', 'today.md'), 'utf8'), '# today')
    assert.equal(
      new TextDecoder().decode((await fsCommands.read_text_file({ path: 'notes/today.md', options }, ctx)) as Uint8Array),
      '# today',
    )
  })

  test('checkPath returns the real path for AppConfig and Temp entries', async () => {
    await writeFile(join(root, 'config', 'app.toml'), 'x = 1')
    assert.equal(await checkPath('app.toml', ctx.scope, paths, { baseDir: BaseDirectory.AppConfig }), join(root, 'config', 'app.toml'))
    assert.equal(await checkPath('scratch.txt', ctx.scope, paths, { baseDir: BaseDirectory.Temp }), join(root, 'tmp', 'scratch.txt'))
    // `$APPCONFIG/app.toml` names one file, not its neighbours; `$TEMP/*.txt` only .txt files.
    await assert.rejects(
      checkPath('other.toml', ctx.scope, paths, { baseDir: BaseDirectory.AppConfig }),
      code('Forbidden', /outside the fs scope/),
    )
    await assert.rejects(
      checkPath('scratch.bin', ctx.scope, paths, { baseDir: BaseDirectory.Temp }),
      code('Forbidden', /outside the fs scope/),
    )
  })

  test('a base directory that is not in the scope gives nothing', async () => {
    await assert.rejects(checkPath('x.log', ctx.scope, paths, { baseDir: BaseDirectory.AppLog }), code('Forbidden', /outside the fs scope/))
  })

  test('a base directory Causeway has no path for is InvalidArgs', async () => {
    await assert.rejects(
      checkPath('a.png', ctx.scope, paths, { baseDir: BaseDirectory.Desktop }),
      code('InvalidArgs', /baseDir Desktop \(18\) is not supported; supported: Resource, Temp, AppConfig/),
    )
    await assert.rejects(checkPath('a.png', ctx.scope, paths, { baseDir: 99 }), code('InvalidArgs', /unknown baseDir 99/))
  })

  test('a relative path without baseDir is InvalidArgs', async () => {
    await assert.rejects(checkPath('notes/today.md', ctx.scope, paths), code('InvalidArgs', /needs options\.baseDir/))
  })

  test('a file URL is accepted like a path', async () => {
    const url = new URL(`file://${join(root, 'data', 'notes', 'today.md')}`).href
    assert.equal(await checkPath(url, ctx.scope, paths), join(root, 'data', 'notes', 'today.md'))
  })

  test('a scope entry with an unknown variable fails closed', async () => {
    await assert.rejects(
      checkPath(join(root, 'data', 'x'), { allow: [{ path: '$APPDATA/**' }], deny: [{ path: '$DOCUMENTS/**' }] }, paths),
      code('Forbidden', /unknown variable \$DOCUMENTS/),
    )
  })
})
