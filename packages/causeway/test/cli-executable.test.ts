/**
 * `build.executable`: the app as one file (a Node single executable application). Copied alone
 * into an empty folder, it unpacks itself into the app's cache folder, answers a call, and keeps
 * its data where the app's identifier says; a second start reuses what the first unpacked.
 */
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type TestContext, test } from 'node:test'
import { connect } from '../src/node-client/index.ts'
import { edit, runCli, scaffoldApp } from './support/cli-app.ts'

/** Runs the executable with `--no-open` until it prints its launch URL, asks it for its data folder, stops it. */
async function ask(t: TestContext, executable: string, env: NodeJS.ProcessEnv): Promise<string> {
  const child = spawn(executable, ['--no-open'], { env: { ...process.env, NODE_OPTIONS: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  const exited = new Promise((resolve) => child.once('exit', resolve))
  t.after(() => child.kill())
  let output = ''
  const url = await new Promise<string>((resolve, reject) => {
    const read = (chunk: Buffer) => {
      output += chunk
      const match = /open the main window at (\S+)/.exec(output)
      if (match) resolve(match[1] as string)
    }
    child.stdout.on('data', read)
    child.stderr.on('data', read)
    child.once('exit', (code) => reject(new Error(`the executable exited (${code}):\n${output}`)))
  })
  const connection = await connect(url)
  assert.match(await connection.invoke<string>('greet', { name: 'one file' }), /^Hello, one file!/)
  const dataDir = await connection.invoke<string>('data_dir')
  connection.close()
  child.kill()
  await exited
  return dataDir
}

test('build.executable: one file that runs alone', async (t) => {
  const app = await scaffoldApp(t, 'one-file')
  await edit(
    join(app, 'backend', 'app.ts'),
    'commands: { greet, count, system_info },',
    'commands: { greet, count, system_info, data_dir },',
  )
  await edit(
    join(app, 'backend', 'app.ts'),
    'export const app = createApp({',
    'function data_dir(_: undefined, ctx: CommandContext) {\n  return ctx.app.paths.appData\n}\n\nexport const app = createApp({',
  )
  await edit(join(app, 'capabilities', 'default.json'), '"allow-count"]', '"allow-count", "allow-data-dir"]')
  await writeFile(join(app, 'causeway.config.ts'), 'export default { build: { executable: true } }\n')

  const build = runCli(t, ['build'], app)
  const [summary] = await build.line(/Single executable: release\/one-file \(\d+ MB\)/, 120_000)
  t.diagnostic(summary)
  assert.equal(await build.exited, 0)

  const alone = await mkdtemp(join(tmpdir(), 'causeway-one-file-'))
  t.after(() => rm(alone, { recursive: true, force: true }))
  await copyFile(join(app, 'release', 'one-file'), join(alone, 'one-file'))
  await rm(app, { recursive: true, force: true })
  const env = { XDG_DATA_HOME: join(alone, 'data'), XDG_CACHE_HOME: join(alone, 'cache') }

  assert.equal(await ask(t, join(alone, 'one-file'), env), join(alone, 'data', 'dev.causeway.one-file'))
  const unpacked = readdirSync(join(alone, 'cache', 'dev.causeway.one-file'))
  assert.equal(unpacked.length, 1, 'one folder per build')
  assert.match(unpacked[0] as string, /^app-[0-9a-f]{16}$/)
  await ask(t, join(alone, 'one-file'), env)
  assert.deepEqual(readdirSync(join(alone, 'cache', 'dev.causeway.one-file')), unpacked, 'the second start reuses it')
})
