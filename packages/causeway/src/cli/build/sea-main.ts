/**
 * The entry of the single executable `causeway build` makes with `build.executable`. Node's single
 * executable applications run one CommonJS script and can embed files (assets) but not run modules
 * from them; so this script writes the app's folder, embedded whole, into the app's cache folder
 * (once per build: the folder is named after the build's hash), then runs it from there as
 * `node release/app.mjs` would. Bundled into CommonJS by esbuild at build time; never imported.
 */
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { getAsset } from 'node:sea'
import { appPaths } from '../../backend/paths.ts'
import { type EmbeddedApp, LAUNCHER, MANIFEST_ASSET } from './sea-format.ts'

function unpack(app: EmbeddedApp, target: string): void {
  const partial = `${target}.partial-${process.pid}`
  rmSync(partial, { recursive: true, force: true })
  for (const file of app.files) {
    const path = join(partial, file.path)
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(path, new Uint8Array(getAsset(`app/${file.path}`)), { mode: file.mode })
  }
  writeFileSync(join(partial, 'launch.cjs'), LAUNCHER)
  writeFileSync(join(partial, '.complete'), '')
  try {
    renameSync(partial, target)
  } catch (error) {
    // Another instance unpacked the same build first: use its copy.
    rmSync(partial, { recursive: true, force: true })
    if (!existsSync(join(target, '.complete'))) throw error
  }
}

const app = JSON.parse(getAsset(MANIFEST_ASSET, 'utf8')) as EmbeddedApp
const target = join(appPaths(app.identifier, '').appCache, `app-${app.build}`)
if (!existsSync(join(target, '.complete'))) unpack(app, target)
createRequire(join(target, 'launch.cjs'))('./launch.cjs')
