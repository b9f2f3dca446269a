#!/usr/bin/env node
/**
 * create-causewayjs: `npm create causewayjs@latest my-app` writes a new Causeway app (a Vite
 * frontend, a TypeScript backend, a capability file and the app's own tests) and says what to
 * run next. From this repository: `node packages/create-causewayjs/index.js my-app`.
 */
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline/promises'
import { checkoutPackage, packInto } from './src/causeway-dependency.js'
import { DEFAULT_DIR, DEFAULT_TEMPLATE, isTemplate, readOptions, USAGE } from './src/options.js'
import { scaffold, setCausewayDependency, TEMPLATES } from './src/scaffold.js'

/**
 * Asks for what the command line left open.
 *
 * @param {{ dir: string | undefined, template: import('./src/scaffold.js').Template | undefined }} given
 */
async function ask(given) {
  const rl = createInterface({ input: process.stdin, output: process.stdout })
  try {
    const dir = given.dir ?? ((await rl.question(`Directory for the app (${DEFAULT_DIR}): `)).trim() || DEFAULT_DIR)
    let template = given.template
    while (template === undefined) {
      const answer = (await rl.question(`Template, ${TEMPLATES.join(' or ')} (${DEFAULT_TEMPLATE}): `)).trim() || DEFAULT_TEMPLATE
      if (isTemplate(answer)) template = answer
      else console.log(`  no template \`${answer}\`: choose ${TEMPLATES.join(' or ')}`)
    }
    return { dir, template }
  } finally {
    rl.close()
  }
}

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
