/**
 * Names derived from the directory the user asked for: the npm package name, the app identifier
 * and the title shown in the window.
 */
import { basename, resolve } from 'node:path'

/**
 * A valid npm package name from a directory name: lower case, URL-safe characters only.
 *
 * @param {string} dir
 * @returns {string}
 * @example
 * packageName('My App') // 'my-app'
 */
export function packageName(dir) {
  const name = basename(resolve(dir))
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9._~-]+/g, '-')
    .replace(/^[._-]+|-+$/g, '')
  return name === '' ? 'causeway-app' : name
}

/**
 * The app's identifier, unique per app so two apps never share a data directory or a browser
 * profile: reverse-domain, letters, digits and hyphens.
 *
 * @param {string} name a package name
 * @returns {string}
 * @example
 * identifierFor('my-app') // 'dev.causeway.my-app'
 */
export function identifierFor(name) {
  const segment = name.replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '')
  return `dev.causeway.${segment === '' ? 'app' : segment}`
}
