/**
 * The dialog plugin's protocol over a real loopback WebSocket, driven by hand as a page would:
 * the request arrives as a message for the dialog plugin's page part, the page browses with list_dir and answers with
 * resolve; the backend accepts only what it showed and grants the pick to that window alone.
 */
import assert from 'node:assert/strict'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type TestContext, test } from 'node:test'
import { decodeAll } from '../src/core/wire.ts'
import { dialogPlugin } from '../src/plugins/dialog/index.ts'
import type { DialogListing, DialogRequest } from '../src/plugins/dialog/protocol.ts'
import { fsPlugin } from '../src/plugins/fs/index.ts'
import { startApp } from './support/app.ts'
import { connect, type TestClient } from './support/node-client.ts'

/** Collects the dialog requests a client receives, from its raw frames. */
function dialogRequests(client: TestClient): { next(): Promise<DialogRequest> } {
  const queue: DialogRequest[] = []
  let wake: (() => void) | undefined
  client.socket.on('message', (data, isBinary) => {
    for (const message of decodeAll(isBinary ? new Uint8Array(data as Buffer) : (data as Buffer).toString('utf8'))) {
      if (message.t === 'plugin' && message.plugin === 'dialog') {
        queue.push(message.p as DialogRequest)
        wake?.()
      }
    }
  })
  return {
    async next() {
      while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve))
      return queue.shift() as DialogRequest
    },
  }
}

async function setup(t: TestContext) {
  const root = await mkdtemp(join(tmpdir(), 'causeway-dialog-'))
  t.after(() => rm(root, { recursive: true, force: true }))
  await mkdir(join(root, 'docs'))
  await writeFile(join(root, 'docs', 'note.txt'), 'picked')
  await writeFile(join(root, 'docs', 'image.png'), 'png')
  await writeFile(join(root, 'top.txt'), 'top')
  const running = await startApp(t, { commands: {}, plugins: [dialogPlugin(), fsPlugin()] })
  const main = await connect(running.launchUrl)
  t.after(() => main.close())
  const openOther = async (): Promise<TestClient> => {
    const window = await running.app.createWindow({ label: 'other' })
    const client = await connect(window.launchUrl)
    t.after(() => client.close())
    return client
  }
  return { root, running, main, requests: dialogRequests(main), openOther }
}

test('open: browse into a folder, pick a filtered file; it becomes readable for this window only', async (t) => {
  const { root, main, requests, openOther } = await setup(t)
  const picked = main.invoke('plugin:dialog|open', { options: { defaultPath: root, filters: [{ name: 'Text', extensions: ['txt'] }] } })
  const request = await requests.next()
  assert.equal(request.kind, 'open')
  if (request.kind !== 'open') return
  assert.deepEqual(
    request.listing.entries.map((e) => e.name),
    ['docs', 'top.txt'],
  )

  const docs = await main.invoke<DialogListing>('plugin:dialog|list_dir', {
    requestId: request.requestId,
    path: join(request.listing.path, 'docs'),
  })
  assert.deepEqual(
    docs.entries.map((e) => e.name),
    ['note.txt'],
    'the filter hides image.png',
  )

  const file = join(docs.path, 'note.txt')
  const before = main.invoke('plugin:fs|read_text_file', { path: file })
  await assert.rejects(before, 'nothing grants the file before it is picked')

  await assert.rejects(
    main.invoke('plugin:dialog|resolve', { requestId: request.requestId, result: ['/etc/passwd'] }),
    /not a file this dialog showed/,
  )
  await assert.rejects(main.invoke('plugin:dialog|list_dir', { requestId: request.requestId, path: '/etc' }), /only browse/)
  await main.invoke('plugin:dialog|resolve', { requestId: request.requestId, result: [file] })
  assert.equal(await picked, file)

  assert.equal(new TextDecoder().decode(await main.invoke<Uint8Array>('plugin:fs|read_text_file', { path: file })), 'picked')
  const other = await openOther()
  assert.equal((await other.hello()).label, 'other')
  await assert.rejects(other.invoke('plugin:fs|read_text_file', { path: file }), 'another window gets no grant')
  await assert.rejects(other.invoke('plugin:dialog|resolve', { requestId: request.requestId, result: null }), /no dialog/)
})

test('cancel resolves null; another window cannot answer; message returns the label', async (t) => {
  const { root, main, requests, openOther } = await setup(t)
  const picked = main.invoke('plugin:dialog|open', { options: { defaultPath: root } })
  const request = await requests.next()
  const other = await openOther()
  await assert.rejects(other.invoke('plugin:dialog|resolve', { requestId: request.requestId, result: null }), /no dialog/)
  await main.invoke('plugin:dialog|resolve', { requestId: request.requestId, result: null })
  assert.equal(await picked, null)

  const asked = main.invoke('plugin:dialog|message', { message: 'Go?', buttons: 'YesNoCancel' })
  const msg = await requests.next()
  assert.equal(msg.kind, 'message')
  if (msg.kind === 'message') assert.deepEqual(msg.buttons, ['Yes', 'No', 'Cancel'])
  await assert.rejects(main.invoke('plugin:dialog|resolve', { requestId: msg.requestId, result: 'Maybe' }), /one of/)
  await main.invoke('plugin:dialog|resolve', { requestId: msg.requestId, result: null })
  assert.equal(await asked, 'Cancel')
})

test('save: a new name in a listed directory is granted; a path elsewhere is refused', async (t) => {
  const { root, main, requests } = await setup(t)
  const saving = main.invoke('plugin:dialog|save', { options: { defaultPath: join(root, 'out.txt') } })
  const request = await requests.next()
  assert.equal(request.kind, 'save')
  if (request.kind !== 'save') return
  assert.equal(request.filename, 'out.txt')
  const bad = [join(request.listing.path, '..', 'escape.txt'), join(tmpdir(), 'elsewhere.txt'), join(request.listing.path, 'docs')]
  for (const result of bad)
    await assert.rejects(main.invoke('plugin:dialog|resolve', { requestId: request.requestId, result }), /not a file name/, result)
  const target = join(request.listing.path, 'out.txt')
  await main.invoke('plugin:dialog|resolve', { requestId: request.requestId, result: target })
  assert.equal(await saving, target)
  await main.invoke('plugin:fs|write_text_file', { path: target, contents: 'saved' })
})

test('a dialog is dropped when its caller disconnects', async (t) => {
  const { root, requests, main, openOther } = await setup(t)
  const picked = main.invoke('plugin:dialog|open', { options: { defaultPath: root } })
  const request = await requests.next()
  main.close()
  await assert.rejects(picked)
  const other = await openOther()
  await assert.rejects(other.invoke('plugin:dialog|resolve', { requestId: request.requestId, result: null }), /no dialog/)
})
