/**
 * Which causewayjs the new app depends on. Normally the release range the templates are written
 * for; run from a Causeway checkout (before causewayjs is on npm, or to try unreleased work), that
 * checkout's package, packed into the app's vendor/ folder so the app installs without the repo.
 */
import { execFile } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

/**
 * The checkout's packages/causeway, when this scaffolder runs from packages/create-causewayjs of a
 * Causeway repository; undefined when it runs from an installed package.
 *
 * @param {URL} [here] this file's URL (tests pass another)
 * @returns {string | undefined}
 */
export function checkoutPackage(here = new URL(import.meta.url)) {
  const dir = fileURLToPath(new URL('../../causeway/', here))
  const manifest = join(dir, 'package.json')
  if (!existsSync(manifest)) return undefined
  return JSON.parse(readFileSync(manifest, 'utf8')).name === 'causewayjs' ? dir : undefined
}

/**
 * `npm pack` of `packageDir` (its prepack builds it) into `appDir/vendor/`; returns the dependency
 * spec for the app's package.json, relative to the app.
 *
 * @param {string} packageDir
 * @param {string} appDir
 * @returns {Promise<string>}
 * @example
 * await packInto('/src/causeway/packages/causeway', 'my-app') // 'file:vendor/causewayjs-0.1.0.tgz'
 */
export async function packInto(packageDir, appDir) {
  const vendor = join(appDir, 'vendor')
  await mkdir(vendor, { recursive: true })
  let stdout
  try {
    ;({ stdout } = await promisify(execFile)('npm', ['pack', '--json', '--pack-destination', vendor], {
      cwd: packageDir,
      shell: process.platform === 'win32',
      maxBuffer: 64 * 1024 * 1024,
    }))
  } catch (error) {
    const e = /** @type {{ stderr?: string, message: string }} */ (error)
    throw new Error(`packing ${packageDir} failed (run \`npm install\` at the checkout's root first):\n${(e.stderr ?? e.message).trim()}`)
  }
  // Anything the build printed comes before npm's JSON report, which is the last thing out.
  const report = /** @type {Array<{ filename: string }>} */ (JSON.parse(stdout.slice(stdout.lastIndexOf('\n[') + 1)))
  return `file:vendor/${report[0]?.filename}`
}
