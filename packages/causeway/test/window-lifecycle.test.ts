import assert from 'node:assert/strict'
import { execFileSync, spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { requireChromium } from 'causeway-test-support/browser'
import { eventually } from 'causeway-test-support/eventually'

test('the app opens its main window in Chromium, and ends when the last window closes', { timeout: 60_000 }, async () => {
  const chromium = requireChromium()
  const fixture = fileURLToPath(new URL('./fixtures/window-app.ts', import.meta.url))
  // The window's browser profile goes under the app's cache directory: keep it in a temp dir.
  const cache = await mkdtemp(join(tmpdir(), 'window-cache-'))
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', fixture], {
    env: { ...process.env, CHROME_PATH: chromium, XDG_CACHE_HOME: cache },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let output = ''
  let exit: { code: number | null } | undefined
  // 'close' rather than 'exit': by then the app's last lines of output have been read too.
  child.on('close', (code) => (exit = { code }))
  child.stdout.on('data', (chunk) => (output += chunk))
  /** Waits for `condition`; on timeout, the app's output goes into the failure. */
  const waitFor = (condition: () => boolean, timeoutMs: number, what: string) =>
    eventually(condition, timeoutMs, what).catch((error: Error) => assert.fail(`${error.message}; output:\n${output}`))
  try {
    await waitFor(() => output.includes('window main connected'), 30_000, 'the window to connect')
    // "Close the window": end the browser the app started (found by the app's own profile dir).
    execFileSync('pkill', ['-f', `dev.causeway.window-test.${child.pid}`])
    await waitFor(() => exit !== undefined, 15_000, 'the app to exit after its last window closed')
    assert.equal(exit?.code, 0, `expected the app to exit cleanly after its last window closed; output:\n${output}`)
    assert.match(output, /the last window closed; exiting/)
  } finally {
    child.kill()
    await rm(cache, { recursive: true, force: true })
  }
})
