/**
 * Command contracts in Chromium: a malformed argument from `causewayjs/api` and from an unmodified
 * `@tauri-apps/api` page each get the documented error and the handler never runs; a page's
 * timeout fires the handler's signal.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { eventually } from 'causeway-test-support/eventually'
import { z } from 'zod'
import type { CommandContext } from '../src/backend/context.ts'
import { defineCommand } from '../src/backend/context.ts'
import { startFixture } from './fixtures/tauri-app/harness.ts'
import { startApp } from './support/app.ts'
import { bundlePage } from './support/bundle-page.ts'

test('malformed arguments and timeouts, from both page APIs', async (t) => {
  let ran = 0
  const aborted: string[] = []
  const commands = {
    save_note: defineCommand({
      args: z.object({ title: z.string().min(1), body: z.string() }),
      handler: ({ title }) => {
        ran++
        return `saved ${title}`
      },
    }),
    hang: (_: undefined, ctx: CommandContext) =>
      new Promise<void>((resolve) =>
        ctx.signal.addEventListener('abort', () => {
          aborted.push((ctx.signal.reason as { code?: string }).code ?? '?')
          resolve()
        }),
      ),
  }

  const tauri = await startFixture(t, { commands })
  await t.test('@tauri-apps/api gets Tauri’s wording', async () => {
    const missing = await tauri.page.evaluate(() => window.fixture.invoke('save_note', { title: 'x' }))
    assert.deepEqual(missing, { rejected: 'command save_note missing required key body', type: 'string', isError: false })
    const wrong = (await tauri.page.evaluate(() => window.fixture.invoke('save_note', { title: '', body: 'b' }))) as { rejected: string }
    assert.match(wrong.rejected, /^invalid args `title` for command `save_note`: /)
    assert.equal(ran, 0)
    assert.deepEqual(await tauri.page.evaluate(() => window.fixture.invoke('save_note', { title: 't', body: 'b' })), { ok: 'saved t' })
  })

  const dist = await bundlePage(
    t,
    `import { invoke } from 'causewayjs/api'
     const settle = (p) => p.then((ok) => ({ ok }), (e) => ({ code: e.code, message: e.message, data: e.data }))
     window.run = {
       bad: () => settle(invoke('save_note', { title: 42 })),
       slow: () => settle(invoke('hang', undefined, { timeout: 100 })),
     }`,
  )
  const app = await startApp(t, { commands, frontendDist: dist })
  const page = await tauri.browser.newPage()
  await page.goto(app.launchUrl)
  await page.waitForFunction(() => 'run' in window)
  await t.test('causewayjs/api gets InvalidArgs with the paths', async () => {
    const bad = (await page.evaluate(() => (window as unknown as { run: { bad(): Promise<unknown> } }).run.bad())) as {
      code: string
      data: { issues: Array<{ path: string }> }
    }
    assert.equal(bad.code, 'InvalidArgs')
    assert.deepEqual(bad.data.issues.map((i) => i.path).sort(), ['args.body', 'args.title'])
    assert.equal(ran, 1, 'only the valid call above ran')
  })
  await t.test('a timeout rejects with Timeout and fires the handler’s signal', async () => {
    const slow = (await page.evaluate(() => (window as unknown as { run: { slow(): Promise<unknown> } }).run.slow())) as { code: string }
    assert.equal(slow.code, 'Timeout')
    await eventually(() => aborted.includes('Timeout'), "the handler's signal fired")
  })
})
