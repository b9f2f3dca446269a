import assert from 'node:assert/strict'
import { request } from 'node:http'
import { test } from 'node:test'
import WebSocket from 'ws'
import { IPC_PATH, PROTOCOL, TOKEN_PROTOCOL_PREFIX, TOKEN_QUERY } from '../src/core/protocol.ts'
import { startApp } from './support/app.ts'

/** Attempts an upgrade and reports whether it opened, or the HTTP status it was refused with. */
function tryConnect(port: string, protocols: string[], headers: Record<string, string>): Promise<'open' | number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}${IPC_PATH}`, protocols, { headers })
    socket.on('open', () => {
      socket.close()
      resolve('open')
    })
    socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
    socket.on('error', () => resolve(0))
  })
}

async function setup(t: import('node:test').TestContext) {
  let ran = 0
  const started = await startApp(t, { commands: { touch: () => ++ran } })
  const url = new URL(started.launchUrl)
  return {
    ...started,
    ran: () => ran,
    port: url.port,
    origin: url.origin,
    token: url.searchParams.get(TOKEN_QUERY)!,
  }
}

test('the app’s own page with its window token connects', async (t) => {
  const { port, origin, token } = await setup(t)
  assert.equal(await tryConnect(port, [PROTOCOL, TOKEN_PROTOCOL_PREFIX + token], { Origin: origin }), 'open')
})

test('a page from another origin is refused, even with the token', async (t) => {
  const { port, token } = await setup(t)
  assert.equal(await tryConnect(port, [PROTOCOL, TOKEN_PROTOCOL_PREFIX + token], { Origin: 'https://evil.example' }), 403)
  assert.equal(await tryConnect(port, [PROTOCOL, TOKEN_PROTOCOL_PREFIX + token], { Origin: `http://127.0.0.1:${Number(port) + 1}` }), 403)
})

test('a connection without the secret, or with a wrong one, is refused', async (t) => {
  const { port, origin, token } = await setup(t)
  assert.equal(await tryConnect(port, [PROTOCOL], { Origin: origin }), 403)
  // Same length, last character changed (to one it certainly was not).
  const wrong = `${token.slice(0, -1)}${token.endsWith('x') ? 'y' : 'x'}`
  assert.equal(await tryConnect(port, [PROTOCOL, TOKEN_PROTOCOL_PREFIX + wrong], { Origin: origin }), 403)
  assert.equal(await tryConnect(port, [TOKEN_PROTOCOL_PREFIX + token], { Origin: origin }), 403, 'the protocol version is required too')
})

test('a spoofed Host header (DNS rebinding) is refused for the socket and for files', async (t) => {
  const { port, origin, token } = await setup(t)
  assert.equal(await tryConnect(port, [PROTOCOL, TOKEN_PROTOCOL_PREFIX + token], { Origin: origin, Host: `attacker.example:${port}` }), 403)
  const status = await new Promise<number>((resolve) => {
    request({ host: '127.0.0.1', port, path: '/', headers: { Host: `attacker.example:${port}` } }, (res) =>
      resolve(res.statusCode ?? 0),
    ).end()
  })
  assert.equal(status, 403)
})

test('the label comes from the token, not from anything the page says', async (t) => {
  const { app, port, origin } = await setup(t)
  await app.createWindow({ label: 'settings' })
  const settingsToken = new URL(app.windows().find((w) => w.label === 'settings')!.launchUrl).searchParams.get(TOKEN_QUERY)!
  const socket = new WebSocket(`ws://127.0.0.1:${port}${IPC_PATH}?label=main`, [PROTOCOL, TOKEN_PROTOCOL_PREFIX + settingsToken], {
    headers: { Origin: origin },
  })
  const hello = await new Promise<Record<string, unknown>>((resolve) => socket.once('message', (data) => resolve(JSON.parse(String(data)))))
  socket.close()
  assert.equal(hello.label, 'settings')
})

test('malformed messages are answered with warnings and the backend keeps serving', async (t) => {
  const { launchUrl, ran } = await setup(t)
  const { connect } = await import('./support/node-client.ts')
  const client = await connect(launchUrl)
  client.socket.send('not json')
  client.socket.send('[1,2]')
  client.socket.send(JSON.stringify({ t: 'invoke', cmd: 'touch' }))
  client.socket.send(JSON.stringify({ t: 'nonsense' }))
  client.socket.send(Buffer.from([0, 0, 0, 200, 1, 2]))
  client.socket.send(JSON.stringify({ t: 'invoke', id: 1.5, cmd: 'touch' }))
  assert.equal(await client.invoke('touch'), 1)
  assert.equal(ran(), 1, 'no malformed invoke ran the handler')
  assert.ok(client.warnings.some((w) => /malformed/.test(w)))
})
