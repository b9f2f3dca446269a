import assert from 'node:assert/strict'
import { execFileSync, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'

const CHROMIUM = process.env['CHROME_PATH'] ?? '/usr/bin/chromium'

test('the app opens its main window in Chromium, and ends when the last window closes', { timeout: 60_000 }, async () => {
  assert.ok(existsSync(CHROMIUM), `this test needs Chromium at ${CHROMIUM}: install it with \`sudo apt-get install -y chromium\``)
  const fixture = fileURLToPath(new URL('./fixtures/window-app.ts', import.meta.url))
  // The window's browser profile goes under the app's cache directory: keep it in a temp dir.
  const cache = await mkdtemp(join(tmpdir(), 'window-cache-'))
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', fixture], {
    env: { ...process.env, CHROME_PATH: CHROMIUM, XDG_CACHE_HOME: cache },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let output = ''
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  child.stdout.on('data', (chunk) => (output += chunk))
  try {
    for (let i = 0; i < 600 && !output.includes('window main connected'); i++) await new Promise((r) => setTimeout(r, 50))
    assert.match(output, /window main connected/, `the window never connected; output:\n${output}`)
    // "Close the window": end the browser the app started (found by the app's own profile dir).
    execFileSync('pkill', ['-f', `dev.causeway.window-test.${child.pid}`])
    const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('still running'), 15_000))])
    assert.equal(code, 0, `expected the app to exit after its last window closed; output:\n${output}`)
    assert.match(output, /the last window closed; exiting/)
  } finally {
    child.kill()
    await rm(cache, { recursive: true, force: true })
  }
})
