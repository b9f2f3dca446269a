/**
 * The fs commands that change things: write_text_file, write_file, mkdir, remove, rename,
 * copy_file. Every path they touch is checked; operations that carry a directory tree along
 * (recursive remove, renaming a directory) check every entry in it, so a denied file inside an
 * allowed folder cannot be deleted or moved out from under its deny entry.
 */
import { copyFile, lstat, mkdir as makeDir, rename as move, rm, rmdir, stat, unlink, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { CommandContext } from '../../plugin-kit.ts'
import { copyArgs, guardFor, parseArgs, parseWriteArgs, pathArgs, renameArgs, toBytes, writeBytesArgs, writeTextArgs } from './args.ts'
import { attempt, type FsError } from './fs-errors.ts'

type Ctx = Pick<CommandContext, 'scope' | 'app' | 'window' | 'headers'>

interface WriteOptions {
  baseDir?: number | null | undefined
  append?: boolean | null | undefined
  create?: boolean | null | undefined
  createNew?: boolean | null | undefined
  mode?: number | null | undefined
}

async function write(
  path: string,
  contents: Uint8Array | string,
  options: WriteOptions | null | undefined,
  ctx: Ctx,
): Promise<undefined | FsError> {
  const real = await guardFor(ctx).check(path, { baseDir: options?.baseDir })
  return attempt(path, async () => {
    // `create: false` means "only overwrite": fail with NotFound instead of creating the file.
    if (options?.create === false && !options.createNew) await stat(real)
    const flag = `${options?.append ? 'a' : 'w'}${options?.createNew ? 'x' : ''}`
    const fileOptions = options?.mode == null ? { flag } : { flag, mode: options.mode }
    await writeFile(real, contents, fileOptions)
    return undefined
  })
}

/**
 * Writes UTF-8 text, creating or truncating the file unless `append`/`createNew` say otherwise.
 * Accepts `{ path, contents, options }` or, as `@tauri-apps/plugin-fs` sends it, the encoded
 * text as raw bytes with `path` and `options` headers.
 *
 * @example
 * await invoke('plugin:fs|write_text_file', { path: 'notes.md', contents: '# hi', options: { baseDir: 14 } })
 */
export async function write_text_file(args: unknown, ctx: Ctx): Promise<undefined | FsError> {
  const { path, contents, options } = parseWriteArgs(writeTextArgs, args, ctx.headers, 'write_text_file')
  return write(path, toBytes(contents), options, ctx)
}

/**
 * Writes bytes (a Uint8Array from a binary frame, or a number array).
 *
 * @example
 * await invoke('plugin:fs|write_file', { path: '/data/out.bin', contents: new Uint8Array([1, 2, 3]) })
 */
export async function write_file(args: unknown, ctx: Ctx): Promise<undefined | FsError> {
  const { path, contents, options } = parseWriteArgs(writeBytesArgs, args, ctx.headers, 'write_file')
  return write(path, toBytes(contents), options, ctx)
}

/**
 * Creates a directory; with `recursive`, its missing parents too, each of which must be in the
 * scope as well (a scope of `$APPDATA/cache/**` does not let `mkdir -p` create `$APPDATA`).
 *
 * @example
 * await invoke('plugin:fs|mkdir', { path: 'cache/images', options: { baseDir: 16, recursive: true } })
 */
export async function mkdir(args: unknown, ctx: Ctx): Promise<undefined | FsError> {
  const { path, options } = parseArgs(pathArgs, args, 'mkdir')
  const guard = guardFor(ctx)
  const real = await guard.check(path, { baseDir: options?.baseDir })
  if (options?.recursive) {
    for (let parent = dirname(real); parent !== dirname(parent) && !(await present(parent)); parent = dirname(parent)) {
      await guard.assertAllowed(parent, JSON.stringify(parent))
    }
  }
  return attempt(path, async () => {
    await makeDir(real, { recursive: options?.recursive === true, ...(options?.mode == null ? {} : { mode: options.mode }) })
    return undefined
  })
}

async function present(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  )
}

/**
 * Removes a file, a symlink (never its target) or a directory (empty, unless `recursive`).
 *
 * @example
 * await invoke('plugin:fs|remove', { path: 'cache', options: { baseDir: 16, recursive: true } })
 */
export async function remove(args: unknown, ctx: Ctx): Promise<undefined | FsError> {
  const { path, options } = parseArgs(pathArgs, args, 'remove')
  const guard = guardFor(ctx)
  const real = await guard.check(path, { baseDir: options?.baseDir, followFinal: false })
  return attempt(path, async () => {
    const info = await lstat(real)
    if (!info.isDirectory()) await unlink(real)
    else if (options?.recursive) {
      await guard.checkTree(real)
      await rm(real, { recursive: true })
    } else await rmdir(real)
    return undefined
  })
}

/**
 * Renames or moves a file or directory; both paths must be in scope.
 *
 * @example
 * await invoke('plugin:fs|rename', { oldPath: 'a.txt', newPath: 'b.txt', options: { oldPathBaseDir: 14, newPathBaseDir: 14 } })
 */
export async function rename(args: unknown, ctx: Ctx): Promise<undefined | FsError> {
  const { oldPath, newPath, options } = parseArgs(renameArgs, args, 'rename')
  const guard = guardFor(ctx)
  const from = await guard.check(oldPath, { baseDir: options?.oldPathBaseDir ?? options?.baseDir, followFinal: false })
  const to = await guard.check(newPath, { baseDir: options?.newPathBaseDir ?? options?.baseDir, followFinal: false })
  return attempt(oldPath, async () => {
    if ((await lstat(from)).isDirectory()) await guard.checkTree(from)
    await move(from, to)
    return undefined
  })
}

/**
 * Copies one file; both paths must be in scope.
 *
 * @example
 * await invoke('plugin:fs|copy_file', { fromPath: '/data/a.txt', toPath: '/data/b.txt' })
 */
export async function copy_file(args: unknown, ctx: Ctx): Promise<undefined | FsError> {
  const { fromPath, toPath, options } = parseArgs(copyArgs, args, 'copy_file')
  const guard = guardFor(ctx)
  const from = await guard.check(fromPath, { baseDir: options?.fromPathBaseDir ?? options?.baseDir })
  const to = await guard.check(toPath, { baseDir: options?.toPathBaseDir ?? options?.baseDir })
  return attempt(fromPath, async () => {
    await copyFile(from, to)
    return undefined
  })
}
