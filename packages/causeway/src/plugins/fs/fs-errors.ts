/**
 * Node's errno failures as typed application errors, so a page can narrow on `NotFound` instead
 * of parsing `ENOENT: no such file or directory, open '/home/...'`.
 */
import { CausewayError, type Err, err } from '../../core/errors.ts'

/** Every kind an fs command can fail with besides `Forbidden` and `InvalidArgs`. */
export type FsErrorKind = 'NotFound' | 'AlreadyExists' | 'PermissionDenied' | 'NotADirectory' | 'IsADirectory' | 'DirectoryNotEmpty' | 'Io'

export type FsError = Err<FsErrorKind, string>

const byCode: Record<string, { kind: FsErrorKind; text: string }> = {
  ENOENT: { kind: 'NotFound', text: 'not found' },
  EEXIST: { kind: 'AlreadyExists', text: 'already exists' },
  EACCES: { kind: 'PermissionDenied', text: 'permission denied' },
  EPERM: { kind: 'PermissionDenied', text: 'operation not permitted' },
  ENOTDIR: { kind: 'NotADirectory', text: 'not a directory' },
  EISDIR: { kind: 'IsADirectory', text: 'is a directory' },
  ENOTEMPTY: { kind: 'DirectoryNotEmpty', text: 'directory not empty' },
}

/**
 * Turns what a `node:fs` call threw into an `Err` carrying the path the page asked for (not the
 * resolved one, which would reveal where links point). Causeway errors such as `Forbidden` are
 * thrown on unchanged.
 *
 * @example
 * try { return await readFile(real, 'utf8') } catch (e) { return fsError(e, args.path) }
 */
export function fsError(thrown: unknown, path: string): FsError {
  if (thrown instanceof CausewayError) throw thrown
  const code = (thrown as NodeJS.ErrnoException | null)?.code
  const known = code === undefined ? undefined : byCode[code]
  if (known) return err(known.kind, path, `${known.text}: ${path}`)
  const detail = thrown instanceof Error ? thrown.message.replace(/, \w+ '.*'$/, '') : String(thrown)
  return err('Io', path, `io error on ${path}: ${detail}`)
}

/**
 * Runs one fs operation: the result, or the typed error it failed with.
 *
 * @example
 * return attempt(args.path, async () => readFile(await guard.check(args.path), 'utf8'))
 */
export async function attempt<T>(path: unknown, run: () => Promise<T>): Promise<T | FsError> {
  try {
    return await run()
  } catch (thrown) {
    return fsError(thrown, typeof path === 'string' ? path : String(path))
  }
}
