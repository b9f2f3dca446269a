/**
 * Atomic saves under SIGKILL: a backend saving a 2 MB store in a loop is killed 20 times at
 * random moments and restarted; each time the file parses and is exactly one saved version, never
 * older than the last save that resolved, and no temporary file outlives the next load.
 */
import assert from 'node:assert/strict'
import { type ChildProcess, spawn } from 'node:child_process'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { blobFor } from './fixtures/crash-saver.ts'
import { tempDir } from './support.ts'

const source = fileURLToPath(new URL('./fixtures/crash-saver.ts', import.meta.url))

/** Starts the saver; resolves with it once `saves` more saves have resolved, and the last saved version. */
function startSaver(script: string, file: string, saves: number): Promise<{ child: ChildProcess; saved: () => number }> {
  const child = spawn(process.execPath, [script, 'run', file], { stdio: ['ignore', 'pipe', 'inherit'] })
  let last = 0
  let count = 0
  let buffer = ''
  return new Promise((resolve, reject) => {
    child.on('exit', (code, signal) => reject(new Error(`the saver exited early (${code ?? signal})`)))
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString()
      const lines = buffer.split('\n')
      buffer = lines.pop() ?? ''
      for (const line of lines) {
        last = Number(line.slice('saved '.length))
        if (++count === saves) resolve({ child, saved: () => last })
      }
    })
  })
}

test('20 SIGKILLs during saves of a 2 MB store each leave the old or the new file, never a torn one', async (t) => {
  const home = await tempDir(t)
  const file = join(home, 'big.json')
  // Bundled once into plain JavaScript (the plugin's own code inside), so a restart is a bare `node`.
  const script = join(home, 'crash-saver.mjs')
  await build({ entryPoints: [source], bundle: true, platform: 'node', format: 'esm', outfile: script, logLevel: 'silent' })
  let previous = 0
  /** Rounds whose kill landed inside a write (its temporary file was left behind). */
  let torn = 0
  for (let round = 1; round <= 20; round++) {
    const { child, saved } = await startSaver(script, file, 1 + (round % 2))
    // Somewhere inside a later save: a 2 MB write and fsync take a few milliseconds.
    await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 40)))
    child.removeAllListeners('exit')
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGKILL')
    await exited
    const lastResolved = saved()
    if ((await readdir(home)).some((name) => name.startsWith('big.json.'))) torn++
    const text = await readFile(file, 'utf8')
    let data: { version: number; blob: string }
    try {
      data = JSON.parse(text)
    } catch (error) {
      assert.fail(`round ${round}: the store file does not parse (${(error as Error).message}), ${text.length} characters`)
    }
    assert.ok(data.version >= lastResolved, `round ${round}: version ${data.version} is older than the last resolved save ${lastResolved}`)
    assert.ok(data.version >= previous, `round ${round}: went back from ${previous} to ${data.version}`)
    assert.equal(data.blob, blobFor(data.version), `round ${round}: version ${data.version} holds exactly what was saved`)
    previous = data.version
  }
  t.diagnostic(`${torn} of 20 kills landed inside a write`)
  // The next load removes what an interrupted save left behind.
  const { child } = await startSaver(script, file, 1)
  child.removeAllListeners('exit')
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGKILL')
  await exited
  const leftovers = (await readdir(home)).filter((name) => name.startsWith('big.json.'))
  assert.ok(leftovers.length <= 1, `at most the save in flight at the last kill left a temporary file: ${leftovers.join(', ')}`)
})
