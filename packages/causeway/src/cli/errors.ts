/**
 * What the `causeway` command fails with: one class over one table of codes, each failure one
 * line that says what happened and what to do. The command prints the message without a stack
 * (set CAUSEWAY_DEBUG=1 for it).
 */

/** Every way the command fails, with what it means. */
export const cliErrorCodes = {
  Usage: 'the command line was not understood',
  Config: 'causeway.config or a file it names is missing or wrong',
  MissingTool: 'a tool the command needs (vite, tsx, esbuild) is not installed in the app',
  NotBuilt: 'there is no build to start',
  BuildFailed: 'the frontend or the backend did not build',
} as const

/** A `CliError`'s code. */
export type CliErrorCode = keyof typeof cliErrorCodes

/**
 * A failure of the `causeway` command; narrow on `code`.
 *
 * @example
 * throw new CliError('MissingTool', 'causeway dev needs vite: npm install -D vite')
 */
export class CliError extends Error {
  override readonly name = 'CliError'
  readonly code: CliErrorCode

  constructor(code: CliErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
  }
}

/**
 * Imports a tool the app installs itself (an optional peer dependency of causewayjs), or fails
 * saying how to install it.
 *
 * @example
 * const vite = await importTool<typeof import('vite')>('vite', 'causeway dev')
 */
export async function importTool<T>(name: string, command: string): Promise<T> {
  try {
    return (await import(name)) as T
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw error
    throw new CliError('MissingTool', `${command} needs ${name}, which is not installed: npm install --save-dev ${name}`, { cause: error })
  }
}
