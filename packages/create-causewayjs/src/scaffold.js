/**
 * Writes a new app: the shared files, then the template's own, with the app's names filled in,
 * then its package.json. Refuses a directory that already has files in it.
 */
import { existsSync } from 'node:fs'
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { manifest } from './manifest.js'
import { packageName } from './names.js'

export const TEMPLATES = /** @type {const} */ (['vanilla', 'react'])

/** @typedef {(typeof TEMPLATES)[number]} Template */

const TEMPLATE_ROOT = fileURLToPath(new URL('../templates/', import.meta.url))

/** What the frontend is called in the app's README. */
const FRONTEND = { vanilla: 'TypeScript', react: 'React' }

/** npm leaves `.gitignore` out of published packages, so templates keep it as `_gitignore`. */
const RENAMES = new Map([['_gitignore', '.gitignore']])

/**
 * Every file under `dir`, as paths relative to it.
 *
 * @param {string} dir
 * @returns {Promise<string[]>}
 */
async function filesUnder(dir) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name)))
}

/**
 * Whether `dir` is missing or empty (a `.git` alone counts as empty).
 *
 * @param {string} dir
 * @returns {Promise<boolean>}
 */
export async function isUsable(dir) {
  if (!existsSync(dir)) return true
  const entries = await readdir(dir)
  return entries.every((entry) => entry === '.git')
}

/**
 * Writes the app into `dir` and returns what it wrote (relative paths, sorted).
 *
 * @param {{ dir: string, template: Template, causeway?: string }} options `causeway`: the dependency
 *   spec (default: the release range the templates are written for)
 * @returns {Promise<{ name: string, files: string[] }>}
 * @example
 * await scaffold({ dir: 'my-app', template: 'vanilla' })
 */
export async function scaffold({ dir, template, causeway }) {
  if (!(await isUsable(dir))) {
    throw new Error(`${dir} is not empty: choose a new directory name, or empty this one first`)
  }
  const name = packageName(dir)
  /** @type {Record<string, string>} */
  const values = { name, title: name, frontend: FRONTEND[template] }
  const fill = (/** @type {string} */ text) => text.replace(/\{\{(\w+)\}\}/g, (match, key) => values[key] ?? match)

  /** @type {Map<string, string>} the template's files override shared ones of the same path */
  const sources = new Map()
  for (const layer of ['shared', template]) {
    const root = join(TEMPLATE_ROOT, layer)
    for (const file of await filesUnder(root)) sources.set(RENAMES.get(file) ?? file, join(root, file))
  }
  for (const [file, source] of sources) {
    const target = join(dir, file)
    await mkdir(dirname(target), { recursive: true })
    await writeFile(target, fill(await readFile(source, 'utf8')))
  }
  await writeFile(join(dir, 'package.json'), `${JSON.stringify(manifest(name, template, causeway), null, 2)}\n`)
  return { name, files: [...sources.keys(), 'package.json'].sort() }
}

/**
 * Points the app at another causewayjs (a tarball, a version).
 *
 * @param {string} dir
 * @param {string} spec
 * @example
 * await setCausewayDependency('my-app', 'file:vendor/causewayjs-0.1.0.tgz')
 */
export async function setCausewayDependency(dir, spec) {
  const path = join(dir, 'package.json')
  const pkg = JSON.parse(await readFile(path, 'utf8'))
  pkg.dependencies.causewayjs = spec
  await writeFile(path, `${JSON.stringify(pkg, null, 2)}\n`)
}
