/**
 * `causeway start`: runs what `causeway build` wrote, with this Node, as `node <out>/app.mjs` would.
 */
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join, relative } from 'node:path'
import { CliError } from './errors.ts'
import type { ResolvedConfig } from './load-config.ts'

/** The built app's entry inside the output folder. */
export const APP_ENTRY = 'app.mjs'

/**
 * Runs the built app with `args` until it exits; resolves with its exit code.
 *
 * @example
 * process.exitCode = await runStart(config, ['--no-open'])
 */
export async function runStart(config: ResolvedConfig, args: readonly string[]): Promise<number> {
  const entry = join(config.build.outDir, APP_ENTRY)
  if (!existsSync(entry)) {
    throw new CliError('NotBuilt', `no build in ${relative(config.root, config.build.outDir) || '.'}: run \`causeway build\` first`)
  }
  const child = spawn(process.execPath, [entry, ...args], { stdio: 'inherit', cwd: config.root })
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal)
  const onInt = forward('SIGINT')
  const onTerm = forward('SIGTERM')
  process.on('SIGINT', onInt)
  process.on('SIGTERM', onTerm)
  try {
    return await new Promise<number>((resolve, reject) => {
      child.once('error', reject)
      child.once('exit', (code, signal) => resolve(code ?? (signal === 'SIGINT' ? 130 : 1)))
    })
  } finally {
    process.off('SIGINT', onInt)
    process.off('SIGTERM', onTerm)
  }
}
