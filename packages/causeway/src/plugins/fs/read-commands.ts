/**
 * The fs commands that only look: read_text_file, read_file, read_dir, exists, stat, lstat. Each
 * resolves its path through the call's guard first, so a refused path is never opened.
 */
import type { Stats } from 'node:fs'
import { lstat as lstatPath, readdir, readFile, stat as statPath } from 'node:fs/promises'
import { join } from 'node:path'
import type { CommandContext } from '../../plugin-kit.ts'
import { guardFor, parseArgs, pathArgs } from './args.ts'
import { attempt, type FsError } from './fs-errors.ts'

type Ctx = Pick<CommandContext, 'scope' | 'app' | 'window'>

/** One directory entry, as `readDir` of `@tauri-apps/plugin-fs` returns it. */
export interface DirEntry {
  name: string
  isDirectory: boolean
  isFile: boolean
  isSymlink: boolean
}

/** Metadata, as Tauri's `FileInfo`; times are milliseconds since the epoch, null when unknown. */
export interface FileInfo {
  isFile: boolean
  isDirectory: boolean
  isSymlink: boolean
  size: number
  mtime: number | null
  atime: number | null
  birthtime: number | null
  readonly: boolean
  mode: number
  /** Windows file attributes in Tauri; Node does not expose them, so always null. */
  fileAttributes: null
  dev: number
  ino: number
  nlink: number
  uid: number
  gid: number
  rdev: number
  blksize: number
  blocks: number
}

function time(ms: number): number | null {
  return Number.isFinite(ms) && ms > 0 ? ms : null
}

function fileInfo(s: Stats): FileInfo {
  return {
    isFile: s.isFile(),
    isDirectory: s.isDirectory(),
    isSymlink: s.isSymbolicLink(),
    size: s.size,
    mtime: time(s.mtimeMs),
    atime: time(s.atimeMs),
    birthtime: time(s.birthtimeMs),
    // No write bit for anyone: the closest portable meaning of Tauri's `readonly`.
    readonly: (s.mode & 0o222) === 0,
    mode: s.mode,
    fileAttributes: null,
    dev: s.dev,
    ino: s.ino,
    nlink: s.nlink,
    uid: s.uid,
    gid: s.gid,
    rdev: s.rdev,
    blksize: s.blksize,
    blocks: s.blocks,
  }
}

/**
 * Reads a text file. Answers with its bytes, as Tauri does: `@tauri-apps/plugin-fs` decodes them
 * in the page with the encoding the caller chose (`readTextFile(path, { encoding })`).
 *
 * @example
 * const text = new TextDecoder().decode(await invoke('plugin:fs|read_text_file', { path: 'notes.md', options: { baseDir: 14 } }))
 */
export async function read_text_file(args: unknown, ctx: Ctx): Promise<Uint8Array | FsError> {
  const { path, options } = parseArgs(pathArgs, args, 'read_text_file')
  const real = await guardFor(ctx).check(path, { baseDir: options?.baseDir })
  return attempt(path, async () => bytesOf(await readFile(real)))
}

/** A Buffer is a Uint8Array subclass; hand the wire a plain view over the same memory. */
function bytesOf(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)
}

/**
 * Reads a file as bytes; the core sends a Uint8Array as one binary frame.
 *
 * @example
 * const bytes = await invoke('plugin:fs|read_file', { path: '/data/image.png' })
 */
export async function read_file(args: unknown, ctx: Ctx): Promise<Uint8Array | FsError> {
  const { path, options } = parseArgs(pathArgs, args, 'read_file')
  const real = await guardFor(ctx).check(path, { baseDir: options?.baseDir })
  return attempt(path, async () => bytesOf(await readFile(real)))
}

/**
 * Lists a directory. Entries a deny entry covers are left out, so a denied file's name does not
 * leak through its parent's listing.
 *
 * @example
 * await invoke('plugin:fs|read_dir', { path: 'notes', options: { baseDir: BaseDirectory.AppData } })
 */
export async function read_dir(args: unknown, ctx: Ctx): Promise<DirEntry[] | FsError> {
  const { path, options } = parseArgs(pathArgs, args, 'read_dir')
  const guard = guardFor(ctx)
  const real = await guard.check(path, { baseDir: options?.baseDir })
  return attempt(path, async () => {
    const out: DirEntry[] = []
    for (const entry of await readdir(real, { withFileTypes: true })) {
      if (await guard.isDenied(join(real, entry.name))) continue
      out.push({ name: entry.name, isDirectory: entry.isDirectory(), isFile: entry.isFile(), isSymlink: entry.isSymbolicLink() })
    }
    return out
  })
}

/**
 * Whether a path exists. The path must be in scope: otherwise the answer itself would leak.
 *
 * @example
 * if (await invoke('plugin:fs|exists', { path: 'config.toml', options: { baseDir: 13 } })) { ... }
 */
export async function exists(args: unknown, ctx: Ctx): Promise<boolean | FsError> {
  const { path, options } = parseArgs(pathArgs, args, 'exists')
  const real = await guardFor(ctx).check(path, { baseDir: options?.baseDir })
  return attempt(path, async () =>
    statPath(real).then(
      () => true,
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return false
        throw error
      },
    ),
  )
}

/**
 * Metadata of a path, following symlinks (like Tauri's `stat`).
 *
 * @example
 * const { size, mtime } = await invoke('plugin:fs|stat', { path: '/data/a.txt' })
 */
export async function stat(args: unknown, ctx: Ctx): Promise<FileInfo | FsError> {
  const { path, options } = parseArgs(pathArgs, args, 'stat')
  const real = await guardFor(ctx).check(path, { baseDir: options?.baseDir })
  return attempt(path, async () => fileInfo(await statPath(real)))
}

/**
 * Metadata of the path itself: a symlink is described, not followed.
 *
 * @example
 * const { isSymlink } = await invoke('plugin:fs|lstat', { path: '/data/link' })
 */
export async function lstat(args: unknown, ctx: Ctx): Promise<FileInfo | FsError> {
  const { path, options } = parseArgs(pathArgs, args, 'lstat')
  const real = await guardFor(ctx).check(path, { baseDir: options?.baseDir, followFinal: false })
  return attempt(path, async () => fileInfo(await lstatPath(real)))
}
