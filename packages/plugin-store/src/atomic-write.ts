/**
 * Writes that a crash cannot tear: the bytes go to a temporary file next to the target, are
 * flushed to disk, and replace the target by a rename, which is atomic on POSIX file systems. A
 * `kill -9` or a power cut mid-save leaves the old file or the new one, never half of either.
 */
import { randomBytes } from 'node:crypto'
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

const TMP = /\.[0-9a-f]{12}\.tmp$/

function temporaryName(path: string): string {
  return `${path}.${randomBytes(6).toString('hex')}.tmp`
}

/**
 * Replaces `path` with `data` atomically, creating its directory if needed.
 *
 * @example
 * await writeFileAtomic('/home/me/.local/share/app/settings.json', JSON.stringify(data))
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(path)
  await mkdir(dir, { recursive: true })
  const tmp = temporaryName(path)
  const file = await open(tmp, 'w', 0o644)
  try {
    await file.writeFile(data)
    await file.sync()
  } catch (error) {
    await file.close()
    await rm(tmp, { force: true })
    throw error
  }
  await file.close()
  try {
    await rename(tmp, path)
  } catch (error) {
    await rm(tmp, { force: true })
    throw error
  }
  // The rename is a change to the directory: flush it too, so it survives a power cut.
  const directory = await open(dir, 'r')
  try {
    await directory.sync()
  } catch {
    // Some file systems refuse fsync on a directory; the rename itself is still atomic.
  } finally {
    await directory.close()
  }
}

/**
 * Removes temporary files an interrupted `writeFileAtomic(path)` left behind.
 *
 * @example
 * await removeStaleTemporaries(storePath) // before loading it
 */
export async function removeStaleTemporaries(path: string): Promise<void> {
  const prefix = `${basename(path)}.`
  const names = await readdir(dirname(path)).catch(() => [] as string[])
  await Promise.all(
    names
      .filter((name) => name.startsWith(prefix) && TMP.test(name) && name.length === prefix.length + 16)
      .map((name) => rm(join(dirname(path), name), { force: true })),
  )
}
