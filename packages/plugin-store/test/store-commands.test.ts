/**
 * The store commands over an in-process connection, with the shapes `@tauri-apps/plugin-store`
 * uses: load with defaults, get as [value, exists], the key operations, save as pretty JSON in
 * the app data directory, reload, get_store, closing the resource; bad input refused.
 */
import assert from 'node:assert/strict'
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { test } from 'node:test'
import { eventually } from 'causeway-test-support/eventually'
import { store } from '../src/index.ts'
import { rejection, storeApp } from './support.ts'

test('load with defaults, then get/set/has/delete/keys/values/entries/length/clear/reset as Tauri answers them', async (t) => {
  const { connect, dataDir } = await storeApp(t)
  const main = await connect()
  const rid = (await main.invoke('plugin:store|load', {
    path: 'settings.json',
    options: { defaults: { theme: 'light', size: 12 }, autoSave: false },
  })) as number
  assert.equal(typeof rid, 'number')
  assert.deepEqual(await main.invoke('plugin:store|get', { rid, key: 'theme' }), ['light', true])
  assert.deepEqual(await main.invoke('plugin:store|get', { rid, key: 'missing' }), [null, false])
  await main.invoke('plugin:store|set', { rid, key: 'theme', value: 'dark' })
  await main.invoke('plugin:store|set', { rid, key: 'recent', value: { files: ['a.txt'], open: true } })
  assert.equal(await main.invoke('plugin:store|has', { rid, key: 'recent' }), true)
  assert.deepEqual(await main.invoke('plugin:store|keys', { rid }), ['theme', 'size', 'recent'])
  assert.deepEqual(await main.invoke('plugin:store|values', { rid }), ['dark', 12, { files: ['a.txt'], open: true }])
  assert.deepEqual(await main.invoke('plugin:store|entries', { rid }), [
    ['theme', 'dark'],
    ['size', 12],
    ['recent', { files: ['a.txt'], open: true }],
  ])
  assert.equal(await main.invoke('plugin:store|length', { rid }), 3)
  assert.equal(await main.invoke('plugin:store|delete', { rid, key: 'size' }), true)
  assert.equal(await main.invoke('plugin:store|delete', { rid, key: 'size' }), false)
  await main.invoke('plugin:store|save', { rid })
  const file = join(dataDir, 'settings.json')
  assert.equal(await readFile(file, 'utf8'), JSON.stringify({ theme: 'dark', recent: { files: ['a.txt'], open: true } }, null, 2))
  await main.invoke('plugin:store|reset', { rid })
  assert.deepEqual(await main.invoke('plugin:store|entries', { rid }), [
    ['theme', 'light'],
    ['size', 12],
  ])
  await main.invoke('plugin:store|clear', { rid })
  assert.equal(await main.invoke('plugin:store|length', { rid }), 0)
  // reload merges the file over what is in memory; ignoreDefaults makes memory the file exactly.
  await main.invoke('plugin:store|set', { rid, key: 'only-in-memory', value: 1 })
  await main.invoke('plugin:store|reload', { rid })
  assert.deepEqual(await main.invoke('plugin:store|keys', { rid }), ['only-in-memory', 'theme', 'recent'])
  await main.invoke('plugin:store|reload', { rid, ignoreDefaults: true })
  assert.deepEqual(await main.invoke('plugin:store|keys', { rid }), ['theme', 'recent'])
  assert.deepEqual(await readdir(dataDir), ['settings.json'], 'no temporary file is left next to it')
})

test('a store is shared across windows: one rid per window, get_store finds it, the last window to let go saves it', async (t) => {
  const { connect, dataDir } = await storeApp(t)
  const main = await connect('main')
  const second = await connect('second')
  assert.equal(await main.invoke('plugin:store|get_store', { path: 'shared.json' }), null)
  const ridMain = (await main.invoke('plugin:store|load', { path: 'shared.json', options: { autoSave: 10_000 } })) as number
  assert.equal(await main.invoke('plugin:store|load', { path: 'shared.json' }), ridMain, 'loading again hands back the same id')
  const ridSecond = (await second.invoke('plugin:store|get_store', { path: 'shared.json' })) as number
  assert.equal(typeof ridSecond, 'number')
  await second.invoke('plugin:store|set', { rid: ridSecond, key: 'k', value: 42 })
  assert.deepEqual(await main.invoke('plugin:store|get', { rid: ridMain, key: 'k' }), [42, true])
  await main.invoke('plugin:resources|close', { rid: ridMain })
  assert.match(await rejection(main.invoke('plugin:store|get', { rid: ridMain, key: 'k' })), /no resource with id/)
  await second.invoke('plugin:resources|close', { rid: ridSecond })
  // The last hold released: what auto-save had not written yet is written now.
  await eventually(async () => JSON.parse(await readFile(join(dataDir, 'shared.json'), 'utf8')).k === 42)
  assert.equal(await main.invoke('plugin:store|get_store', { path: 'shared.json' }), null, 'no longer loaded')
})

test('auto-save writes after its debounce; change events reach each holding window with its own rid', async (t) => {
  const { connect, dataDir } = await storeApp(t)
  const main = await connect('main')
  const second = await connect('second')
  const ridMain = (await main.invoke('plugin:store|load', { path: 'auto.json', options: { autoSave: 20 } })) as number
  const ridSecond = (await second.invoke('plugin:store|load', { path: 'auto.json' })) as number
  const seenMain: unknown[] = []
  const seenSecond: unknown[] = []
  await main.listen('store://change', (e) => seenMain.push(e.payload))
  await second.listen('store://change', (e) => seenSecond.push(e.payload))
  await main.invoke('plugin:store|set', { rid: ridMain, key: 'color', value: 'teal' })
  await main.invoke('plugin:store|delete', { rid: ridMain, key: 'color' })
  const path = join(dataDir, 'auto.json')
  await eventually(() => seenSecond.length === 2)
  assert.deepEqual(seenSecond, [
    { path, resourceId: ridSecond, key: 'color', value: 'teal', exists: true },
    { path, resourceId: ridSecond, key: 'color', value: null, exists: false },
  ])
  await eventually(() => seenMain.length === 2)
  assert.equal((seenMain[0] as { resourceId: number }).resourceId, ridMain)
  await second.invoke('plugin:store|set', { rid: ridSecond, key: 'saved', value: true })
  await eventually(async () => JSON.parse(await readFile(path, 'utf8').catch(() => '{}')).saved === true, 'the auto-save')
})

test('bad input: a path outside the data directory, a corrupt file (left as it is), wrong types, unknown ids', async (t) => {
  const { connect, dataDir } = await storeApp(t)
  const main = await connect()
  assert.match(await rejection(main.invoke('plugin:store|load', { path: '../escape.json' })), /outside the app data directory/)
  assert.match(await rejection(main.invoke('plugin:store|load', { path: '/etc/passwd' })), /outside the app data directory/)
  await mkdir(dataDir, { recursive: true })
  await writeFile(join(dataDir, 'broken.json'), '{"half": ')
  assert.match(await rejection(main.invoke('plugin:store|load', { path: 'broken.json' })), /^Failed to deserialize store\. .*broken\.json/)
  assert.equal(await readFile(join(dataDir, 'broken.json'), 'utf8'), '{"half": ', 'the file is not overwritten')
  assert.match(
    await rejection(main.invoke('plugin:store|load', { path: 'x.json', options: { serializeFnName: 'yaml' } })),
    /Serialize function not found: yaml/,
  )
  const rid = (await main.invoke('plugin:store|load', { path: 'ok.json' })) as number
  assert.match(await rejection(main.invoke('plugin:store|set', { rid, key: 7, value: 1 })), /args\.key/)
  assert.match(await rejection(main.invoke('plugin:store|get', { rid: 9999, key: 'a' })), /no resource with id 9999/)
  assert.match(await rejection(main.invoke('plugin:store|reload', { rid })), /No such file or directory/)
  assert.deepEqual(await main.invoke('plugin:store|keys', { rid }), [], 'a failed reload changes nothing')
})

test("the backend's store() shares the pages' store and survives their letting go", async (t) => {
  const { app, connect } = await storeApp(t)
  const settings = await store(app, 'backend.json', { defaults: { theme: 'light' } })
  const main = await connect()
  const rid = (await main.invoke('plugin:store|load', { path: 'backend.json' })) as number
  settings.set('theme', 'dark')
  assert.deepEqual(await main.invoke('plugin:store|get', { rid, key: 'theme' }), ['dark', true])
  await main.invoke('plugin:resources|close', { rid })
  settings.set('after', 1)
  const again = (await main.invoke('plugin:store|load', { path: 'backend.json' })) as number
  assert.deepEqual(await main.invoke('plugin:store|get', { rid: again, key: 'after' }), [1, true])
})
