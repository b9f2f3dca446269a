/**
 * The new app's name, from the directory the user asked for. Causeway derives the app's
 * identifier from it (`dev.causeway.<name>`), so it is the app's own.
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
