/**
 * Test support: a handler context for calling plugin commands directly as functions.
 */
import type { CommandScope } from '../../src/acl/types.ts'
import type { AppHandle } from '../../src/backend/app-handle.ts'
import type { AppPaths, CommandContext } from '../../src/backend/context.ts'

export function handlerContext(options: {
  paths: AppPaths
  scope: CommandScope
  origin?: string
  command?: string
  label?: string
}): CommandContext {
  return {
    app: { paths: options.paths } as AppHandle,
    window: { label: options.label ?? 'main' },
    origin: options.origin ?? '',
    state: undefined,
    signal: new AbortController().signal,
    headers: {},
    scope: options.scope,
    command: options.command ?? 'test',
  }
}
