/**
 * A page opened without its window credential (the server's bare URL, a bookmark) says so on the
 * page and how to open the app, instead of looking alive and doing nothing.
 */
import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { launchBrowser } from 'causeway-test-support/browser'
import { startApp } from './support/app.ts'

test('the bare server URL shows why the page cannot work and how to open the app', async (t) => {
  const dist = await mkdtemp(join(tmpdir(), 'causeway-nocred-'))
  t.after(() => rm(dist, { recursive: true, force: true }))
  await writeFile(join(dist, 'index.html'), '<!doctype html><html><head><title>notes</title></head><body><h1>Notes</h1></body></html>')
  const { url, launchUrl } = await startApp(t, { commands: {}, frontendDist: dist })
  const browser = await launchBrowser(t)
  const bare = await browser.newPage()
  await bare.goto(url)
  const notice = await bare.waitForSelector('#causeway-notice')
  assert.match((await notice.textContent()) ?? '', /opened without its app window credential.*npm start/)
  const launched = await browser.newPage()
  await launched.goto(launchUrl)
  await launched.waitForFunction(() => document.title === 'notes')
  assert.equal(await launched.$('#causeway-notice'), null, 'a page opened from its launch URL shows nothing')
})
