/**
 * Startup problems in one clear sentence each: what is wrong, where, and what to do. `run()`
 * prints the sentence without a stack (unless CAUSEWAY_DEBUG is set) instead of a trace that
 * buries it.
 */
import { CapabilityError } from '../acl/capability-error.ts'

/** An app could not start; the message says why and what to do. */
export class StartupError extends Error {
  override readonly name = 'StartupError'
}

/**
 * Words any failure during `run()` as a startup problem.
 *
 * @example
 * startupProblem(Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE' }), { root: '/app', port: 4000 }).message
 * // 'port 4000 on 127.0.0.1 is in use: stop what holds it, or pass another port to app.run({ port }) (0 picks a free one)'
 */
export function startupProblem(error: unknown, context: { root: string; port: number }): StartupError {
  if (error instanceof StartupError) return error
  if (error instanceof CapabilityError) return new StartupError(error.message, { cause: error })
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  const path = (error as NodeJS.ErrnoException | undefined)?.path
  if (code === 'EADDRINUSE') {
    return new StartupError(
      `port ${context.port} on 127.0.0.1 is in use: stop what holds it, or pass another port to app.run({ port }) (0 picks a free one)`,
      { cause: error },
    )
  }
  if (code === 'ENOENT' && path) {
    return new StartupError(`${path} does not exist (paths in createApp resolve from the app's root, ${context.root})`, { cause: error })
  }
  if (code === 'EACCES' && path) return new StartupError(`${path} cannot be read: permission denied`, { cause: error })
  const message = error instanceof Error ? error.message : String(error)
  return new StartupError(message, { cause: error })
}
