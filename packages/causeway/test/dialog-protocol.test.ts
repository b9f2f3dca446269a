/**
 * The dialog server's protocol over real loopback HTTP and WebSocket, with Node playing the
 * dialog window (the app hands its URL to `showWindow` instead of a browser): the launch key and
 * the socket ticket each work once and only from the dialog's own origin; the window may list only
 * what the dialog showed and answer only with it; the answer reaches the requesting page as its
 * command's result, and the pick is granted to that window alone. The page itself has no command
 * to list, answer or cancel with.
 */
import assert from 'node:assert/strict'
import { mkdir, mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises'
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type TestContext, test } from 'node:test'
import { eventually } from 'causeway-test-support/eventually'
import WebSocket from 'ws'
import { CausewayError } from '../src/core/errors.ts'
import { type DialogState, dialogPlugin } from '../src/plugins/dialog/index.ts'
import type { DialogListing, ServerMessage, WindowMessage } from '../src/plugins/dialog/protocol.ts'
import { fsPlugin } from '../src/plugins/fs/index.ts'
import { startApp } from './support/app.ts'
import { connect } from './support/node-client.ts'

interface Reply {
  status: number
  headers: IncomingHttpHeaders
  body: string
}

/** A GET with exactly the headers given (`Host` included), as no fetch implementation allows. */
function get(url: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { headers }, (response) => {
      let body = ''
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => (body += chunk))
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }))
    })
    request.on('error', reject)
    request.end()
  })
}

/** Node in the part of the dialog window: its socket, the messages it got, and request/reply. */
class FakeWindow {
  readonly received: ServerMessage[] = []
  private nextId = 1
  closed = false

  constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => this.received.push(JSON.parse(String(data)) as ServerMessage))
    socket.on('close', () => (this.closed = true))
  }

  async shown() {
    const show = await eventually(() => this.received.find((m) => m.t === 'show'), 'the dialog is shown')
    return show.dialog
  }

  async send(message: Omit<Extract<WindowMessage, { t: 'list' }>, 'id'> | Omit<Extract<WindowMessage, { t: 'answer' }>, 'id'>) {
    const id = this.nextId++
    this.socket.send(JSON.stringify({ ...message, id }))
    return eventually(() => this.received.find((m) => 'id' in m && m.id === id) ?? (this.closed && { t: 'closed' as const }), 'a reply')
  }

  list(path: string) {
    return this.send({ t: 'list', path })
  }

  answer(result: string | string[] | null, replace = false) {
    return this.send({ t: 'answer', result, replace })
  }
}

/**
 * Tries a WebSocket upgrade; resolves with the dialog window once open, or the refusal's status
 * code. The window collects messages from the start: the server may speak in the upgrade's packet.
 */
function upgrade(url: string, origin: string | undefined): Promise<FakeWindow | number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, origin === undefined ? {} : { origin })
    const window = new FakeWindow(socket)
    socket.once('open', () => resolve(window))
    socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0))
    socket.once('error', () => resolve(0))
  })
}

async function setup(t: TestContext) {
  const root = await realpath(await mkdtemp(join(tmpdir(), 'causeway-dialog-protocol-')))
  t.after(() => rm(root, { recursive: true, force: true }))
  await mkdir(join(root, 'docs'))
  await writeFile(join(root, 'docs', 'note.txt'), 'picked')
  await writeFile(join(root, 'docs', 'image.png'), 'png')
  await writeFile(join(root, 'top.txt'), 'top')
  const shown: { url: string; signal: AbortSignal }[] = []
  const running = await startApp(t, {
    commands: {},
    plugins: [dialogPlugin({ showWindow: (url, signal) => void shown.push({ url, signal }) }), fsPlugin()],
  })
  const dialogOrigin = running.app.plugin<DialogState>('dialog')?.state.origin ?? ''
  const main = await connect(running.launchUrl)
  t.after(() => main.close())

  /** Loads the next dialog's page and connects its socket, as the dialog window would. */
  async function openWindow(): Promise<FakeWindow & { signal: AbortSignal }> {
    const next = await eventually(() => shown.shift(), 'the app asks to show a dialog window')
    const page = await get(next.url)
    assert.equal(page.status, 200, page.body)
    const config = /<script type="application\/json" id="causeway-dialog-config">(.*?)<\/script>/.exec(page.body)
    const window = await upgrade(JSON.parse(config?.[1] ?? '{}').socket, dialogOrigin)
    assert.ok(window instanceof FakeWindow, `the upgrade was refused: ${window}`)
    t.after(() => window.socket.close())
    return Object.assign(window, { signal: next.signal })
  }

  return { root, running, main, shown, dialogOrigin, openWindow }
}

test("the launch key opens the dialog's page once; the ticket opens its socket once, from the dialog's own origin", async (t) => {
  const { running, main, shown, dialogOrigin } = await setup(t)
  const picked = main.invoke('plugin:dialog|open', {})
  const { url } = await eventually(() => shown[0], 'the app asks to show a dialog window')
  assert.ok(url.startsWith(`${dialogOrigin}/dialog?key=`), url)
  assert.notEqual(new URL(dialogOrigin).port, new URL(running.url).port, 'the dialog server has a port of its own')
  assert.ok((new URL(url).searchParams.get('key') ?? '').length >= 32, 'a 192-bit key')

  // Refused before the key is looked at, so none of these spends it.
  assert.equal((await get(url, { Host: `localhost:${new URL(dialogOrigin).port}` })).status, 403, 'another Host (DNS rebinding)')
  assert.equal((await get(url, { Origin: running.url })).status, 403, "the app's origin")
  assert.equal((await get(url, { 'Sec-Fetch-Site': 'same-site' })).status, 403, 'a page of the same site loading it')
  assert.equal((await get(`${dialogOrigin}/dialog`)).status, 403, 'no key')
  assert.equal((await get(`${dialogOrigin}/dialog?key=${'A'.repeat(32)}`)).status, 403, 'a wrong key')

  const page = await get(url)
  assert.equal(page.status, 200)
  assert.match(String(page.headers['content-security-policy']), /frame-ancestors 'none'/)
  assert.match(String(page.headers['content-security-policy']), /script-src 'nonce-/)
  assert.equal(page.headers['x-frame-options'], 'DENY')
  assert.equal(page.headers['cross-origin-opener-policy'], 'same-origin')
  assert.equal(page.headers['access-control-allow-origin'], undefined, 'no page of another origin may read it')
  assert.equal(page.headers['set-cookie'], undefined, 'no cookies: they would be shared with every port of 127.0.0.1')
  assert.equal((await get(url)).status, 403, 'the key is spent')

  const socketUrl = JSON.parse(/id="causeway-dialog-config">(.*?)<\/script>/.exec(page.body)?.[1] ?? '{}').socket as string
  assert.equal(await upgrade(socketUrl, running.url), 403, "an upgrade from the app's origin")
  assert.equal(await upgrade(socketUrl, undefined), 403, 'an upgrade without an origin')
  assert.equal(await upgrade(socketUrl.replace(/ticket=[^&]+/, 'ticket=x'), dialogOrigin), 403, 'a wrong ticket')
  const window = await upgrade(socketUrl, dialogOrigin)
  assert.ok(window instanceof FakeWindow)
  assert.equal(await upgrade(socketUrl, dialogOrigin), 403, 'the ticket is spent')
  assert.equal((await window.shown()).kind, 'open')
  await window.answer(null)
  assert.equal(await picked, null)
})

test('the window lists only folders the dialog showed and answers only with what it showed; the pick is granted to that window alone', async (t) => {
  const { root, running, main, openWindow } = await setup(t)
  const picked = main.invoke('plugin:dialog|open', { options: { defaultPath: root, filters: [{ name: 'Text', extensions: ['txt'] }] } })
  const window = await openWindow()
  const view = await window.shown()
  assert.ok(view.kind === 'open' && view.start)
  assert.equal(view.requester, 'main')
  assert.deepEqual(
    view.start.entries.map((e) => e.name),
    ['docs', 'top.txt'],
  )
  const docs = (await window.list(join(root, 'docs'))) as { listing: DialogListing }
  assert.deepEqual(
    docs.listing.entries.map((e) => e.name),
    ['note.txt'],
    'the filter hides image.png',
  )
  assert.equal((await window.list('/etc')).t, 'refused', 'a folder the dialog never showed')
  assert.equal((await window.list('/')).t, 'refused', 'the root, not yet shown')

  const file = join(root, 'docs', 'note.txt')
  await assert.rejects(main.invoke('plugin:fs|read_text_file', { path: file }), 'nothing is granted before the answer')
  assert.equal((await window.answer(['/etc/passwd'])).t, 'refused', 'a file the dialog never showed')
  assert.equal((await window.answer([join(root, 'docs')])).t, 'refused', 'a folder, in a file picker')
  assert.equal((await window.answer([file, join(root, 'top.txt')])).t, 'refused', 'two picks, in a single picker')
  assert.ok(!window.closed, 'a refused answer leaves the dialog open')
  await window.answer([file])
  assert.equal(await picked, file)
  await eventually(() => window.closed, 'the dialog window is told it is over')
  assert.ok(window.received.some((m) => m.t === 'done'))

  assert.equal(new TextDecoder().decode(await main.invoke<Uint8Array>('plugin:fs|read_text_file', { path: file })), 'picked')
  await assert.rejects(main.invoke('plugin:fs|read_text_file', { path: join(root, 'top.txt') }), 'a file beside it')
  const other = await connect((await running.app.createWindow({ label: 'other' })).launchUrl)
  t.after(() => other.close())
  await assert.rejects(other.invoke('plugin:fs|read_text_file', { path: file }), 'another window gets no grant')
})

test('save: a new name in a folder the dialog listed; an existing file only with the second confirmation', async (t) => {
  const { root, main, openWindow } = await setup(t)
  const saving = main.invoke('plugin:dialog|save', { options: { defaultPath: join(root, 'top.txt') } })
  const window = await openWindow()
  const view = await window.shown()
  assert.ok(view.kind === 'save' && view.start)
  assert.equal(view.filename, 'top.txt')
  for (const outside of [join(root, '..', 'escape.txt'), join(tmpdir(), 'elsewhere.txt'), join(root, 'docs'), `${root}/a/b.txt`]) {
    assert.equal((await window.answer(outside)).t, 'refused', outside)
  }
  const existing = (await window.answer(join(root, 'top.txt'))) as Extract<ServerMessage, { t: 'refused' }>
  assert.equal(existing.reason, 'exists', 'an existing file is not replaced without asking')
  await window.answer(join(root, 'top.txt'), true)
  assert.equal(await saving, join(root, 'top.txt'))
  await main.invoke('plugin:fs|write_text_file', { path: join(root, 'top.txt'), contents: 'saved' })
  assert.equal(await readFile(join(root, 'top.txt'), 'utf8'), 'saved')
})

test('message: the answer must be one of its buttons; a dismissed dialog gives the cautious one', async (t) => {
  const { main, openWindow } = await setup(t)
  const custom = main.invoke('plugin:dialog|message', { message: 'Go?', title: 'Trip', buttons: { OkCancelCustom: ['Go', 'Stay'] } })
  let window = await openWindow()
  const view = await window.shown()
  assert.ok(view.kind === 'message')
  assert.deepEqual([view.title, view.message, view.buttons], ['Trip', 'Go?', ['Go', 'Stay']])
  assert.equal((await window.answer('Maybe')).t, 'refused')
  assert.equal((await window.list('/')).t, 'refused', 'a message lists nothing')
  await window.answer('Go')
  assert.equal(await custom, 'Go')

  // Closing (or reloading) the dialog window dismisses it.
  const asked = main.invoke('plugin:dialog|message', { message: 'Sure?', buttons: 'YesNoCancel' })
  window = await openWindow()
  await window.shown()
  window.socket.close()
  assert.equal(await asked, 'Cancel')
})

test('a dialog ends when its caller goes away: its window is told to close and its socket is closed', async (t) => {
  const { root, main, openWindow, running } = await setup(t)
  const picked = main.invoke('plugin:dialog|open', { options: { defaultPath: root } })
  const window = await openWindow()
  await window.shown()
  main.close()
  await assert.rejects(picked)
  await eventually(() => window.signal.aborted, 'showWindow is told to close the window')
  await eventually(() => window.closed, 'the dialog socket is closed')
  assert.equal(running.app.plugin<DialogState>('dialog')?.state.size, 0)
})

test('the page has no command to list, answer or cancel a dialog; a window shows one dialog at a time', async (t) => {
  const { root, main, openWindow } = await setup(t)
  const picked = main.invoke('plugin:dialog|open', { options: { defaultPath: root } })
  const window = await openWindow()
  await window.shown()
  for (const command of ['list_dir', 'resolve', 'answer', 'cancel', 'dismiss', 'list']) {
    await assert.rejects(
      main.invoke(`plugin:dialog|${command}`, { path: '/', result: '/' }),
      (error: unknown) => error instanceof CausewayError && error.code === 'CommandNotFound',
      command,
    )
  }
  await assert.rejects(
    main.invoke('plugin:dialog|message', { message: 'another' }),
    (error: unknown) => error instanceof CausewayError && error.code === 'LimitExceeded',
  )
  await window.answer(null)
  assert.equal(await picked, null)
})

test('without a browser or showWindow, a dialog fails with DialogUnavailable', async (t) => {
  const running = await startApp(t, { commands: {}, plugins: [dialogPlugin(), fsPlugin()] })
  const main = await connect(running.launchUrl)
  t.after(() => main.close())
  await assert.rejects(main.invoke('plugin:dialog|open', {}), (error: unknown) => {
    assert.ok(error instanceof CausewayError && error.code === 'App' && error.kind === 'DialogUnavailable', String(error))
    assert.match(error.message, /showWindow/)
    return true
  })
})
