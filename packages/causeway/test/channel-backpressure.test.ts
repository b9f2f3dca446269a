/**
 * A handler awaiting `Channel.send()` is paced by the page's acknowledgements: with a page that
 * never acknowledges, the backend stops after one window of messages instead of buffering the
 * whole stream, and each acknowledgement lets exactly that many more through.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { CHANNEL_WINDOW, type Channel } from '../src/backend/channel.ts'
import { decodeAll } from '../src/core/wire.ts'
import { startApp } from './support/app.ts'
import { nodeTransport } from './support/node-client.ts'

test('a page that does not acknowledge stops the producer after one window', async (t) => {
  let produced = 0
  let finished = false
  const total = 5 * CHANNEL_WINDOW
  const { launchUrl } = await startApp(t, {
    commands: {
      flood: async ({ onEvent }: { onEvent: Channel<number> }) => {
        for (let i = 0; i < total; i++) {
          await onEvent.send(i)
          produced++
        }
        finished = true
      },
    },
  })

  // A raw client: it speaks the protocol but never sends an ack.
  const transport = nodeTransport(launchUrl)
  t.after(() => transport.close())
  const indexes: number[] = []
  let endCount: number | undefined
  transport.start(
    (frame) => {
      for (const message of decodeAll(frame)) {
        if (message.t === 'chan') indexes.push(message.i as number)
        if (message.t === 'chan-end') endCount = message.n as number
      }
    },
    () => {},
  )
  transport.send(JSON.stringify({ t: 'invoke', id: 1, cmd: 'flood', args: { onEvent: '__CHANNEL__:7' } }))

  /** Waits for at least `n` messages, then a while longer to see whether more come. */
  const received = async (n: number) => {
    while (indexes.length < n) await sleep(10)
    await sleep(300)
  }
  await received(CHANNEL_WINDOW)
  assert.equal(indexes.length, CHANNEL_WINDOW, 'exactly one window of messages was sent')
  assert.equal(produced, CHANNEL_WINDOW - 1, 'the handler is parked in its send() of the last message of the window')
  assert.equal(finished, false)

  transport.send(JSON.stringify({ t: 'ack', ch: 7, n: 128 }))
  await received(CHANNEL_WINDOW + 128)
  assert.equal(indexes.length, CHANNEL_WINDOW + 128, 'an ack of 128 lets 128 more through')

  // Now behave: acknowledge whatever arrived (credit beyond what was sent is not banked).
  let acked = 128
  while (endCount === undefined) {
    const n = indexes.length - acked
    if (n > 0) transport.send(JSON.stringify({ t: 'ack', ch: 7, n }))
    acked += n
    await sleep(10)
  }
  assert.equal(endCount, total, 'the end marker counts every message')
  assert.equal(indexes.length, total)
  assert.ok(
    indexes.every((index, i) => index === i),
    'in order',
  )
  assert.equal(finished, true)
})
