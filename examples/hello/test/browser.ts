/**
 * Test support: Debian's Chromium driven by playwright-core. Missing Chromium is a failure with
 * the fix in the message, never a silent skip.
 */
import { existsSync } from 'node:fs'
import type { TestContext } from 'node:test'
import { type Browser, chromium, type Page } from 'playwright-core'

const CHROMIUM = process.env['CHROME_PATH'] ?? '/usr/bin/chromium'

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

export async function launchBrowser(t: TestContext): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`browser tests need Chromium at ${CHROMIUM}: install it with \`sudo apt-get install -y chromium\` (or set CHROME_PATH)`)
  }
  // playwright-core gives every launch a fresh, empty profile directory of its own.
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS })
  t.after(() => browser.close())
  return browser
}

/** A new page that records console warnings and page errors. */
export async function openPage(browser: Browser, url: string): Promise<Page & { warnings: string[]; errors: string[] }> {
  const page = Object.assign(await browser.newPage(), { warnings: [] as string[], errors: [] as string[] })
  page.on('console', (message) => {
    if (message.type() === 'warning') page.warnings.push(message.text())
  })
  page.on('pageerror', (error) => page.errors.push(error.message))
  await page.goto(url)
  return page
}
