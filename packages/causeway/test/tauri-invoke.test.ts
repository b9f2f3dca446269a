/**
 * An unmodified `@tauri-apps/api` frontend calling commands on a Causeway backend, in Chromium:
 * arguments, Tauri's raw rejection values, and raw bytes both ways.
 */
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { test } from 'node:test'
import { err } from '../src/core/errors.ts'
import { startFixture } from './fixtures/tauri-app/harness.ts'

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex')

test('a Tauri frontend invokes commands and gets raw values and raw rejections', async (t) => {
  const received: { hash?: string; isUint8Array?: boolean } = {}
  const { page, errors } = await startFixture(t, {
    commands: {
      greet: ({ name }: { name: string }) => `Hello, ${name}!`,
      nothing: () => undefined,
      fail_string: () => {
        throw 'the string'
      },
      fail_object: () => {
        throw { reason: 'busy', retryAfter: 3 }
      },
      fail_enum: () => err('Io', 'disk full'),
      describe: (args: unknown) => args,
      echo_bytes: (bytes: Uint8Array) => {
        received.isUint8Array = bytes instanceof Uint8Array
        received.hash = sha256(bytes)
        return bytes
      },
    },
  })

  await t.test('invoke with arguments resolves to the value', async () => {
    assert.deepEqual(await page.evaluate(() => window.fixture.invoke('greet', { name: 'Tauri' })), { ok: 'Hello, Tauri!' })
  })

  await t.test('a command returning nothing resolves to null, as a Rust `()` does', async () => {
    assert.deepEqual(await page.evaluate(() => window.fixture.invoke('nothing')), { ok: null })
  })

  await t.test('a thrown string rejects with that very string', async () => {
    assert.deepEqual(await page.evaluate(() => window.fixture.invoke('fail_string')), {
      rejected: 'the string',
      type: 'string',
      isError: false,
    })
  })

  await t.test('a thrown object rejects with the object', async () => {
    const outcome = await page.evaluate(() => window.fixture.invoke('fail_object'))
    assert.deepEqual(outcome, { rejected: { reason: 'busy', retryAfter: 3 }, type: 'object', isError: false })
  })

  await t.test('an err() rejects with serde’s externally tagged form', async () => {
    assert.deepEqual(await page.evaluate(() => window.fixture.invoke('fail_enum')), {
      rejected: { Io: 'disk full' },
      type: 'object',
      isError: false,
    })
  })

  await t.test('an unregistered command rejects with a string naming it', async () => {
    const outcome = await page.evaluate(() => window.fixture.invoke('no_such_command'))
    assert.ok('rejected' in outcome && typeof outcome.rejected === 'string', `a string rejection, got ${JSON.stringify(outcome)}`)
    assert.match(outcome.rejected as string, /no_such_command/)
  })

  await t.test('nested Uint8Array and Map follow Tauri’s JSON replacer', async () => {
    assert.deepEqual(await page.evaluate(() => window.fixture.nestedBytes()), { data: [1, 2, 255], map: { k: 1 } })
  })

  await t.test('10 MB as a raw body reach the handler as bytes and come back as an ArrayBuffer, byte for byte', async () => {
    const size = 10 * 1024 * 1024
    const result = await page.evaluate((n) => window.fixture.bytes(n), size)
    assert.equal(received.isUint8Array, true, 'the handler receives a Uint8Array')
    assert.equal(received.hash, result.sentHash, 'the backend got exactly the bytes the page sent')
    assert.equal(result.isArrayBuffer, true, 'a raw-bytes result resolves as an ArrayBuffer')
    assert.equal(result.backLength, size)
    assert.equal(result.backHash, result.sentHash, 'the page got exactly the bytes back')
  })

  assert.deepEqual(errors, [])
})
