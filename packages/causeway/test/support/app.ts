/**
 * Test support: start an app on a free loopback port and tear it down after the test.
 */
import type { TestContext } from 'node:test'
import type { AccessPolicy } from '../../src/acl/types.ts'
import type { AppOptions } from '../../src/backend/app.ts'
import type { EventMap } from '../../src/backend/app-handle.ts'
import type { CommandMap } from '../../src/backend/context.ts'
import type { Logger } from '../../src/backend/dispatcher.ts'
import { createApp } from '../../src/index.ts'

/** Grants everything: for tests about something other than access control. */
export const allowAll: AccessPolicy = {
  checkCommand: () => ({ allowed: true, scope: { allow: [], deny: [] } }),
  checkEvent: () => ({ allowed: true, scope: { allow: [], deny: [] } }),
}

/** A logger that remembers what it was told. */
export function recordingLogger(): Logger & { warnings: string[]; errors: string[] } {
  const warnings: string[] = []
  const errors: string[] = []
  return {
    warnings,
    errors,
    warn: (...args) => void warnings.push(args.map(String).join(' ')),
    error: (...args) => void errors.push(args.map(String).join(' ')),
    info: () => {},
  }
}

export async function startApp<C extends CommandMap, S = undefined, E extends EventMap = EventMap>(
  t: TestContext,
  options: AppOptions<C, S, E>,
) {
  const logger = recordingLogger()
  // Tests about something else get an allow-all policy; tests that bring capabilities get those.
  const policy = options.policy ?? (options.capabilities === undefined ? allowAll : undefined)
  const app = createApp({ logger, exitOnLastWindowClose: false, ...options, ...(policy && { policy }) })
  const running = await app.run({ open: false, quiet: true, onStartupError: 'throw' })
  t.after(() => app.close())
  return { app, logger, ...running }
}
