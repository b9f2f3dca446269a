/**
 * `load` options as `@tauri-apps/plugin-store` documents them: defaults under the file's values,
 * `overrideDefaults` (the file alone), `createNew` (the defaults alone), and `reset` announcing
 * exactly the keys it changes.
 */
import assert from 'node:assert/strict'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { test } from 'node:test'
import { eventually } from 'causeway-test-support/eventually'
import { rejection, storeApp } from './support.ts'

test('defaults sit under the file; overrideDefaults keeps the file alone; createNew starts from the defaults', async (t) => {
  const { connect, dataDir } = await storeApp(t)
  const main = await connect()
  await mkdir(dataDir, { recursive: true })
  for (const name of ['merged.json', 'override.json', 'fresh.json']) await writeFile(join(dataDir, name), JSON.stringify({ theme: 'dark' }))
  const defaults = { theme: 'light', size: 12 }
  const load = async (path: string, options: object) =>
    (await main.invoke('plugin:store|load', { path, options: { defaults, ...options } })) as number
  const entries = (rid: number) => main.invoke('plugin:store|entries', { rid })
  assert.deepEqual(await entries(await load('merged.json', {})), [
    ['theme', 'dark'],
    ['size', 12],
  ])
  assert.deepEqual(await entries(await load('override.json', { overrideDefaults: true })), [['theme', 'dark']])
  assert.deepEqual(await entries(await load('fresh.json', { createNew: true })), [
    ['theme', 'light'],
    ['size', 12],
  ])
  assert.match(await rejection(load('fresh.json', { createNew: true })), /already exists/)
})

test('reset returns to the defaults and announces each key it changes, and only those', async (t) => {
  const { connect } = await storeApp(t)
  const main = await connect()
  const rid = (await main.invoke('plugin:store|load', {
    path: 'reset.json',
    options: { defaults: { a: 1, b: 2 }, autoSave: false },
  })) as number
  await main.invoke('plugin:store|set', { rid, key: 'a', value: 10 })
  await main.invoke('plugin:store|set', { rid, key: 'extra', value: true })
  const seen: Array<{ key: string; value: unknown; exists: boolean }> = []
  await main.listen<{ key: string; value: unknown; exists: boolean }>('store://change', (e) =>
    seen.push({ key: e.payload.key, value: e.payload.value, exists: e.payload.exists }),
  )
  await main.invoke('plugin:store|reset', { rid })
  await eventually(() => seen.length === 2)
  assert.deepEqual(seen, [
    { key: 'a', value: 1, exists: true },
    { key: 'extra', value: null, exists: false },
  ])
  assert.deepEqual(await main.invoke('plugin:store|entries', { rid }), [
    ['a', 1],
    ['b', 2],
  ])
})
