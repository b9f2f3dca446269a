/**
 * Types that tell the truth: the typed client types a result, an event payload and a `tryInvoke`
 * value as what arrives after the wire, and a command whose result cannot cross does not compile
 * at its call. `ctx.app.emit` is checked against the app's events when the handler says which.
 * Checked by `tsc` over the tests; the runtime part shows a Date really arrives as a string.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { expectTypeOf } from 'expect-type'
import { createTypedClient } from '../src/api/typed-client.ts'
import type { CommandContext } from '../src/backend/context.ts'
import { createApp, defineEvents } from '../src/index.ts'
import { connectInMemory } from '../src/testing/index.ts'
import { allowAll } from './support/app.ts'

type Events = { saved: { at: Date; id: number }; progress: number }

const commands = {
  stamp: () => ({ at: new Date(Date.UTC(2027, 0, 2)), n: 1, nested: [{ when: new Date(0) }] }),
  bytes: () => new Uint8Array([1, 2]),
  tags: () => new Set(['a']),
  lookup: () => ({ index: new Map<string, number>() }),
  callback: () => ({ run: () => 1 }),
  big: () => 10n,
  save: (_: undefined, ctx: CommandContext<undefined, Events>) => {
    ctx.app.emit('saved', { at: new Date(), id: 1 })
    ctx.app.emit('progress', 50)
    // @ts-expect-error an event the app does not declare
    ctx.app.emit('saves', { at: new Date(), id: 1 })
    // @ts-expect-error a payload of the wrong type
    ctx.app.emit('progress', 'fifty')
  },
}

function makeApp() {
  return createApp({ commands, events: defineEvents<Events>(), policy: allowAll, exitOnLastWindowClose: false })
}

test('types: results and payloads are typed as they arrive; what cannot cross does not compile', () => {
  const api = createTypedClient<ReturnType<typeof makeApp>>(() => {
    throw new Error('types only')
  })
  const typesOnly = async () => {
    expectTypeOf(await api.invoke('stamp')).toEqualTypeOf<{ at: string; n: number; nested: { when: string }[] }>()
    expectTypeOf(await api.invoke('bytes')).toEqualTypeOf<Uint8Array>()
    const tried = await api.tryInvoke('stamp')
    if (tried.ok) expectTypeOf(tried.value.at).toEqualTypeOf<string>()
    await api.listen('saved', (e) => expectTypeOf(e.payload).toEqualTypeOf<{ at: string; id: number }>())
    // @ts-expect-error a Set cannot cross the wire
    await api.invoke('tags')
    // @ts-expect-error a Map cannot cross the wire
    await api.invoke('lookup')
    // @ts-expect-error a function cannot cross the wire
    await api.invoke('callback')
    // @ts-expect-error a bigint cannot cross the wire
    await api.invoke('big')
  }
  expectTypeOf(typesOnly).toBeFunction()
})

test('a Date really arrives as its ISO string', async (t) => {
  const app = makeApp()
  t.after(() => app.close())
  const page = await connectInMemory(app)
  const value = (await page.invoke('stamp')) as { at: unknown }
  assert.equal(value.at, '2027-01-02T00:00:00.000Z')
})
