/**
 * Runs the whole bench at smoke sizes, in Chromium and in Node, and expects every system, Causeway
 * included, to answer every workload correctly (the CLI exits non-zero otherwise) and to have a
 * measured value in every row: a system that cannot run is a failure, never a gap in the table.
 */

import { strict as assert } from 'node:assert'
import { spawn } from 'node:child_process'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'

const benchDir = fileURLToPath(new URL('..', import.meta.url))

test('npm run bench -- --smoke completes and every system answers every workload', { timeout: 600_000 }, async () => {
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
  // Table rows are `| workload | system | median | p99 | × floor | note |`.
  const rows = (system: string): string[][] =>
    stdout
      .split('\n')
      .map((line) => line.split('|').map((cell) => cell.trim()))
      .filter((cells) => cells[2] === system)
  const workloads = rows('ws-floor').length
  assert.ok(workloads > 0, `no rows for the floor:\n${stdout}`)
  for (const system of ['ws-floor', 'socket-io', 'birpc', 'trpc', 'causeway']) {
    const systemRows = rows(system)
    assert.equal(systemRows.length, workloads, `${system} has ${systemRows.length} rows, the floor ${workloads}`)
    for (const cells of systemRows) assert.notEqual(cells[3], '', `${system} has no result for ${cells.join(' | ')}`)
  }
})
