/**
 * Build step: bundles every plugin page script into the classic script served to pages, written
 * next to the compiled module as `<name>.iife.js`, so a published Causeway serves them without
 * esbuild at run time (see `bundledPageScript`). The page scripts are found in the sources.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { bundlePageScript } from '../src/backend/page-scripts.ts'
import { pageScriptEntries } from './page-script-entries.ts'

const src = fileURLToPath(new URL('../src/', import.meta.url))
const dist = fileURLToPath(new URL('../dist/', import.meta.url))

const entries = await pageScriptEntries(src)
if (entries.length === 0) throw new Error(`no bundledPageScript(new URL(...)) call found under ${src}`)
for (const source of entries) {
  const out = `${dist}${relative(src, source).replace(/\.ts$/, '.iife.js')}`
  await mkdir(dirname(out), { recursive: true })
  await writeFile(out, await bundlePageScript(source, { minify: true }))
  console.log(`wrote ${out}`)
}
