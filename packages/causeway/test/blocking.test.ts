import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { startApp } from './support/app.ts'
import { connect } from './support/node-client.ts'

function busy(ms: number): void {
  const end = performance.now() + ms
  while (performance.now() < end) readFileSync(import.meta.filename)
}

test('a handler that blocks the event loop for more than 100 ms is named in a warning', async (t) => {
  const { launchUrl, logger } = await startApp(t, { commands: { slow_sync: () => busy(150), quick: () => 1 } })
  const client = await connect(launchUrl)
  await client.invoke('quick')
  assert.equal(logger.warnings.length, 0, 'a quick handler does not warn')
  await client.invoke('slow_sync')
  assert.equal(logger.warnings.length, 1)
  // What a user reads: which command, that it blocked, for how long (the figure depends on the machine), and the fix.
  assert.match(logger.warnings[0]!, /command `slow_sync` blocked the event loop for \d+ ms.*node:fs\/promises/)
})

test('blocking after an await is caught too, in development', async (t) => {
  const { launchUrl, logger } = await startApp(t, {
    dev: true,
    commands: {
      late_block: async () => {
        await sleep(80)
        busy(250)
        await sleep(80)
      },
    },
  })
  await (await connect(launchUrl)).invoke('late_block')
  assert.ok(
    logger.warnings.some((w) => /while command `late_block` was running, something blocked the event loop/.test(w)),
    `warnings were: ${JSON.stringify(logger.warnings)}`,
  )
})
