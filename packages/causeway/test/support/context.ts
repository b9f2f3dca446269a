/**
 * Test support: a handler context for calling plugin commands directly as functions, from a
 * real app (with the fs plugin, whose state run-time grants live in) and a real window of it.
 */
import type { CommandScope } from '../../src/acl/types.ts'
import type { App } from '../../src/backend/app.ts'
import type { AppHandle } from '../../src/backend/app-handle.ts'
import type { AppPaths, CommandContext, WindowConnection } from '../../src/backend/context.ts'
import { createApp } from '../../src/index.ts'
import { fsPlugin } from '../../src/plugins/fs/index.ts'

/** An app with the fs plugin whose base directories are `paths`, and windows `main` and `settings`. */
export async function fsTestApp(paths: AppPaths): Promise<AppHandle> {
  const app: App = createApp({ commands: {}, plugins: [fsPlugin()], exitOnLastWindowClose: false })
  await app.createWindow({ label: 'main' })
  await app.createWindow({ label: 'settings' })
  return { ...app, paths }
}

export function contextIn(
  app: AppHandle,
  options: { scope: CommandScope; origin?: string; command?: string; label?: string },
): CommandContext {
  const window = app.window(options.label ?? 'main')
  if (!window) throw new Error(`the test app has no window ${options.label}`)
  return {
    app,
    window,
    connection: { window } as WindowConnection,
    origin: options.origin ?? '',
    state: undefined,
    signal: new AbortController().signal,
    headers: {},
    scope: options.scope,
    access: {
      command: () => ({ allowed: true, scope: options.scope }),
      event: () => ({ allowed: true, scope: { allow: [], deny: [] } }),
    },
    command: options.command ?? 'test',
  }
}

export async function handlerContext(options: {
  paths: AppPaths
  scope: CommandScope
  origin?: string
  command?: string
  label?: string
}): Promise<CommandContext> {
  return contextIn(await fsTestApp(options.paths), options)
}
