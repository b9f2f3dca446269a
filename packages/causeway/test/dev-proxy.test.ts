/**
 * The dev server's forwarding of `/__causeway/*` to the backend of the moment: only for a `Host`
 * naming the dev server; `Origin` and the path pass through untouched, `Host` becomes the
 * backend's; an upgrade made while no backend runs waits and goes through once one is ready.
 */
import assert from 'node:assert/strict'
import { once } from 'node:events'
import { createServer, request, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type TestContext, test } from 'node:test'
import WebSocket, { WebSocketServer } from 'ws'
import { BackendProxy } from '../src/cli/dev/proxy.ts'

async function listen(t: TestContext, server: Server): Promise<number> {
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  t.after(() => {
    server.closeAllConnections()
    server.close()
  })
  return (server.address() as AddressInfo).port
}

/** A backend that echoes what it was asked: path, Host and Origin; and echoes WebSocket messages. */
async function backend(t: TestContext) {
  const seen: Array<{ url: string; host: string; origin: string }> = []
  const server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', host: req.headers.host ?? '', origin: req.headers.origin ?? '' })
    res.end(`backend ${req.url}`)
  })
  const wss = new WebSocketServer({ server })
  wss.on('connection', (socket, req) => {
    seen.push({ url: req.url ?? '', host: req.headers.host ?? '', origin: req.headers.origin ?? '' })
    socket.on('message', (data) => socket.send(`echo ${data}`))
  })
  t.after(() => wss.close())
  const port = await listen(t, server)
  return { origin: `http://127.0.0.1:${port}`, seen }
}

async function devServer(t: TestContext, proxy: BackendProxy) {
  const server = createServer((req, res) => proxy.handleRequest(req, res, () => res.end('vite')))
  server.on('upgrade', (req, socket, head) => {
    if (!proxy.handleUpgrade(req, socket, head)) socket.end('HTTP/1.1 404 Not Found\r\n\r\nnot ours')
  })
  const port = await listen(t, server)
  proxy.listening(port)
  t.after(() => proxy.close())
  return port
}

function get(port: number, path: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request({ port, path, host: '127.0.0.1', headers: { host } }, (res) => {
      let body = ''
      res.on('data', (chunk: Buffer) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
    })
      .on('error', reject)
      .end()
  })
}

test('requests for /__causeway/ go to the backend, with its Host; others stay with the dev server', async (t) => {
  const proxy = new BackendProxy()
  const port = await devServer(t, proxy)
  const target = await backend(t)
  proxy.setTarget(target.origin)
  assert.deepEqual(await get(port, '/__causeway/plugin/tauri/page.js', `127.0.0.1:${port}`), {
    status: 200,
    body: 'backend /__causeway/plugin/tauri/page.js',
  })
  assert.equal(target.seen[0]?.host, new URL(target.origin).host)
  assert.deepEqual(await get(port, '/index.html', `127.0.0.1:${port}`), { status: 200, body: 'vite' })
})

test('a Host other than the dev server is refused (DNS rebinding), for requests and upgrades', async (t) => {
  const proxy = new BackendProxy()
  const port = await devServer(t, proxy)
  const target = await backend(t)
  proxy.setTarget(target.origin)
  assert.deepEqual(await get(port, '/__causeway/plugin/tauri/page.js', `evil.example:${port}`), { status: 403, body: 'forbidden host' })
  const socket = new WebSocket(`ws://127.0.0.1:${port}/__causeway/ipc`, { headers: { host: `evil.example:${port}` } })
  const [, response] = (await once(socket, 'unexpected-response')) as [unknown, { statusCode: number }]
  assert.equal(response.statusCode, 403)
  assert.deepEqual(target.seen, [])
})

test('an upgrade made while no backend runs waits for the next one, Origin untouched', async (t) => {
  const proxy = new BackendProxy()
  const port = await devServer(t, proxy)
  const socket = new WebSocket(`ws://127.0.0.1:${port}/__causeway/ipc`, { origin: `http://127.0.0.1:${port}` })
  socket.on('error', () => {})
  const target = await backend(t)
  assert.equal(socket.readyState, WebSocket.CONNECTING)
  proxy.setTarget(target.origin)
  await once(socket, 'open')
  socket.send('hi')
  const [reply] = (await once(socket, 'message')) as [Buffer]
  assert.equal(reply.toString(), 'echo hi')
  assert.deepEqual(target.seen, [{ url: '/__causeway/ipc', host: new URL(target.origin).host, origin: `http://127.0.0.1:${port}` }])
  socket.close()
})
