/**
 * Bundles the two pages into dist/ with esbuild. `causewayjs/api` resolves to its TypeScript
 * source through the `source` export condition, so no library build is needed first.
 */
import { copyFile, mkdir } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))

/** Builds the frontend into `outdir` (default `dist/`); returns the directory. */
export async function buildFrontend(outdir = here('./dist')): Promise<string> {
  await mkdir(outdir, { recursive: true })
  await build({
    entryPoints: { main: here('./frontend/main.ts'), inspector: here('./frontend/inspector.ts') },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['source'],
    sourcemap: true,
    outdir,
    logLevel: 'warning',
  })
  for (const file of ['index.html', 'inspector.html', 'style.css']) await copyFile(here(`./frontend/${file}`), `${outdir}/${file}`)
  return outdir
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildFrontend()
