import assert from 'node:assert/strict'
import { test } from 'node:test'
import { eventually } from 'causeway-test-support/eventually'
import type { CommandContext } from '../src/backend/context.ts'
import { isCausewayError } from '../src/core/errors.ts'
import { startApp } from './support/app.ts'
import { connect } from './support/node-client.ts'

function waitForAbort(ctx: CommandContext, log: string[]) {
  log.push('started')
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
  await eventually(() => log.includes('started'), 'the handler to start')
  controller.abort()
  await assert.rejects(call, (e) => isCausewayError(e, 'Cancelled'))
  await eventually(() => log.length > 1, 'the handler’s signal to fire')
  assert.deepEqual(log, ['started', 'aborted: the caller cancelled the call'])
})

test('the signal fires when the calling window goes away', async (t) => {
  const log: string[] = []
  const { launchUrl } = await startApp(t, { commands: { wait: (_: unknown, ctx: CommandContext) => waitForAbort(ctx, log) } })
  const client = await connect(launchUrl)
  const call = client.invoke('wait').catch((e: unknown) => e)
  await eventually(() => log.includes('started'), 'the handler to start')
  client.socket.terminate()
  assert.ok(isCausewayError(await call, 'Disconnected'))
  await eventually(() => log.length > 1, 'the handler’s signal to fire')
  assert.match(log[1] ?? '', /aborted: window `main` went away/)
})
