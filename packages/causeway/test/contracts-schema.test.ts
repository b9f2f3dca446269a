/**
 * Commands that declare an argument schema (any Standard Schema validator: zod and valibot here)
 * get validated, typed arguments; invalid ones are refused with InvalidArgs, each issue's path
 * listed, before the handler runs. The Tauri layer words the refusal as Tauri does.
 */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { expectTypeOf } from 'expect-type'
import * as v from 'valibot'
import { z } from 'zod'
import { createTypedClient } from '../src/api/typed-client.ts'
import { defineCommand } from '../src/backend/context.ts'
import type { CausewayError } from '../src/core/errors.ts'
import { createApp } from '../src/index.ts'
import { rejectionValue } from '../src/tauri/page/rejection.ts'
import { connectInMemory } from '../src/testing/index.ts'
import { allowAll } from './support/app.ts'

let runs = 0
const add_note = defineCommand({
  args: z.object({ title: z.string().min(1), tags: z.array(z.string()).default([]), due: z.coerce.date().optional() }),
  handler: ({ title, tags, due }) => {
    runs++
    expectTypeOf(title).toEqualTypeOf<string>()
    expectTypeOf(tags).toEqualTypeOf<string[]>()
    expectTypeOf(due).toEqualTypeOf<Date | undefined>()
    return { title, tags, dueYear: due?.getUTCFullYear() ?? null }
  },
})
const rename = defineCommand({
  args: v.object({ from: v.string(), to: v.pipe(v.string(), v.minLength(3)) }),
  handler: ({ from, to }) => {
    runs++
    return `${from} -> ${to}`
  },
})
const commands = { add_note, rename, plain: (args: { n: number }) => args.n * 2 }

function app() {
  return createApp({ commands, policy: allowAll, exitOnLastWindowClose: false })
}

const invalid = (e: unknown) => e as CausewayError<string, { issues: Array<{ path: string; message: string }>; missing?: string }>

test('valid arguments reach the handler as the schema’s output (defaults and coercion applied)', async (t) => {
  const a = app()
  t.after(() => a.close())
  const page = await connectInMemory(a)
  assert.deepEqual(await page.invoke('add_note', { title: 'Groceries', due: '2027-01-02' }), {
    title: 'Groceries',
    tags: [],
    dueYear: 2027,
  })
  assert.equal(await page.invoke('rename', { from: 'a', to: 'abc' }), 'a -> abc')
})

test('invalid arguments are refused with every issue’s path, and the handler never runs', async (t) => {
  const a = app()
  t.after(() => a.close())
  const page = await connectInMemory(a)
  runs = 0
  const zodError = invalid(await page.invoke('add_note', { title: '', tags: ['ok', 3] }).catch((e: unknown) => e))
  assert.equal(zodError.code, 'InvalidArgs')
  assert.deepEqual(zodError.data?.issues.map((i) => i.path).sort(), ['args.tags[1]', 'args.title'])
  assert.match(zodError.message, /^invalid args for command `add_note`: /)
  const valibotError = invalid(await page.invoke('rename', { from: 'a' }).catch((e: unknown) => e))
  assert.equal(valibotError.code, 'InvalidArgs')
  assert.equal(valibotError.data?.missing, 'to')
  assert.deepEqual(
    valibotError.data?.issues.map((i) => i.path),
    ['args.to'],
  )
  assert.equal(runs, 0)
})

test('the Tauri layer words refusals as Tauri does', async (t) => {
  const a = app()
  t.after(() => a.close())
  const page = await connectInMemory(a)
  const missing = invalid(await page.invoke('rename', { from: 'a' }).catch((e: unknown) => e))
  assert.equal(
    rejectionValue('rename', { code: 'InvalidArgs', message: missing.message, data: missing.data }),
    'command rename missing required key to',
  )
  const wrong = invalid(await page.invoke('rename', { from: 'a', to: 'x' }).catch((e: unknown) => e))
  const text = rejectionValue('plugin:notes|rename', { code: 'InvalidArgs', message: wrong.message, data: wrong.data })
  assert.match(String(text), /^invalid args `to` for command `rename`: .+/)
})

test('a definition whose args is not a Standard Schema is refused at createApp', () => {
  assert.throws(
    () => createApp({ commands: { bad: { args: { parse() {} } as never, handler: () => 1 } }, policy: allowAll }),
    /`args` is not a Standard Schema/,
  )
})

test('types: the typed client takes the schema’s input', () => {
  const api = createTypedClient<ReturnType<typeof app>>(() => {
    throw new Error('types only')
  })
  const typesOnly = () => {
    void api.invoke('add_note', { title: 'x' })
    void api.invoke('add_note', { title: 'x', tags: ['a'], due: '2027-01-01' })
    // @ts-expect-error title must be a string
    void api.invoke('add_note', { title: 1 })
    // @ts-expect-error `to` is required
    void api.invoke('rename', { from: 'a' })
    void api.invoke('plain', { n: 2 })
  }
  expectTypeOf(typesOnly).toBeFunction()
})
