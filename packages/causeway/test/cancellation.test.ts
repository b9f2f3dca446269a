import assert from 'node:assert/strict'
import { test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import type { CommandContext } from '../src/backend/context.ts'
import { isCausewayError } from '../src/core/errors.ts'
import { startApp } from './support/app.ts'
import { connect } from './support/node-client.ts'

function waitForAbort(ctx: CommandContext, log: string[]) {
  return new Promise((resolve) => {
    ctx.signal.addEventListener('abort', () => {
      log.push(`aborted: ${(ctx.signal.reason as Error).message}`)
      resolve('too late')
    })
  })
}

test('aborting an invoke rejects it with Cancelled and fires the handler’s signal', async (t) => {
  const log: string[] = []
  const { launchUrl } = await startApp(t, { commands: { wait: (_: unknown, ctx: CommandContext) => waitForAbort(ctx, log) } })
  const client = await connect(launchUrl)
  const controller = new AbortController()
  const call = client.invoke('wait', {}, { signal: controller.signal })
  await sleep(20)
  controller.abort()
  await assert.rejects(call, (e) => isCausewayError(e, 'Cancelled'))
  for (let i = 0; i < 100 && log.length === 0; i++) await sleep(5)
  assert.deepEqual(log, ['aborted: the caller cancelled the call'])
})

test('the signal fires when the calling window goes away', async (t) => {
  const log: string[] = []
  const { launchUrl } = await startApp(t, { commands: { wait: (_: unknown, ctx: CommandContext) => waitForAbort(ctx, log) } })
  const client = await connect(launchUrl)
  const call = client.invoke('wait').catch((e: unknown) => e)
  await sleep(20)
  client.socket.terminate()
  assert.ok(isCausewayError(await call, 'Disconnected'))
  for (let i = 0; i < 100 && log.length === 0; i++) await sleep(5)
  assert.match(log[0] ?? '', /aborted: window `main` went away/)
})
