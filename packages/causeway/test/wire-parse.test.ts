/**
 * Parsing at the edge: every message kind of each direction is accepted when well formed and
 * refused, with a reason, when any field has the wrong type. One bad message in a batch does not
 * cost the others; a frame that cannot be read at all is one `Protocol` error.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { type ParsedFrame, parseClientFrame, parseServerFrame } from '../src/core/parse.ts'
import type { ClientMessage, Message, ServerMessage } from '../src/core/protocol.ts'
import { binaryFrame, frameError, messagesOf, onlyMessage, refused } from './support/frames.ts'

const validClient: ClientMessage[] = [
  { t: 'invoke', id: 0, cmd: 'greet' },
  { t: 'invoke', id: 1, cmd: 'plugin:fs|read_file', args: { path: 'a.txt', options: { baseDir: 1 } } },
  { t: 'invoke', id: 2, cmd: 'echo', args: null },
  { t: 'invoke', id: 3, cmd: 'echo', args: [1, 'two', false], headers: { 'x-trace': 'abc', empty: '' } },
  { t: 'invoke', id: Number.MAX_SAFE_INTEGER, cmd: '', args: 'text' },
  { t: 'cancel', id: 9 },
  { t: 'ack', ch: 0, n: 1 },
  { t: 'ack', ch: 7, n: 128 },
]

const validServer: ServerMessage[] = [
  { t: 'hello', label: 'main', dev: true, session: 's3ss10n', instance: 'i1' },
  { t: 'hello', label: '', dev: false, session: 's3ss10n', instance: 'i1' },
  { t: 'ok', id: 1 },
  { t: 'ok', id: 2, v: { items: [1, { deep: null }] } },
  { t: 'ok', id: 3, v: null },
  { t: 'err', id: 4, e: { code: 'Forbidden', message: 'no' } },
  { t: 'err', id: 5, e: { code: 'App', message: 'Io: disk', kind: 'Io', data: { detail: 'disk' }, stack: 'Error: at x' } },
  { t: 'event', event: 'job-progress', ids: [1, 2, 3], p: { done: 3 } },
  { t: 'event', event: 'causeway:window', ids: [] },
  { t: 'chan', ch: 7, i: 0, v: 'first' },
  { t: 'chan', ch: 7, i: 1 },
  { t: 'chan-end', ch: 7, n: 0 },
  { t: 'warn', message: 'a duplicate listener' },
  { t: 'plugin', plugin: 'window', p: { title: 'Hi' } },
  { t: 'plugin', plugin: 'dialog' },
]

function expectValid<M extends Message>(parse: (frame: string) => ParsedFrame<M>, message: M): void {
  assert.deepEqual(onlyMessage(parse(JSON.stringify(message))), message, `${JSON.stringify(message)} is accepted as it is`)
}

test('every ClientMessage kind is accepted as it was sent', () => {
  for (const message of validClient) expectValid(parseClientFrame, message)
})

test('every ServerMessage kind is accepted as it was sent', () => {
  for (const message of validServer) expectValid(parseServerFrame, message)
})

/** [frame text, what the reason must mention, the call id the refusal must carry (or undefined)] */
type Refusal = [string, RegExp, number | undefined]

const badClient: Refusal[] = [
  ['{"t":"invoke","cmd":"touch"}', /invoke\.id/, undefined],
  ['{"t":"invoke","id":-1,"cmd":"touch"}', /invoke\.id/, undefined],
  ['{"t":"invoke","id":1.5,"cmd":"touch"}', /invoke\.id/, undefined],
  ['{"t":"invoke","id":"1","cmd":"touch"}', /invoke\.id/, undefined],
  ['{"t":"invoke","id":9007199254740992,"cmd":"touch"}', /invoke\.id/, undefined],
  ['{"t":"invoke","id":null,"cmd":"touch"}', /invoke\.id/, undefined],
  ['{"t":"invoke","id":4}', /invoke\.cmd/, 4],
  ['{"t":"invoke","id":4,"cmd":5}', /invoke\.cmd/, 4],
  ['{"t":"invoke","id":4,"cmd":["touch"]}', /invoke\.cmd/, 4],
  ['{"t":"invoke","id":5,"cmd":"touch","headers":["a"]}', /invoke\.headers/, 5],
  ['{"t":"invoke","id":5,"cmd":"touch","headers":"a: b"}', /invoke\.headers/, 5],
  ['{"t":"invoke","id":5,"cmd":"touch","headers":null}', /invoke\.headers/, 5],
  ['{"t":"invoke","id":5,"cmd":"touch","headers":{"a":"b","n":1}}', /invoke\.headers\["n"\]/, 5],
  ['{"t":"cancel"}', /cancel\.id/, undefined],
  ['{"t":"cancel","id":-3}', /cancel\.id/, undefined],
  ['{"t":"ack","ch":7,"n":0}', /ack\.n/, undefined],
  ['{"t":"ack","ch":7,"n":-1}', /ack\.n/, undefined],
  ['{"t":"ack","ch":7,"n":1.5}', /ack\.n/, undefined],
  ['{"t":"ack","ch":"7","n":1}', /ack\.ch/, undefined],
  ['{"t":"ack","n":1}', /ack\.ch/, undefined],
  ['{"id":1,"cmd":"touch"}', /type `t`/, undefined],
  ['{"t":1,"id":1,"cmd":"touch"}', /type `t`/, undefined],
  ['{"t":"nonsense","id":1}', /unknown message type "nonsense"/, undefined],
  ['{"t":"ok","id":1,"v":1}', /unknown message type "ok"/, undefined],
  ['{"t":"toString","id":1}', /unknown message type "toString"/, undefined],
  ['{"t":"__proto__","id":1}', /unknown message type "__proto__"/, undefined],
]

const badServer: Refusal[] = [
  ['{"t":"hello","label":"main"}', /hello\.dev/, undefined],
  ['{"t":"hello","label":"main","dev":"yes"}', /hello\.dev/, undefined],
  ['{"t":"hello","label":7,"dev":true}', /hello\.label/, undefined],
  ['{"t":"ok"}', /ok\.id/, undefined],
  ['{"t":"ok","id":-1,"v":1}', /ok\.id/, undefined],
  ['{"t":"err","id":3}', /err\.e must be an object/, 3],
  ['{"t":"err","id":3,"e":"boom"}', /err\.e must be an object/, 3],
  ['{"t":"err","id":3,"e":{"code":"Nope","message":"m"}}', /err\.e\.code/, 3],
  ['{"t":"err","id":3,"e":{"code":"toString","message":"m"}}', /err\.e\.code/, 3],
  ['{"t":"err","id":3,"e":{"code":"App"}}', /err\.e\.message/, 3],
  ['{"t":"err","id":3,"e":{"code":"App","message":"m","kind":5}}', /err\.e\.kind/, 3],
  ['{"t":"err","id":3,"e":{"code":"App","message":"m","stack":{}}}', /err\.e\.stack/, 3],
  ['{"t":"err","id":"3","e":{"code":"App","message":"m"}}', /err\.id/, undefined],
  ['{"t":"event","ids":[1]}', /event\.event/, undefined],
  ['{"t":"event","event":"x","ids":[1,-1]}', /event\.ids/, undefined],
  ['{"t":"event","event":"x","ids":[1,"2"]}', /event\.ids/, undefined],
  ['{"t":"event","event":"x","ids":1}', /event\.ids/, undefined],
  ['{"t":"event","event":"x"}', /event\.ids/, undefined],
  ['{"t":"chan","ch":7,"v":1}', /chan\.i/, undefined],
  ['{"t":"chan","ch":-7,"i":0}', /chan\.ch/, undefined],
  ['{"t":"chan-end","ch":7,"n":-1}', /chan-end\.n/, undefined],
  ['{"t":"chan-end","n":1}', /chan-end\.ch/, undefined],
  ['{"t":"warn","message":5}', /warn\.message/, undefined],
  ['{"t":"plugin","p":1}', /plugin\.plugin/, undefined],
  ['{"t":"invoke","id":1,"cmd":"x"}', /unknown message type "invoke"/, undefined],
]

function expectRefusals<M extends Message>(parse: (frame: string) => ParsedFrame<M>, cases: Refusal[]): void {
  for (const [text, reason, id] of cases) {
    const message = refused(parse(text))
    assert.match(message.reason, reason, text)
    assert.equal(message.id, id, `${text}: the refusal carries call id ${id}`)
    if (id === undefined) assert.ok(!('id' in message), `${text}: no id key at all`)
  }
}

test('a ClientMessage with any field of the wrong type is refused, naming the field', () => {
  expectRefusals(parseClientFrame, badClient)
})

test('a ServerMessage with any field of the wrong type is refused, naming the field', () => {
  expectRefusals(parseServerFrame, badServer)
})

test('fields the protocol does not know are dropped, not passed on', () => {
  const message = onlyMessage(parseClientFrame('{"t":"cancel","id":1,"extra":{"x":1},"$b":[],"__proto__":{"a":1}}'))
  assert.deepEqual(message, { t: 'cancel', id: 1 })
  assert.deepEqual(Object.keys(message), ['t', 'id'])
  const err = onlyMessage(parseServerFrame('{"t":"err","id":1,"e":{"code":"App","message":"m","secret":1}}'))
  assert.deepEqual(err, { t: 'err', id: 1, e: { code: 'App', message: 'm' } })
})

test('one bad message in a batch is refused alone; the good ones around it are kept, in order', () => {
  const batch = JSON.stringify([
    { t: 'invoke', id: 1, cmd: 'a' },
    42,
    { t: 'invoke', id: 2 },
    null,
    [{ t: 'cancel', id: 1 }],
    { t: 'cancel', id: 1 },
  ])
  const messages = messagesOf(parseClientFrame(batch))
  assert.deepEqual(messages, [
    { t: 'invoke', id: 1, cmd: 'a' },
    { t: 'invalid', reason: 'a message must be a JSON object' },
    { t: 'invalid', id: 2, reason: 'invoke.cmd must be a string' },
    { t: 'invalid', reason: 'a message must be a JSON object' },
    { t: 'invalid', reason: 'a message must be a JSON object' },
    { t: 'cancel', id: 1 },
  ])
  const serverBatch = JSON.stringify([
    { t: 'chan', ch: 1, i: 0, v: 'a' },
    { t: 'chan', ch: 1 },
    { t: 'chan-end', ch: 1, n: 1 },
  ])
  assert.deepEqual(
    messagesOf(parseServerFrame(serverBatch)).map((m) => m.t),
    ['chan', 'invalid', 'chan-end'],
  )
  assert.deepEqual(messagesOf(parseClientFrame('[]')), [])
})

test('a frame that cannot be read at all is one Protocol error, in both directions', () => {
  for (const parse of [parseClientFrame, parseServerFrame]) {
    assert.match(frameError(parse('not json')).message, /not valid JSON/)
    assert.match(frameError(parse('[{"t":"invoke","id":101,"cmd":"touch"}')).message, /not valid JSON/)
    for (const text of ['42', '"text"', 'null', 'true']) assert.match(frameError(parse(text)).message, /message object or an array/)
    assert.match(frameError(parse(new Uint8Array([0, 0, 0]))).message, /shorter than its header length/)
    assert.match(frameError(parse(new Uint8Array([0, 0, 0, 200, 1, 2]))).message, /runs past the end/)
    assert.match(frameError(parse(new Uint8Array([255, 255, 255, 255]))).message, /runs past the end/)
    assert.match(frameError(parse(binaryFrame('{"t":'))).message, /header is not valid JSON/)
    assert.match(frameError(parse(binaryFrame([{ t: 'cancel', id: 1 }]))).message, /header is not a JSON object/)
    assert.match(frameError(parse(binaryFrame('"text"'))).message, /header is not a JSON object/)
  }
})

test('a binary frame holding a readable message but a broken blob table refuses that message, keeping its call id', () => {
  const missing = refused(parseClientFrame(binaryFrame({ t: 'invoke', id: 8, cmd: 'x', args: null })))
  assert.deepEqual(missing, { t: 'invalid', id: 8, reason: 'binary frame without a blob table ($b)' })
  const entry = refused(parseServerFrame(binaryFrame({ t: 'ok', id: 9, v: null, $b: [[['v'], 1]] }, new Uint8Array(1))))
  assert.equal(entry.id, 9)
  assert.match(entry.reason, /\[path, byteLength, kind\]/)
  const kind = refused(parseServerFrame(binaryFrame({ t: 'ok', id: 9, v: null, $b: [[['v'], 1, 2]] }, new Uint8Array(1))))
  assert.match(kind.reason, /kind must be 0/)
  const length = refused(parseServerFrame(binaryFrame({ t: 'ok', id: 9, v: null, $b: [[['v'], 1.5, 0]] }, new Uint8Array(2))))
  assert.match(length.reason, /byteLength/)
})
