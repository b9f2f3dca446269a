/**
 * One Tauri frontend, bundled against `@tauri-apps/api` 2.0 and against the current version, in
 * Chromium: each receives a long-lived channel's messages after the command returned, in order,
 * and its end, in the frame shape its own `Channel` reads (2.0 to 2.4: `{ message, id }` and no
 * end marker; 2.5+: `{ message, index }` and `{ end, index }`), with no configuration. And a
 * command of a Tauri core API Causeway lacks rejects with a message naming that API.
 */
import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { launchBrowser } from 'causeway-test-support/browser'
import { eventually } from 'causeway-test-support/eventually'
import { build } from 'esbuild'
import type { Channel } from '../src/backend/channel.ts'
import type { VersionFixture } from './fixtures/tauri-versions/main.ts'
import { startApp } from './support/app.ts'

declare global {
  interface Window {
    versionFixture: VersionFixture
  }
}

/** The versions under test: the page label, and what `@tauri-apps/api` resolves to for it. */
const versions = [
  { label: 'v2-0', api: 'tauri-api-2-0' },
  { label: 'current', api: '@tauri-apps/api' },
] as const

test('a long-lived channel reaches @tauri-apps/api 2.0 and current pages after its command returned, in order, then ends', async (t) => {
  const dist = await mkdtemp(join(tmpdir(), 'causeway-tauri-versions-'))
  t.after(() => rm(dist, { recursive: true, force: true }))
  await Promise.all(
    versions.map(async ({ label, api }) => {
      await build({
        entryPoints: [fileURLToPath(new URL('./fixtures/tauri-versions/main.ts', import.meta.url))],
        bundle: true,
        format: 'esm',
        platform: 'browser',
        alias: { '@tauri-apps/api': api },
        outfile: join(dist, `${label}.js`),
        logLevel: 'silent',
      })
      await writeFile(
        join(dist, `${label}.html`),
        `<!doctype html><html><head><script type="module" src="./${label}.js"></script></head></html>`,
      )
    }),
  )
  await writeFile(join(dist, 'index.html'), '<!doctype html><title>unused</title>')

  const { app } = await startApp(t, {
    commands: {
      /** Answers at once; the numbers follow on later turns, then the backend closes the channel. */
      start_stream({ count, onEvent }: { count: number; onEvent: Channel<number> }) {
        setImmediate(async () => {
          for (let i = 0; i < count; i++) await onEvent.send(i)
          onEvent.close()
        })
        return 'started'
      },
    },
    frontendDist: dist,
    windows: versions.map(({ label }) => ({ label, url: `/${label}.html` })),
  })
  const browser = await launchBrowser(t)
  // Over the 1,024-message window, so the page's acks pace the producer too.
  const count = 2000
  for (const { label } of versions) {
    const page = await browser.newPage()
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(error.message))
    await page.goto(app.window(label)?.launchUrl ?? '')
    await page.waitForFunction(() => 'versionFixture' in window)

    // The command returns before it sends anything: a channel that ended with its command gets nothing.
    const { result, id } = await page.evaluate((n) => window.versionFixture.stream(n), count)
    assert.equal(result, 'started', label)
    await eventually(
      async () => !(await page.evaluate((channelId) => window.versionFixture.registered(channelId), id)),
      `${label}: the channel's end`,
    )
    const received = await page.evaluate((channelId) => window.versionFixture.received(channelId), id)
    assert.equal(received.length, count, label)
    assert.ok(
      received.every((m, i) => m === i),
      `${label}: in order`,
    )

    const name = await page.evaluate(() => window.versionFixture.appName())
    assert.deepEqual(
      name,
      { rejected: "command `plugin:app|name` not found: Causeway does not implement Tauri's core app API (@tauri-apps/api/app)" },
      label,
    )
    assert.deepEqual(errors, [], label)
    await page.close()
  }
})
