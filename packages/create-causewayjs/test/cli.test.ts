/**
 * The scaffolder's command line, run as a user runs it: flags, defaults without a terminal or with
 * CI set, the files each template writes, names derived from the directory, and refusals.
 */
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { checkoutPackage } from '../src/causeway-dependency.js'
import { CAUSEWAY_RANGE, manifest } from '../src/manifest.js'
import { packageName } from '../src/names.js'
import { readOptions } from '../src/options.js'
import { ask } from '../src/prompt.js'

const CLI = fileURLToPath(new URL('../index.js', import.meta.url))

/** Runs the scaffolder in `cwd`; resolves with its exit code and output, never rejects. */
async function create(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, ...env } })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

const SHARED = [
  '.gitignore',
  'README.md',
  'backend/app.ts',
  'backend/main.ts',
  'capabilities/default.json',
  'frontend/index.html',
  'frontend/style.css',
  'package.json',
  'test/backend.test.ts',
  'test/browser.test.ts',
  'tsconfig.json',
  'vite.config.ts',
]

test('each template writes its files, with the app’s names filled in', async () => {
  const files = {
    vanilla: [...SHARED, 'frontend/main.ts'].sort(),
    react: [...SHARED, 'frontend/App.tsx', 'frontend/api.ts', 'frontend/main.tsx'].sort(),
  }
  for (const [template, expected] of Object.entries(files)) {
    const cwd = await mkdtemp(join(tmpdir(), 'create-causewayjs-'))
    const { code, stdout } = await create(cwd, ['My Notes', '--template', template, '--causeway', CAUSEWAY_RANGE])
    assert.equal(code, 0)
    assert.match(stdout, /cd "My Notes"\n {2}npm install\n {2}npm start/)
    const dir = join(cwd, 'My Notes')
    const written = (await readdir(dir, { recursive: true, withFileTypes: true }))
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
      .sort()
    assert.deepEqual(written, expected)
    const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'))
    assert.equal(manifest.name, 'my-notes')
    assert.equal(manifest.dependencies.causewayjs, CAUSEWAY_RANGE)
    assert.equal(Boolean(manifest.dependencies.react), template === 'react')
    for (const file of written)
      assert.doesNotMatch(await readFile(join(dir, file), 'utf8'), /\{\{\w+\}\}/, `${file} has no placeholder left`)
  }
})

test('without a terminal, or with CI set, or --yes, it asks nothing and takes the defaults', async () => {
  const cwd = await mkdtemp(join(tmpdir(), 'create-causewayjs-'))
  assert.equal((await create(cwd, ['--causeway', '1.2.3'], { CI: '1' })).code, 0)
  const manifest = JSON.parse(await readFile(join(cwd, 'causeway-app', 'package.json'), 'utf8'))
  assert.equal(manifest.name, 'causeway-app')
  assert.equal(manifest.dependencies.react, undefined, 'vanilla by default')
  assert.equal(manifest.dependencies.causewayjs, '1.2.3')

  const interactive = (argv: string[], env: NodeJS.ProcessEnv, isTTY = true) => {
    const options = readOptions(argv, { env, isTTY })
    return !options.help && options.interactive
  }
  assert.equal(interactive(['a'], {}), true)
  assert.equal(interactive(['a'], { CI: 'false' }), true)
  assert.equal(interactive(['a'], { CI: '1' }), false)
  assert.equal(interactive(['a', '-y'], {}), false)
  assert.equal(interactive(['a'], {}, false), false)
})

test('asked, it keeps answers typed ahead, takes Enter as the default, asks again after a wrong template', async () => {
  const input = new PassThrough()
  const output = new PassThrough()
  let shown = ''
  output.on('data', (chunk: Buffer) => (shown += chunk))
  input.end('notes\nsvelte\n\n')
  assert.deepEqual(await ask({ dir: undefined, template: undefined }, input, output), { dir: 'notes', template: 'vanilla' })
  assert.match(shown, /Directory for the app \(causeway-app\): /)
  assert.match(shown, /no template `svelte`: choose vanilla or react/)

  const ended = new PassThrough()
  ended.end('')
  await assert.rejects(ask({ dir: 'a', template: undefined }, ended, new PassThrough()), /the input ended before an answer/)
})

test('it refuses a directory with files in it, an unknown template and two directories, and says why', async () => {
  const cwd = await mkdtemp(join(tmpdir(), 'create-causewayjs-'))
  await mkdir(join(cwd, 'taken'))
  await writeFile(join(cwd, 'taken', 'notes.txt'), 'mine')
  const taken = await create(cwd, ['taken', '--yes'])
  assert.equal(taken.code, 1)
  assert.match(taken.stderr, /^create-causewayjs: taken is not empty: choose a new directory name/)
  assert.equal(await readFile(join(cwd, 'taken', 'notes.txt'), 'utf8'), 'mine')

  const unknown = await create(cwd, ['app', '--template', 'svelte'])
  assert.equal(unknown.code, 1)
  assert.match(unknown.stderr, /no template `svelte`: choose vanilla or react/)

  assert.match((await create(cwd, ['a', 'b'])).stderr, /one directory please/)
})

test('names: a valid npm name from the directory (Causeway makes the identifier dev.causeway.<name>)', () => {
  assert.equal(packageName('/x/My Notes!'), 'my-notes')
  assert.equal(packageName('.hidden'), 'hidden')
})

test('by default the app asks for the release; run from a checkout, the scaffolder finds the checkout’s package', async () => {
  assert.equal((manifest('app', 'vanilla').dependencies as Record<string, string>)['causewayjs'], CAUSEWAY_RANGE)
  assert.equal(checkoutPackage(), fileURLToPath(new URL('../../causeway/', import.meta.url)))
  assert.equal(checkoutPackage(new URL('file:///nowhere/create-causewayjs/src/x.js')), undefined)
})

test('the causewayjs range the templates ask for includes the version in this repository', async () => {
  const { version } = JSON.parse(await readFile(new URL('../../causeway/package.json', import.meta.url), 'utf8'))
  const [major, minor] = version.split('.')
  assert.equal(CAUSEWAY_RANGE, `^${major}.${minor}.0`)
})
