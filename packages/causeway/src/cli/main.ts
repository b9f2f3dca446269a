/**
 * The command line: `causeway dev | build | start [-- app flags]`. Configuration lives in the
 * app's `causeway.config.ts`, not in flags; the few flags here are about this run only.
 */
import { parseArgs } from 'node:util'
import { runBuild } from './build/build.ts'
import { runDev } from './dev/supervisor.ts'
import { CliError } from './errors.ts'
import { loadConfig } from './load-config.ts'
import { runStart } from './start.ts'

export const USAGE = `Usage: causeway <command>

  dev              run the app with hot reload: Vite's dev server for the frontend, the backend
                   from TypeScript, restarted when its files change, under a window that stays
  build            write the app into one folder a user can run (default release/)
  start [flags]    run that folder with Node (flags go to the app: --no-open prints its URL)

Options:
  --no-open        dev, start: print the window's launch URL instead of opening a browser
  -h, --help       show this help

Settings live in causeway.config.ts (import { defineConfig } from 'causewayjs/config').`

/**
 * Runs one command; resolves with the process's exit code. Failures are one line on stderr
 * (CAUSEWAY_DEBUG=1 adds the stack).
 *
 * @example
 * process.exitCode = await main(['build'])
 */
export async function main(argv: readonly string[], cwd = process.cwd()): Promise<number> {
  try {
    const [command, ...rest] = argv
    if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
      console.log(USAGE)
      return command === undefined ? 1 : 0
    }
    switch (command) {
      case 'dev': {
        const { values } = parseArgs({ args: rest, options: { 'no-open': { type: 'boolean' } } })
        return await runDev(await loadConfig(cwd), { open: !values['no-open'] })
      }
      case 'build':
        parseArgs({ args: rest, options: {} })
        return await runBuild(await loadConfig(cwd))
      case 'start':
        // Everything after `start` belongs to the app (`--no-open`, its own flags).
        return await runStart(await loadConfig(cwd), rest[0] === '--' ? rest.slice(1) : rest)
      default:
        throw new CliError('Usage', `no command \`${command}\`: use dev, build or start (causeway --help)`)
    }
  } catch (error) {
    const known = error instanceof CliError || (error as { code?: unknown }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION'
    console.error(`[causeway] ${known ? (error as Error).message : `failed: ${(error as Error)?.message ?? String(error)}`}`)
    if (process.env['CAUSEWAY_DEBUG']) console.error(error)
    return 1
  }
}
