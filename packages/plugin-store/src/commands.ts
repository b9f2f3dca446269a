/**
 * The `plugin:store|*` commands with the shapes `@tauri-apps/plugin-store` sends and expects:
 * `load` and `get_store` answer a resource id, `get` answers `[value, exists]`, the rest what their
 * names say. Failures reject with a string, as Tauri's store errors do.
 */
import { CausewayError, defineCommand, type PluginCommandContext } from 'causewayjs/plugin'
import { z } from 'zod'
import { holdStore, openStore, type StoreState, storePath } from './registry.ts'
import { Store } from './store.ts'

type Ctx = PluginCommandContext<StoreState>

async function attempt<T>(run: () => T | Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (error) {
    if (error instanceof CausewayError) throw error
    throw new CausewayError('App', error instanceof Error ? error.message : String(error), { cause: error })
  }
}

/** The store behind a resource id of the calling window. */
function storeOf(ctx: Ctx, rid: number): Store {
  const handle = ctx.window.resources.get(rid) as { store?: unknown }
  if (!(handle.store instanceof Store)) throw new CausewayError('InvalidArgs', `resource ${rid} is not a store`)
  return handle.store
}

const rid = z.number().int().nonnegative()
const key = z.string().max(4096)
const byRid = z.looseObject({ rid })

const loadOptions = z
  .looseObject({
    defaults: z.record(z.string(), z.unknown()).nullish(),
    autoSave: z.union([z.boolean(), z.number().int().nonnegative()]).nullish(),
    serializeFnName: z.string().nullish(),
    deserializeFnName: z.string().nullish(),
    createNew: z.boolean().nullish(),
    overrideDefaults: z.boolean().nullish(),
  })
  .nullish()

export const load = defineCommand({
  description: 'Loads the store at a path under the app data directory (or finds it loaded); resolves to its resource id.',
  args: z.looseObject({ path: z.string().max(4096), options: loadOptions }),
  handler: ({ path, options }, ctx: Ctx) =>
    attempt(async () => {
      // Custom (de)serializers are Rust functions registered in Tauri's builder; none exist here.
      if (options?.serializeFnName) throw new Error(`Serialize function not found: ${options.serializeFnName}`)
      if (options?.deserializeFnName) throw new Error(`Deserialize function not found: ${options.deserializeFnName}`)
      const store = await openStore(ctx.plugin.state, ctx.app, storePath(path, ctx.app.paths.appData), {
        ...(options?.defaults && { defaults: options.defaults }),
        ...(options?.autoSave !== undefined && options.autoSave !== null && { autoSave: options.autoSave }),
        ...(options?.createNew && { createNew: true }),
        ...(options?.overrideDefaults && { overrideDefaults: true }),
      })
      return holdStore(ctx.plugin.state, ctx.window, store)
    }),
})

export const get_store = defineCommand({
  description: 'The resource id of an already loaded store, or null.',
  args: z.looseObject({ path: z.string().max(4096) }),
  handler: ({ path }, ctx: Ctx) =>
    attempt(() => {
      const store = ctx.plugin.state.stores.get(storePath(path, ctx.app.paths.appData))
      return store ? holdStore(ctx.plugin.state, ctx.window, store) : null
    }),
})

export const set = defineCommand({
  args: z.looseObject({ rid, key, value: z.unknown() }),
  handler: ({ rid, key, value }, ctx: Ctx) => attempt(() => storeOf(ctx, rid).set(key, value ?? null)),
})

export const get = defineCommand({
  args: z.looseObject({ rid, key }),
  handler: ({ rid, key }, ctx: Ctx) => attempt(() => storeOf(ctx, rid).get(key)),
})

export const has = defineCommand({
  args: z.looseObject({ rid, key }),
  handler: ({ rid, key }, ctx: Ctx) => attempt(() => storeOf(ctx, rid).has(key)),
})

const del = defineCommand({
  args: z.looseObject({ rid, key }),
  handler: ({ rid, key }, ctx: Ctx) => attempt(() => storeOf(ctx, rid).delete(key)),
})

export const clear = defineCommand({ args: byRid, handler: ({ rid }, ctx: Ctx) => attempt(() => storeOf(ctx, rid).clear()) })
export const reset = defineCommand({ args: byRid, handler: ({ rid }, ctx: Ctx) => attempt(() => storeOf(ctx, rid).reset()) })
export const keys = defineCommand({ args: byRid, handler: ({ rid }, ctx: Ctx) => attempt(() => storeOf(ctx, rid).keys()) })
export const values = defineCommand({ args: byRid, handler: ({ rid }, ctx: Ctx) => attempt(() => storeOf(ctx, rid).values()) })
export const entries = defineCommand({ args: byRid, handler: ({ rid }, ctx: Ctx) => attempt(() => storeOf(ctx, rid).entries()) })
export const length = defineCommand({ args: byRid, handler: ({ rid }, ctx: Ctx) => attempt(() => storeOf(ctx, rid).length) })

export const reload = defineCommand({
  args: z.looseObject({ rid, ignoreDefaults: z.boolean().nullish() }),
  handler: ({ rid, ignoreDefaults }, ctx: Ctx) => attempt(() => storeOf(ctx, rid).reload(ignoreDefaults === true)),
})

export const save = defineCommand({ args: byRid, handler: ({ rid }, ctx: Ctx) => attempt(() => storeOf(ctx, rid).save()) })

/** The commands by wire name (`plugin:store|<name>`). */
export const storeCommands = {
  load,
  get_store,
  set,
  get,
  has,
  delete: del,
  clear,
  reset,
  keys,
  values,
  entries,
  length,
  reload,
  save,
}
