/**
 * Build step: bundles every plugin page script into the classic script served to pages, written
 * next to the compiled module as `page.iife.js`, so a published Causeway serves them without
 * esbuild at run time (see `bundledPageScript`).
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { bundlePageScript } from '../src/backend/page-scripts.ts'

const ENTRIES = ['tauri/page/page.ts', 'plugins/window/page.ts', 'plugins/dialog/page.ts']

for (const entry of ENTRIES) {
  const source = fileURLToPath(new URL(`../src/${entry}`, import.meta.url))
  const out = fileURLToPath(new URL(`../dist/${entry.replace(/\.ts$/, '.iife.js')}`, import.meta.url))
  await mkdir(dirname(out), { recursive: true })
  await writeFile(out, await bundlePageScript(source, { minify: true }))
  console.log(`wrote ${out}`)
}
