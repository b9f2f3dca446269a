/**
 * Per-call timeouts: a command's `timeoutMs` (backend default) and the page's `timeout` (sent with
 * the call; the smaller wins). On expiry the call rejects with `Timeout` and the handler's
 * `ctx.signal` fires, so its work stops.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { eventually } from 'causeway-test-support/eventually'
import type { CommandContext } from '../src/backend/context.ts'
import type { CausewayError } from '../src/core/errors.ts'
import { createApp } from '../src/index.ts'
import { connectInMemory } from '../src/testing/index.ts'
import { allowAll } from './support/app.ts'

function hangingApp() {
  const seen: string[] = []
  const hang = (_: undefined, ctx: CommandContext) =>
    new Promise<string>((resolve) => {
      ctx.signal.addEventListener('abort', () => {
        seen.push(`aborted: ${(ctx.signal.reason as CausewayError).code}`)
        resolve('too late')
      })
    })
  const app = createApp({
    commands: { slow: { handler: hang, timeoutMs: 50 }, open_ended: hang, quick: () => 'quick' },
    policy: allowAll,
    exitOnLastWindowClose: false,
  })
  return { app, seen }
}

test("a command's timeoutMs rejects the call with Timeout and fires its signal", async (t) => {
  const { app, seen } = hangingApp()
  t.after(() => app.close())
  const page = await connectInMemory(app)
  const error = (await page.invoke('slow').catch((e: unknown) => e)) as CausewayError
  assert.equal(error.code, 'Timeout')
  assert.match(error.message, /`slow` did not finish within 50 ms/)
  await eventually(() => seen.includes('aborted: Timeout'), "the handler's signal fired with the Timeout")
  assert.equal(await page.invoke('quick'), 'quick', 'the connection goes on')
})

test('invoke(cmd, args, { timeout }) bounds a command that has none, and fires its signal', async (t) => {
  const { app, seen } = hangingApp()
  t.after(() => app.close())
  const page = await connectInMemory(app)
  const error = (await page.invoke('open_ended', undefined, { timeout: 30 }).catch((e: unknown) => e)) as CausewayError
  assert.equal(error.code, 'Timeout')
  assert.match(error.message, /`open_ended` did not finish within 30 ms/)
  await eventually(() => seen.includes('aborted: Timeout'), "the handler's signal fired")
})

test('the smaller of the page’s and the command’s timeouts wins', async (t) => {
  const { app } = hangingApp()
  t.after(() => app.close())
  const page = await connectInMemory(app)
  const error = (await page.invoke('slow', undefined, { timeout: 60_000 }).catch((e: unknown) => e)) as CausewayError
  assert.match(error.message, /within 50 ms/)
})
