/**
 * Build step: writes the Tauri page contract script next to the compiled `serve.js`, so a
 * published Causeway serves it without esbuild at run time.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { bundleTauriPageScript, PREBUILT } from '../src/tauri/serve.ts'

const out = fileURLToPath(new URL(`../dist/tauri/${PREBUILT}`, import.meta.url))
await mkdir(fileURLToPath(new URL('../dist/tauri/', import.meta.url)), { recursive: true })
await writeFile(out, await bundleTauriPageScript({ minify: true }))
console.log(`wrote ${out}`)
