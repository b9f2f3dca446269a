import assert from 'node:assert/strict'
import { test } from 'node:test'
import { eventually } from 'causeway-test-support/eventually'
import { startApp } from './support/app.ts'
import { connect } from './support/node-client.ts'

test('events emitted in one tick reach the page in a few frames, all of them, in order', async (t) => {
  const { app, launchUrl } = await startApp(t, { commands: {} })
  const client = await connect(launchUrl)
  const got: number[] = []
  await client.listen<number>('tick', (e) => void got.push(e.payload))
  let frames = 0
  client.socket.on('message', () => frames++)
  for (let i = 0; i < 10_000; i++) app.emit('tick', i)
  await eventually(() => got.length >= 10_000)
  assert.deepEqual(
    got,
    Array.from({ length: 10_000 }, (_, i) => i),
  )
  assert.ok(frames < 100, `10,000 events took ${frames} frames`)
})

test('calls fired together share a frame, and each gets its own answer', async (t) => {
  let frames = 0
  const { launchUrl } = await startApp(t, { commands: { double: ({ n }: { n: number }) => n * 2 } })
  const client = await connect(launchUrl)
  const send = client.socket.send.bind(client.socket)
  client.socket.send = ((data: unknown, ...rest: never[]) => {
    frames++
    return send(data as string, ...rest)
  }) as typeof client.socket.send
  const answers = await Promise.all(Array.from({ length: 100 }, (_, n) => client.invoke('double', { n })))
  assert.deepEqual(
    answers,
    Array.from({ length: 100 }, (_, n) => n * 2),
  )
  assert.equal(frames, 1)
})

test('a batch is parsed message by message: good ones run, a bad one is refused, the backend keeps serving', async (t) => {
  let runs = 0
  const { launchUrl } = await startApp(t, { commands: { touch: () => ++runs } })
  const client = await connect(launchUrl)
  client.socket.send(JSON.stringify([{ t: 'invoke', id: 100, cmd: 'touch' }, 42]))
  client.socket.send('[{"t":"invoke","id":101,"cmd":"touch"}')
  assert.equal(await client.invoke('touch'), 2, 'the good message of the first batch ran; the unreadable frame did not')
  assert.equal(runs, 2)
  assert.equal(client.warnings.filter((w) => /malformed/.test(w)).length, 2)
})
