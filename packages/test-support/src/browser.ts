/**
 * Test support shared by every workspace: headless Debian Chromium driven by playwright-core. A
 * missing Chromium fails the test with the fix in the message; it never skips.
 *
 * Part of the private `causeway-test-support` package (see `eventually.ts` for why a package).
 */
import { existsSync } from 'node:fs'
import type { TestContext } from 'node:test'
import { type Browser, chromium, type Page } from 'playwright-core'

/** The Chromium the tests drive: Debian's, unless `CHROME_PATH` says otherwise. */
export const CHROMIUM = process.env['CHROME_PATH'] ?? '/usr/bin/chromium'

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

/**
 * The Chromium path, or an error saying how to install it.
 *
 * @example
 * spawn(app, { env: { ...process.env, CHROME_PATH: requireChromium() } })
 */
export function requireChromium(): string {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`browser tests need Chromium at ${CHROMIUM}: install it with \`sudo apt-get install -y chromium\` (or set CHROME_PATH)`)
  }
  return CHROMIUM
}

/**
 * Headless Chromium, closed after the test. playwright-core gives every launch a fresh, empty
 * profile directory of its own.
 *
 * @example
 * const page = await (await launchBrowser(t)).newPage()
 */
export async function launchBrowser(t: TestContext): Promise<Browser> {
  const browser = await chromium.launch({ executablePath: requireChromium(), args: CHROMIUM_FLAGS })
  t.after(() => browser.close())
  return browser
}

/**
 * A new page at `url` that records its console warnings and uncaught errors.
 *
 * @example
 * const page = await openPage(await launchBrowser(t), launchUrl)
 * assert.deepEqual(page.errors, [])
 */
export async function openPage(browser: Browser, url: string): Promise<Page & { warnings: string[]; errors: string[] }> {
  const page = Object.assign(await browser.newPage(), { warnings: [] as string[], errors: [] as string[] })
  page.on('console', (message) => {
    if (message.type() === 'warning') page.warnings.push(message.text())
  })
  page.on('pageerror', (error) => page.errors.push(error.message))
  await page.goto(url)
  return page
}
