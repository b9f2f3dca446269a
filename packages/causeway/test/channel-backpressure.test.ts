/**
 * A handler awaiting `Channel.send()` is paced by the page's acknowledgements: with a page that
 * never acknowledges, the backend stops after one window of messages instead of buffering the
 * whole stream, and each acknowledgement lets exactly that many more through.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { eventually } from 'causeway-test-support/eventually'
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
        onEvent.close()
        finished = true
      },
      ping: () => 'pong',
    },
  })

  // A raw client: it speaks the protocol but sends no ack until it is told to behave.
  const transport = nodeTransport(launchUrl)
  t.after(() => transport.close())
  const indexes: number[] = []
  const answered = new Set<number>()
  let endCount: number | undefined
  let behaving = false
  transport.start(
    (frame) => {
      const before = indexes.length
      for (const message of decodeAll(frame)) {
        if (message.t === 'chan') indexes.push(message.i as number)
        if (message.t === 'chan-end') endCount = message.n as number
        if (message.t === 'ok') answered.add(message.id as number)
      }
      const arrived = indexes.length - before
      if (behaving && arrived > 0) transport.send(JSON.stringify({ t: 'ack', ch: 7, n: arrived }))
    },
    () => {},
  )
  transport.send(JSON.stringify({ t: 'invoke', id: 1, cmd: 'flood', args: { onEvent: '__CHANNEL__:7' } }))

  /**
   * Waits for at least `n` messages, then for the answer to a ping sent after them. The backend
   * answers it after handling everything sent before it and writing out what it had queued, so a
   * producer that was not parked would have sent more by the time the answer arrives.
   */
  let lastId = 1
  const received = async (n: number) => {
    await eventually(() => indexes.length >= n, `${n} channel messages`)
    const id = ++lastId
    transport.send(JSON.stringify({ t: 'invoke', id, cmd: 'ping' }))
    await eventually(() => answered.has(id), 'the answer to a ping')
  }
  await received(CHANNEL_WINDOW)
  assert.equal(indexes.length, CHANNEL_WINDOW, 'exactly one window of messages was sent')
  assert.equal(produced, CHANNEL_WINDOW - 1, 'the handler is parked in its send() of the last message of the window')
  assert.equal(finished, false)

  transport.send(JSON.stringify({ t: 'ack', ch: 7, n: 128 }))
  await received(CHANNEL_WINDOW + 128)
  assert.equal(indexes.length, CHANNEL_WINDOW + 128, 'an ack of 128 lets 128 more through')

  // Now behave: acknowledge what arrived so far, then each frame's messages as they arrive (never
  // more than arrived: credit beyond what was sent is not banked).
  transport.send(JSON.stringify({ t: 'ack', ch: 7, n: indexes.length - 128 }))
  behaving = true
  await eventually(() => endCount !== undefined, 'the end of the channel')
  assert.equal(endCount, total, 'the end marker counts every message')
  assert.equal(indexes.length, total)
  assert.ok(
    indexes.every((index, i) => index === i),
    'in order',
  )
  assert.equal(finished, true)
})
