/**
 * A channel outlives the command that received it: the command may return at once and stream
 * afterwards (Tauri's plugin-shell `spawn` does), and the channel ends when the backend closes it,
 * when the command fails, or when the window goes away. Until then it counts against
 * `limits.maxChannelsPerConnection`. Over a real loopback WebSocket.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { eventually } from 'causeway-test-support/eventually'
import { Channel as PageChannel } from '../src/api/channel.ts'
import type { Channel } from '../src/backend/channel.ts'
import { startApp } from './support/app.ts'
import { connect } from './support/node-client.ts'

/** Channels handed to `spawn`, kept open until `finish` names them. */
function spawner() {
  const open = new Map<string, Channel<string>>()
  const failures: unknown[] = []
  const commands = {
    /** Returns at once; its output follows on later turns, like a child process's. */
    spawn({ name, lines, onEvent }: { name: string; lines: number; onEvent: Channel<string> }) {
      open.set(name, onEvent)
      let sent = 0
      const timer = setInterval(() => {
        if (sent === lines) return clearInterval(timer)
        onEvent.send(`${name} line ${sent++}`).catch((error: unknown) => {
          clearInterval(timer)
          failures.push(error)
        })
      }, 1)
      return `${name} started`
    },
    finish({ name }: { name: string }) {
      open.get(name)?.close()
      open.delete(name)
    },
    fail({ onEvent }: { onEvent: Channel<string> }) {
      void onEvent.send('before failing')
      throw new Error('could not start')
    },
  }
  return { commands, open, failures }
}

test('a command returns at once and streams afterwards; the channel ends when the backend closes it', async (t) => {
  const { commands } = spawner()
  const { launchUrl } = await startApp(t, { commands })
  const client = await connect(launchUrl)
  const got: string[] = []
  const channel = new PageChannel<string>((line) => void got.push(line))
  let ended = false
  void channel.done.then(() => (ended = true))
  // `spawn` returns before it sends anything: a channel that ended with its command would get nothing.
  assert.equal(await client.invoke('spawn', { name: 'a', lines: 50, onEvent: channel }), 'a started')
  await eventually(() => got.length === 50, 'every line')
  assert.deepEqual(
    got,
    Array.from({ length: 50 }, (_, i) => `a line ${i}`),
  )
  assert.equal(ended, false, 'the channel is still open after the command returned')
  await client.invoke('finish', { name: 'a' })
  await channel.done
})

test('an open channel counts against maxChannelsPerConnection until it is closed', async (t) => {
  const { commands } = spawner()
  const { launchUrl } = await startApp(t, { commands, limits: { maxChannelsPerConnection: 2 } })
  const client = await connect(launchUrl)
  await client.invoke('spawn', { name: 'a', lines: 0, onEvent: new PageChannel() })
  await client.invoke('spawn', { name: 'b', lines: 0, onEvent: new PageChannel() })
  await assert.rejects(client.invoke('spawn', { name: 'c', lines: 0, onEvent: new PageChannel() }), {
    code: 'LimitExceeded',
    message:
      /2 channels are already open on this connection \(limits\.maxChannelsPerConnection\): a channel stays open until its handler calls close\(\)/,
  })
  await client.invoke('finish', { name: 'a' })
  assert.equal(await client.invoke('spawn', { name: 'c', lines: 0, onEvent: new PageChannel() }), 'c started')
})

test('a command that fails ends its channels and frees their places', async (t) => {
  const { commands } = spawner()
  const { launchUrl } = await startApp(t, { commands, limits: { maxChannelsPerConnection: 1 } })
  const client = await connect(launchUrl)
  const got: string[] = []
  const channel = new PageChannel<string>((line) => void got.push(line))
  await assert.rejects(client.invoke('fail', { onEvent: channel }), /could not start/)
  await channel.done
  assert.deepEqual(got, ['before failing'])
  assert.equal(await client.invoke('spawn', { name: 'next', lines: 0, onEvent: new PageChannel() }), 'next started')
})

test('when the connection goes away, the page channel ends and the backend’s sends reject', async (t) => {
  const { commands, failures } = spawner()
  const { launchUrl } = await startApp(t, { commands })
  const client = await connect(launchUrl)
  const got: string[] = []
  const channel = new PageChannel<string>((line) => void got.push(line))
  await client.invoke('spawn', { name: 'long', lines: 1_000_000, onEvent: channel })
  await eventually(() => got.length >= 3, 'some lines')
  client.socket.terminate()
  await channel.done
  await eventually(() => failures.length === 1, 'the producer is told')
  assert.match(String(failures[0]), /closed|went away/)
})

test('a command whose result cannot cross the wire fails, and its channels end with it', async (t) => {
  const { launchUrl } = await startApp(t, {
    commands: { unsendable: (_: { onEvent: Channel<string> }) => ({ run: () => {} }) },
  })
  const client = await connect(launchUrl)
  const channel = new PageChannel<string>()
  await assert.rejects(client.invoke('unsendable', { onEvent: channel }), { code: 'NotSerializable' })
  await channel.done
})
