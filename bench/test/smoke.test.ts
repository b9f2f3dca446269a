/**
 * Runs the whole bench at smoke sizes, in Chromium and in Node, and expects every system to answer
 * every workload correctly (the CLI exits non-zero otherwise). Pending Causeway rows are allowed.
 */

import { strict as assert } from 'node:assert'
import { spawn } from 'node:child_process'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'

const benchDir = fileURLToPath(new URL('..', import.meta.url))

test('npm run bench -- --smoke completes and every peer answers correctly', { timeout: 600_000 }, async () => {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'src/cli.ts', '--smoke'], {
    cwd: benchDir,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk))
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
  assert.equal(code, 0, `smoke run failed:\n${stderr.slice(-4000)}`)
  for (const table of ['### Chromium', '### Node']) assert.match(stdout, new RegExp(table), `missing table ${table}`)
  for (const system of ['ws-floor', 'socket-io', 'birpc', 'trpc', 'causeway']) {
    assert.match(stdout, new RegExp(`\\| ${system} \\|`), `no row for ${system}`)
  }
})
