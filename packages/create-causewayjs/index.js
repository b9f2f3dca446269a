#!/usr/bin/env node
/**
 * create-causewayjs: `npm create causewayjs@latest my-app` writes a new Causeway app (a Vite
 * frontend, a TypeScript backend, a capability file and the app's own tests) and says what to
 * run next. From this repository: `node packages/create-causewayjs/index.js my-app`.
 */
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { checkoutPackage, packInto } from './src/causeway-dependency.js'
import { DEFAULT_DIR, DEFAULT_TEMPLATE, readOptions, USAGE } from './src/options.js'
import { ask } from './src/prompt.js'
import { scaffold, setCausewayDependency } from './src/scaffold.js'

async function main() {
  const options = readOptions(process.argv.slice(2))
  if (options.help) {
    console.log(USAGE)
    return
  }
  const { dir, template } = options.interactive
    ? await ask(options)
    : { dir: options.dir ?? DEFAULT_DIR, template: options.template ?? DEFAULT_TEMPLATE }
  // A tarball or folder given by a path relative to here must still resolve from the app's folder.
  const causeway = options.causeway && existsSync(options.causeway) ? `file:${resolve(options.causeway)}` : options.causeway
  const { name } = await scaffold({ dir, template, ...(causeway !== undefined && { causeway }) })
  // As the user wrote it: relative to where they are, or absolute.
  const cd = dir
  const checkout = options.causeway === undefined ? checkoutPackage() : undefined
  if (checkout) {
    console.log(`Packing causewayjs from this checkout (${checkout}) into ${join(cd, 'vendor')}: its prepack builds it ...`)
    const spec = await packInto(checkout, dir)
    await setCausewayDependency(dir, spec)
    console.log(`The app depends on "causewayjs": "${spec}".`)
  }
  console.log(`\nWrote ${name} (${template}) in ${cd}. Next:\n`)
  if (resolve(cd) !== process.cwd()) console.log(`  cd ${cd.includes(' ') ? JSON.stringify(cd) : cd}`)
  console.log('  npm install')
  console.log('  npm start      # opens the app; npm start -- --no-open prints its URL instead')
  console.log('  npm test       # type-check, build, backend and browser tests\n')
}

main().catch((/** @type {unknown} */ error) => {
  console.error(`create-causewayjs: ${error instanceof Error ? error.message : String(error)}`)
  process.exitCode = 1
})
