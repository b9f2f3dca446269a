/**
 * What a single executable made by `causeway build` holds besides its entry (`sea-main.ts`): the
 * app's folder as assets, and a manifest of them. Shared by the build (`executable.ts`) and the
 * entry.
 */

/** What the executable holds: written by `executable.ts`, read here. */
export interface EmbeddedApp {
  identifier: string
  /** Hash of every embedded file: names the folder the app is written to. */
  build: string
  /** Paths relative to the app's folder; each is the asset `app/<path>`. */
  files: Array<{ path: string; mode: number }>
}

/** The asset holding the `EmbeddedApp`. */
export const MANIFEST_ASSET = 'causeway-app.json'
/** Runs the written folder's app.mjs from CommonJS loaded from disk, where `import()` works. */
export const LAUNCHER = `const { join } = require('node:path')
const { pathToFileURL } = require('node:url')
const entry = join(__dirname, 'app.mjs')
process.argv.splice(1, 1, entry)
import(pathToFileURL(entry).href).catch((error) => setImmediate(() => { throw error }))
`
