/**
 * Bundles the frontend into dist/ with esbuild. `causewayjs/api` resolves to its TypeScript source
 * through the `source` export condition, so no library build is needed first.
 */

import { copyFile, mkdir, writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))

/** Builds the frontend into `outdir` (default `dist/`); returns the directory. */
export async function buildFrontend(outdir = here('./dist')): Promise<string> {
  await mkdir(outdir, { recursive: true })
  await build({
    entryPoints: [here('./frontend/main.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['source'],
    sourcemap: true,
    outfile: `${outdir}/main.js`,
    logLevel: 'warning',
  })
  await copyFile(here('./frontend/index.html'), `${outdir}/index.html`)
  await copyFile(here('./frontend/style.css'), `${outdir}/style.css`)
  return outdir
}

/** Writes the JSON Schema that capabilities/default.json points at (editor completion). */
export async function writeCapabilitySchema(): Promise<void> {
  const { createHelloApp } = await import('./backend/app.ts')
  await mkdir(here('./gen'), { recursive: true })
  await writeFile(here('./gen/capabilities.schema.json'), `${JSON.stringify(createHelloApp().capabilitySchema(), null, 2)}\n`)
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildFrontend()
  await writeCapabilitySchema()
}
