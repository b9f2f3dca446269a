/**
 * Test support: pages bundled the way a user would bundle them. The browser that opens them is
 * the shared `launchBrowser` from `causeway-test-support/browser`.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestContext } from 'node:test'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

/**
 * Bundles `source` (a module that may import `causewayjs/api`) into a fresh directory with an
 * `index.html` loading it; returns the directory, removed after the test.
 */
export async function bundlePage(t: TestContext, source: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'causeway-page-'))
  t.after(() => rm(dir, { recursive: true, force: true }))
  await writeFile(
    join(dir, 'index.html'),
    '<!doctype html><html><head><title>test page</title><script type="module" src="/main.js"></script></head><body></body></html>',
  )
  await build({
    stdin: { contents: source, resolveDir: fileURLToPath(new URL('.', import.meta.url)), loader: 'ts' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['source'],
    outfile: join(dir, 'main.js'),
    logLevel: 'silent',
  })
  return dir
}
