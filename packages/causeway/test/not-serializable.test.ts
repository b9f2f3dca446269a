import assert from 'node:assert/strict'
import { test } from 'node:test'
import { eventually } from 'causeway-test-support/eventually'
import { isCausewayError } from '../src/core/errors.ts'
import { prepare } from '../src/core/wire.ts'
import { startApp } from './support/app.ts'
import { connect } from './support/node-client.ts'

class Owner {
  constructor(readonly name: string) {}
}
class Money {
  constructor(readonly cents: number) {}
  toJSON() {
    return { cents: this.cents }
  }
}

const cyclic: Record<string, unknown> = { name: 'loop' }
cyclic.self = cyclic

const cases: Array<[string, unknown, RegExp]> = [
  ['a function', { items: [0, 1, 2, { owner: () => 1 }] }, /^result\.items\[3\]\.owner is a function/],
  ['a symbol', { tag: Symbol('x') }, /^result\.tag is a Symbol/],
  ['a BigInt', { big: 10n }, /^result\.big is a BigInt.*String\(value\)/],
  ['a cycle', cyclic, /^result\.self is a circular reference/],
  ['a Map', { index: new Map([['a', 1]]) }, /^result\.index is a Map.*Object\.fromEntries/],
  ['a Set', { tags: new Set([1]) }, /^result\.tags is a Set/],
  ['a class instance', { items: [new Owner('ann')] }, /^result\.items\[0\] is a Owner.*toJSON/],
  ['NaN', { ratio: Number.NaN }, /^result\.ratio is NaN/],
  ['a Float32Array', { samples: new Float32Array(2) }, /^result\.samples is a Float32Array/],
  ['an Error', { failure: new Error('x') }, /^result\.failure is a Error/],
]

for (const [what, value, message] of cases) {
  test(`a result holding ${what} fails with NotSerializable naming the path`, async (t) => {
    const { launchUrl } = await startApp(t, { commands: { give: () => value } })
    const error = await (await connect(launchUrl)).invoke('give').catch((e: unknown) => e)
    assert.ok(isCausewayError(error, 'NotSerializable'), `expected NotSerializable, got ${String(error)}`)
    assert.match(error.message, message)
  })
}

test('values with toJSON, Dates and shared (acyclic) references cross fine', async (t) => {
  const shared = { id: 1 }
  const when = new Date(0)
  const { launchUrl } = await startApp(t, { commands: { give: () => ({ price: new Money(250), a: shared, b: shared, when }) } })
  assert.deepEqual(await (await connect(launchUrl)).invoke('give'), {
    price: { cents: 250 },
    a: { id: 1 },
    b: { id: 1 },
    when: when.toJSON(),
  })
})

test('a bad argument is refused in the page before anything is sent', async (t) => {
  let ran = false
  const { launchUrl } = await startApp(t, { commands: { take: () => (ran = true) } })
  const error = await (await connect(launchUrl)).invoke('take', { user: { name: 'x', save() {} } }).catch((e: unknown) => e)
  assert.ok(isCausewayError(error, 'NotSerializable'))
  assert.match(error.message, /^args\.user\.save is a function/)
  assert.equal(ran, false)
})

test('a bad event payload throws at the emit, naming the path, and nobody receives {}', async (t) => {
  const { app, launchUrl } = await startApp(t, { commands: {} })
  const client = await connect(launchUrl)
  const got: unknown[] = []
  await client.listen('state', (e) => void got.push(e.payload))
  assert.throws(() => app.emit('state', { users: new Map() }), /payload\.users is a Map/)
  const fromPage = await client.emit('state', { at: 1n }).catch((e: unknown) => e)
  assert.ok(isCausewayError(fromPage, 'NotSerializable'))
  assert.match(fromPage.message, /args\.payload\.at is a BigInt/)
  app.emit('state', 'ok')
  // 'ok' is emitted after the bad payloads, so anything they had sent would arrive before it.
  await eventually(() => got.length > 0)
  assert.deepEqual(got, ['ok'])
})

test('an application error whose data cannot cross says so instead of sending {}', async (t) => {
  const { err } = await import('../src/core/errors.ts')
  const { launchUrl } = await startApp(t, { commands: { fail: () => err('Weird', { when: new Map() }) } })
  const error = await (await connect(launchUrl)).invoke('fail').catch((e: unknown) => e)
  assert.ok(isCausewayError(error, 'Weird'))
  assert.match(error.message, /could not be serialized/)
  assert.equal(error.data, undefined)
})

test('plain data and bytes pass the check, the bytes found as blobs', () => {
  assert.equal(prepare({ a: [1, 'x', null, true, { b: new Uint8Array(3) }], c: new ArrayBuffer(2) }, 'value').blobs.length, 2)
})
