/**
 * Bundles each system's page with esbuild into `.out/pages/<system>/` (index.html + page.js).
 * `conditions: ['source']` makes the causeway workspace package resolve to its TypeScript sources.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const benchRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

export const pagesRoot = join(benchRoot, '.out', 'pages')

const html = (system: string): string => `<!doctype html>
<html>
  <head><meta charset="utf-8"><title>bench: ${system}</title></head>
  <body><script type="module" src="./page.js"></script></body>
</html>
`

/** Builds one page; returns its directory, or throws with esbuild's first error. */
export async function buildPage(system: string, entry: string): Promise<string> {
  const outdir = join(pagesRoot, system)
  await mkdir(outdir, { recursive: true })
  await build({
    entryPoints: [entry],
    outfile: join(outdir, 'page.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['source'],
    // Production mode for the libraries, readable code for us.
    define: { 'process.env.NODE_ENV': '"production"' },
    sourcemap: false,
    logLevel: 'silent',
  })
  await writeFile(join(outdir, 'index.html'), html(system))
  return outdir
}
