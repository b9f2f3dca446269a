/**
 * The old entry points keep working while their callers move to parseClientFrame/encodeMessage:
 * `encode`/`encodePrepared` frame as before, `decode`/`decodeAll` decode either direction with
 * the new checks and throw `Protocol` for anything malformed, refusing a bad batch as a whole.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { decode, decodeAll, encode, encodeMessage, encodePrepared, prepare } from '../src/core/wire.ts'
import { deepArrayText, received } from './support/frames.ts'

test('encode and encodePrepared frame as encodeMessage does', () => {
  const message = { t: 'ok', id: 1, v: { data: new Uint8Array([1, 2]) } } as const
  assert.deepEqual(received(encode(message, 'v', 'result')), received(encodeMessage(message)))
  const prepared = prepare({ n: 1 }, 'payload')
  assert.equal(encodePrepared({ t: 'event', event: 'x', ids: [1] }, 'p', prepared), '{"t":"event","event":"x","ids":[1],"p":{"n":1}}')
  assert.throws(() => encode({ t: 'invoke', id: 1, cmd: 'x', args: { f: () => 1 } }, 'args', 'args'), { message: /^args\.f is a function/ })
})

test('decodeAll and decode read both directions and throw Protocol for anything malformed', () => {
  assert.deepEqual(decodeAll('[{"t":"cancel","id":1},{"t":"ok","id":2,"v":3}]'), [
    { t: 'cancel', id: 1 },
    { t: 'ok', id: 2, v: 3 },
  ])
  assert.deepEqual(decode(received(encodeMessage({ t: 'ok', id: 1, v: new Uint8Array([5]) }))), { t: 'ok', id: 1, v: new Uint8Array([5]) })
  assert.throws(() => decodeAll(JSON.stringify([{ t: 'invoke', id: 100, cmd: 'touch' }, 42])), { code: 'Protocol' })
  assert.throws(() => decodeAll('not json'), { code: 'Protocol' })
  assert.throws(() => decodeAll(`{"t":"invoke","id":1,"cmd":"x","args":${deepArrayText(100_000)}}`), {
    code: 'Protocol',
    message: /nests deeper/,
  })
  assert.throws(() => decode('[{"t":"cancel","id":1}]'), { code: 'Protocol', message: /not a JSON object/ })
})
