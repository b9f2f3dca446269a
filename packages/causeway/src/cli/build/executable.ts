/**
 * `build.executable`: the output folder as one file, a Node single executable application. The
 * executable is a copy of this Node with a blob injected by postject: its entry (`sea-main.ts`,
 * bundled into CommonJS) and every file of the output folder as assets. It still needs a
 * Chromium, Chrome or Edge on the user's machine, as the folder does.
 */
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { chmod, copyFile, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CliError, importTool } from '../errors.ts'
import { type EmbeddedApp, MANIFEST_ASSET } from './sea-format.ts'

/** The fuse Node's binary carries for single executable applications. */
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2'
const SEA_MAIN = fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? './sea-main.ts' : './sea-main.js', import.meta.url))

type Postject = {
  inject(file: string, name: string, data: Buffer, options: { sentinelFuse: string; machoSegmentName?: string }): Promise<void>
}

/** Files of the output to embed: everything but the executable itself and the VCS marker. */
async function filesOf(out: string, skip: string): Promise<string[]> {
  const entries = await readdir(out, { recursive: true, withFileTypes: true })
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(out, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .filter((path) => path !== skip && path !== '.gitignore')
    .sort()
}

/**
 * Writes `<out>/<name>` (`.exe` on Windows) holding the whole output folder; resolves with its path.
 *
 * @example
 * await buildExecutable('/app/release', 'notes', 'dev.causeway.notes') // '/app/release/notes'
 */
export async function buildExecutable(out: string, name: string, identifier: string): Promise<string> {
  const postject = await importTool<Postject>('postject', 'build.executable')
  const esbuild = await importTool<typeof import('esbuild')>('esbuild', 'build.executable')
  const fileName = process.platform === 'win32' ? `${name}.exe` : name
  const executable = join(out, fileName)
  const work = await mkdtemp(join(tmpdir(), 'causeway-executable-'))
  try {
    const files = await filesOf(out, fileName)
    const hash = createHash('sha256')
    const assets: Record<string, string> = {}
    const embedded: EmbeddedApp = { identifier, build: '', files: [] }
    for (const path of files) {
      const file = join(out, path)
      hash.update(path).update(await readFile(file))
      assets[`app/${path}`] = file
      embedded.files.push({ path, mode: (await stat(file)).mode & 0o777 })
    }
    embedded.build = hash.digest('hex').slice(0, 16)
    assets[MANIFEST_ASSET] = join(work, 'app.json')
    await writeFile(assets[MANIFEST_ASSET], JSON.stringify(embedded))

    const main = join(work, 'main.cjs')
    await esbuild.build({
      entryPoints: [SEA_MAIN],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      outfile: main,
      logLevel: 'silent',
    })
    const blob = join(work, 'app.blob')
    const config = join(work, 'sea-config.json')
    await writeFile(config, JSON.stringify({ main, output: blob, disableExperimentalSEAWarning: true, assets }))
    const prepared = spawnSync(process.execPath, ['--experimental-sea-config', config], { encoding: 'utf8' })
    if (prepared.status !== 0) {
      throw new CliError(
        'BuildFailed',
        `node --experimental-sea-config failed (Node ${process.version}): ${(prepared.stderr || prepared.stdout).trim()}`,
      )
    }
    await copyFile(process.execPath, executable)
    await chmod(executable, 0o755)
    await postject.inject(executable, 'NODE_SEA_BLOB', await readFile(blob), {
      sentinelFuse: SEA_FUSE,
      ...(process.platform === 'darwin' && { machoSegmentName: 'NODE_SEA' }),
    })
    return executable
  } finally {
    await rm(work, { recursive: true, force: true })
  }
}
