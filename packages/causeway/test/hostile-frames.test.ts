/**
 * The frames of the outside attack run, replayed over a real socket against a backend running in
 * this process: each once killed the backend. Now each is refused (a Protocol error for its call,
 * a warning, or a limit's close code), nothing is logged as an unexpected failure, and a NEW
 * connection gets a clean answer afterwards. A crash, or the session's catch-all closing the
 * socket with 1011, fails the test. Each test names the guard it covers and asserts that guard's
 * own reason, so the test fails when the guard is removed even if something else still refuses.
 */
import assert from 'node:assert/strict'
import { type TestContext, test } from 'node:test'
import { eventually } from 'causeway-test-support/eventually'
import { parseServerFrame } from '../src/core/parse.ts'
import type { ServerMessage } from '../src/core/protocol.ts'
import { startApp } from './support/app.ts'
import { binaryFrame, deepArrayText } from './support/frames.ts'
import { connect, type TestClient } from './support/node-client.ts'

/** The attack run's nesting: 100,000 levels, 200 KB of brackets. */
const DEEP = deepArrayText(100_000)
/** The attack run used 140 MB; a few MB shows the same placement without slowing the suite. */
const BLOB_BYTES = 4 * 1024 * 1024
/** Close codes a resource limit may answer a hostile frame with; 1011 (an escaped bug) is not one. */
const LIMIT_CLOSE_CODES = [1008, 1009]

const commands = {
  ping: () => 'pong',
  take: (args: unknown) => typeof args,
}

/** What the backend did with a hostile frame. */
type Outcome =
  | { kind: 'error'; code: string; message: string }
  | { kind: 'answered'; value: unknown }
  | { kind: 'warning'; message: string }
  | { kind: 'closed'; code: number }

/** A fresh connection whose every incoming frame is parsed and kept, with how it closed. */
async function hostile(launchUrl: string) {
  const client = await connect(launchUrl)
  const received: ServerMessage[] = []
  let closeCode: number | undefined
  /** Frames the backend sent that its own page parser refuses: asserted empty once the test has its answer. */
  const unreadable: string[] = []
  client.socket.on('message', (data: Buffer, isBinary: boolean) => {
    const parsed = parseServerFrame(isBinary ? new Uint8Array(data) : data.toString('utf8'))
    if (!Array.isArray(parsed)) return void unreadable.push(parsed.message)
    for (const message of parsed) {
      if (message.t === 'invalid') unreadable.push(message.reason)
      else received.push(message)
    }
  })
  client.socket.on('close', (code: number) => (closeCode = code))
  /**
   * Waits for the backend's answer to a hostile frame: the Protocol error of call `id` (when the
   * frame's id is readable), else a warning; or a close by a limit.
   */
  const outcome = async (id?: number): Promise<Outcome> => {
    const got = await eventually(
      (): Outcome | undefined => {
        const error = received.find((m) => m.t === 'err' && m.id === id)
        if (error?.t === 'err') return { kind: 'error', code: error.e.code, message: error.e.message }
        const answer = received.find((m) => m.t === 'ok' && m.id === id)
        if (answer?.t === 'ok') return { kind: 'answered', value: answer.v }
        const warning = id === undefined ? received.find((m) => m.t === 'warn') : undefined
        if (warning?.t === 'warn') return { kind: 'warning', message: warning.message }
        if (closeCode !== undefined) return { kind: 'closed', code: closeCode }
        return undefined
      },
      `the backend's answer to the hostile frame${id === undefined ? '' : ` (call ${id})`}`,
    )
    assert.deepEqual(unreadable, [], 'the backend sent frames its own page parser refuses')
    return got
  }
  return { client, received, outcome }
}

/**
 * The hostile frame was refused for `reason`: call `id` got a Protocol error saying so (or, with no
 * id, a warning saying so), or a limit closed the connection first.
 */
async function assertRefused(outcome: Promise<Outcome>, reason: RegExp): Promise<void> {
  const got = await outcome
  assert.ok(got.kind !== 'answered', `the hostile frame was accepted and its call answered: ${JSON.stringify(got)}`)
  if (got.kind === 'closed') {
    assert.ok(LIMIT_CLOSE_CODES.includes(got.code), `the hostile connection closed with ${got.code}, not a limit's close code`)
    return
  }
  if (got.kind === 'error') assert.equal(got.code, 'Protocol')
  assert.match(got.message, reason)
}

/** The backend is alive and serving: a NEW connection gets a clean answer, and nothing escaped. */
async function assertServing(t: TestContext, app: App, logger: { errors: string[] }): Promise<void> {
  const fresh: TestClient = await connect(launchUrlOf(app))
  t.after(() => fresh.close())
  assert.equal(await fresh.invoke('ping'), 'pong')
  assert.deepEqual(logger.errors, [], 'nothing escaped the session as an unexpected failure')
}

type App = Awaited<ReturnType<typeof startApp<typeof commands>>>['app']

/** A launch URL for a new connection of the main window (launch tokens may be single-use). */
function launchUrlOf(app: App, label = 'main'): string {
  const url = app.window(label)?.launchUrl
  assert.ok(url, `window \`${label}\` has a launch URL`)
  return url
}

async function start(t: TestContext) {
  // `listener` is a second window, so its connection is not taken for a reload of `main`.
  const started = await startApp(t, { commands, dev: true, windows: [{ label: 'main' }, { label: 'listener' }] })
  const attacker = await hostile(launchUrlOf(started.app))
  t.after(() => attacker.client.close())
  return { ...started, attacker }
}

// Guard: a message's `t` must be a string before anything reads it (parse.ts toMessage). Without
// it the refusal quotes `t`, and JSON.stringify of 100,000 levels overflows the stack.
test('100,000 levels deep in the message kind `t`', async (t) => {
  const { app, logger, attacker } = await start(t)
  const outcome = attacker.outcome()
  attacker.client.socket.send(`{"t":${DEEP}}`)
  await assertRefused(outcome, /type `t`/)
  await assertServing(t, app, logger)
})

// Guard: invoke.id must be a non-negative safe integer (message-checks.ts clientChecks.invoke);
// an unreadable id is warned about, never used as a key or echoed back.
test('100,000 levels deep in the call id', async (t) => {
  const { app, logger, attacker } = await start(t)
  const outcome = attacker.outcome()
  attacker.client.socket.send(`{"t":"invoke","id":${DEEP},"cmd":"ping"}`)
  await assertRefused(outcome, /invoke\.id must be a non-negative safe integer/)
  await assertServing(t, app, logger)
})

// Guard: the depth limit on a message's value (message-checks.ts takeValue, MAX_DEPTH). Without
// it the `__CHANNEL__:` marker sends the arguments through Session.attachChannels, which recurses.
test('100,000 levels deep in the arguments of an allowed command, next to __CHANNEL__:1', async (t) => {
  const { app, logger, attacker } = await start(t)
  const outcome = attacker.outcome(3)
  attacker.client.socket.send(`{"t":"invoke","id":3,"cmd":"take","args":{"onEvent":"__CHANNEL__:1","deep":${DEEP}}}`)
  await assertRefused(outcome, /invoke\.args nests deeper than 128/)
  await assertServing(t, app, logger)
})

// Guards: a batch is parsed message by message (parse.ts parseFrame), each with the checks above:
// the good message runs, the deep ones are refused on their own.
test('100,000 levels deep inside a batch', async (t) => {
  const { app, logger, attacker } = await start(t)
  const refusedCall = attacker.outcome(9)
  attacker.client.socket.send(
    `[{"t":"invoke","id":8,"cmd":"ping"},{"t":${DEEP}},{"t":"invoke","id":9,"cmd":"take","args":["__CHANNEL__:2",${DEEP}]}]`,
  )
  await assertRefused(refusedCall, /invoke\.args nests deeper than 128/)
  const good = attacker.received.find((m) => m.t === 'ok' && m.id === 8)
  assert.deepEqual(good, { t: 'ok', id: 8, v: 'pong' }, 'the good message of the batch ran')
  await eventually(() => attacker.received.some((m) => m.t === 'warn' && /type `t`/.test(m.message)), 'the warning for the deep `t`')
  await assertServing(t, app, logger)
})

// Guard: the depth limit on invoke.args covers the event plugin's payload; the payload never
// reaches the hub, its backend listeners (whose JSON.stringify would overflow) or other windows.
test('100,000 levels deep in an event payload (plugin:event|emit)', async (t) => {
  const { app, logger, attacker } = await start(t)
  const backendHeard: string[] = []
  app.listen('hostile', (e) => void backendHeard.push(JSON.stringify(e.payload)))
  const listener = await connect(launchUrlOf(app, 'listener'))
  t.after(() => listener.close())
  const pageHeard: unknown[] = []
  await listener.listen('hostile', (e) => void pageHeard.push(e.payload))

  const outcome = attacker.outcome(10)
  attacker.client.socket.send(`{"t":"invoke","id":10,"cmd":"plugin:event|emit","args":{"event":"hostile","payload":${DEEP}}}`)
  await assertRefused(outcome, /invoke\.args nests deeper than 128/)
  await assertServing(t, app, logger)
  await listener.emit('hostile', 'clean')
  await eventually(() => pageHeard.length === 1)
  assert.deepEqual(pageHeard, ['clean'], 'only the clean event was delivered')
  assert.deepEqual(backendHeard, ['"clean"'])
})

/** `n` bytes of a recognizable pattern. */
function blob(n: number): Uint8Array {
  const bytes = new Uint8Array(n)
  for (let i = 0; i < n; i++) bytes[i] = i & 0xff
  return bytes
}

/** A binary frame placing one large blob at `path` of `header`. */
function placing(header: object, path: unknown[], length = BLOB_BYTES, actual = BLOB_BYTES): Uint8Array {
  return binaryFrame({ ...header, $b: [[path, length, 0]] }, blob(actual))
}

// Guard: a message's `t` must be a string (toMessage) before the blob table is read at all; the
// attack's header had no `t` and put the blob there.
test('a binary frame placing a large blob at the message kind, as the attack did', async (t) => {
  const { app, logger, attacker } = await start(t)
  const outcome = attacker.outcome()
  attacker.client.socket.send(placing({}, ['t']))
  await assertRefused(outcome, /type `t`/)
  await assertServing(t, app, logger)
})

// Guard: bytes only inside the message's value field (parse.ts slotFor: `path[0] !== field`).
// Without it the refusal would be another one ("does not end at a null"), and the test says so.
for (const field of ['t', 'id', 'cmd']) {
  test(`a binary frame placing a large blob at \`${field}\` of a valid invoke`, async (t) => {
    const { app, logger, attacker } = await start(t)
    const outcome = attacker.outcome(11)
    attacker.client.socket.send(placing({ t: 'invoke', id: 11, cmd: 'take', args: null }, [field]))
    await assertRefused(outcome, /bytes may only be placed inside invoke\.args/)
    await assertServing(t, app, logger)
  })
}

// Guard: a message is checked before its blobs are placed, so a blob table naming the id of a
// header without a usable id is refused for the id; it can never turn the id into bytes.
test('a binary frame placing a large blob at the call id, as the attack did', async (t) => {
  const { app, logger, attacker } = await start(t)
  const outcome = attacker.outcome()
  attacker.client.socket.send(placing({ t: 'invoke', cmd: 'take' }, ['id']))
  await assertRefused(outcome, /invoke\.id must be a non-negative safe integer/)
  await assertServing(t, app, logger)
})

// Guard: no path step may be `__proto__`, `constructor` or `prototype` (slotFor, RESERVED_KEYS).
// Without it, the first frame sets the arguments' prototype to the blob and the call runs;
// the second and third reach Object.prototype, whose `__proto__` is the null a blob replaces:
// setting it throws (an immutable prototype), which once escaped the frame handler.
test('binary frames placing a large blob through __proto__ and constructor paths', async (t) => {
  const { app, logger, attacker } = await start(t)
  // Arguments as JSON text: in a JS object literal `__proto__` would set the prototype, not a key.
  const cases: Array<[string, unknown[]]> = [
    ['{"__proto__":null}', ['args', '__proto__']],
    ['{}', ['args', '__proto__', '__proto__']],
    ['{}', ['args', 'constructor', 'prototype', '__proto__']],
    ['{"constructor":null}', ['args', 'constructor']],
    ['{"a":{"prototype":null}}', ['args', 'a', 'prototype']],
  ]
  for (const [i, [args, path]] of cases.entries()) {
    const id = 20 + i
    const outcome = attacker.outcome(id)
    const header = `{"t":"invoke","id":${id},"cmd":"take","args":${args},"$b":[[${JSON.stringify(path)},${BLOB_BYTES},0]]}`
    attacker.client.socket.send(binaryFrame(header, blob(BLOB_BYTES)))
    await assertRefused(outcome, /reserved key/)
  }
  assert.equal(({} as Record<string, unknown>)['polluted'], undefined)
  assert.equal(Object.getPrototypeOf({}), Object.prototype)
  assert.deepEqual(Object.getOwnPropertyNames(Object.prototype).sort(), Object.getOwnPropertyNames(Object.getPrototypeOf({})).sort())
  assert.ok(!Object.hasOwn(Object.prototype, 'polluted') && !Object.hasOwn(Array.prototype, 'polluted'))
  await assertServing(t, app, logger)
})

// Guard: a blob's declared length must fit in what the frame holds (attachBlobs), and the header
// length must too (parseBinary). Without the first, `subarray` silently clamps and the refusal
// becomes another one; without the second, the header is read from the blob's bytes.
test('binary frames whose blob, or header, runs past the end of the frame', async (t) => {
  const { app, logger, attacker } = await start(t)
  const header = { t: 'invoke', id: 30, cmd: 'take', args: { a: null } }
  const pastEnd = attacker.outcome(30)
  attacker.client.socket.send(placing(header, ['args', 'a'], BLOB_BYTES * 2))
  await assertRefused(pastEnd, /blob 0 runs past the end of the frame/)

  const asAttacked = attacker.outcome(31)
  attacker.client.socket.send(placing({ ...header, id: 31 }, ['args', 'a'], 140_000_000))
  await assertRefused(asAttacked, /blob 0 runs past the end of the frame/)

  const overflow = attacker.outcome(32)
  attacker.client.socket.send(placing({ ...header, id: 32 }, ['args', 'a'], 2 ** 53))
  await assertRefused(overflow, /byteLength must be a non-negative safe integer/)

  const headerPastEnd = attacker.outcome()
  const frame = blob(BLOB_BYTES)
  new DataView(frame.buffer).setUint32(0, 0xffff_ffff, true)
  attacker.client.socket.send(frame)
  await assertRefused(headerPastEnd, /header runs past the end of the frame/)
  await assertServing(t, app, logger)
})
