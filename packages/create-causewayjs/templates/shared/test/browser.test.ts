/**
 * The app in real headless Chromium against its real backend: click, see the result. Needs the
 * frontend built (`npm test` runs `vite build` first) and Chromium (`sudo apt-get install -y
 * chromium`, or set CHROME_PATH).
 */
import { test } from 'node:test'
import { chromium } from 'playwright-core'
import { app } from '../backend/app.ts'

const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

test('the page greets, counts with progress events, and shows a denied call', async (t) => {
  const { launchUrl } = await app.run({ open: false, port: 0, quiet: true })
  t.after(() => app.close())
  const browser = await chromium.launch({ executablePath: process.env['CHROME_PATH'] ?? '/usr/bin/chromium', args: CHROMIUM_FLAGS })
  t.after(() => browser.close())
  const page = await browser.newPage()
  await page.goto(launchUrl)

  await page.fill('#name', 'Chromium')
  await page.click('#greet')
  await page.waitForSelector('#greeting:has-text("Hello, Chromium!")')

  await page.click('#count')
  await page.waitForSelector('#count-status:has-text("counted to 10")')
  await page.waitForFunction(() => (document.querySelector('#progress') as HTMLProgressElement).value === 10)

  await page.click('#system-info')
  await page.waitForSelector('#system-info-result:has-text("not allowed")')
})
