/**
 * Test support: headless Debian Chromium through playwright-core, and pages bundled the way a
 * user would bundle them. A missing Chromium fails the test with the fix, it never skips.
 */
import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestContext } from 'node:test'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { type Browser, chromium } from 'playwright-core'

export const CHROMIUM = process.env['CHROME_PATH'] ?? '/usr/bin/chromium'

/** Headless Chromium with a fresh profile (playwright-core makes one per launch), closed after the test. */
export async function launchBrowser(t: TestContext): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`the browser tests need Chromium at ${CHROMIUM}: install it with \`apt-get install -y chromium\` (or set CHROME_PATH)`)
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  })
  t.after(() => browser.close())
  return browser
}

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
