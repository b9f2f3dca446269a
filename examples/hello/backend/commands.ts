/**
 * The seed's three commands, written for Causeway: a sync one, an async one with typed errors,
 * and a long job reporting progress through events.
 */
import { readFile } from 'node:fs/promises'
import { setTimeout as sleep } from 'node:timers/promises'
import { type CommandContext, defineErrors } from 'causewayjs'
import { BaseDirectory, checkPath } from 'causewayjs/plugins/fs'

/** The seed's `enum Error { Io(String), NotFound }`. */
export const FileError = defineErrors({
  Io: (detail: string) => `io error: ${detail}`,
  NotFound: () => 'not found',
})

export interface HelloState {
  /** Pause between progress steps; the seed uses 50 ms. */
  jobStepMs: number
}

export function greet({ name }: { name: string }): string {
  return `Hello, ${name}!`
}

/**
 * Reads a text file the window's capability lets it read: the scope of `allow-read-file` in
 * capabilities/default.json. A relative path is looked up in the app's resources.
 */
export async function read_file({ path }: { path: string }, ctx: CommandContext<HelloState>) {
  // Throws Forbidden for anything outside the scope, after `..` and symlinks are resolved.
  const real = await checkPath(path, ctx.scope, ctx.app.paths, { baseDir: BaseDirectory.Resource })
  try {
    return await readFile(real, 'utf8')
  } catch (error) {
    const e = error as NodeJS.ErrnoException
    return e.code === 'ENOENT' ? FileError.NotFound() : FileError.Io(e.message)
  }
}

export async function start_job(_: undefined, ctx: CommandContext<HelloState>): Promise<void> {
  for (let i = 1; i <= 100; i++) {
    await sleep(ctx.state.jobStepMs, undefined, { signal: ctx.signal })
    ctx.app.emit('job-progress', i)
  }
  ctx.app.emit('job-done', null)
}
