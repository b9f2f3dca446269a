/**
 * The command line: `create-causewayjs [dir] [--template vanilla|react] [--yes]`. What the flags
 * leave open is asked for, unless the run is not interactive (`--yes`, `CI` set, or no terminal),
 * in which case the defaults are taken.
 */
import { parseArgs } from 'node:util'
import { TEMPLATES } from './scaffold.js'

export const DEFAULT_DIR = 'causeway-app'
export const DEFAULT_TEMPLATE = 'vanilla'

export const USAGE = `Usage: npm create causewayjs@latest [dir] -- [--template vanilla|react] [--yes]

Writes a new Causeway app into dir (default ${DEFAULT_DIR}).

  -t, --template <name>  vanilla (TypeScript) or react (React with TypeScript); default ${DEFAULT_TEMPLATE}
  -y, --yes              ask nothing: defaults for whatever the flags leave open (also when CI is
                         set or there is no terminal)
  --causeway <spec>      the causewayjs dependency to write (a version range or a tarball path).
                         Default: the release the templates are written for; run from a Causeway
                         checkout, that checkout's packages/causeway packed into the app's vendor/
  -h, --help             show this help`

/**
 * @typedef {{ help: true } | {
 *   help: false,
 *   dir: string | undefined,
 *   template: import('./scaffold.js').Template | undefined,
 *   causeway: string | undefined,
 *   interactive: boolean,
 * }} Options
 */

/**
 * Reads the command line and the environment; throws an error saying what was wrong.
 *
 * @param {string[]} argv arguments after the program name
 * @param {{ env?: NodeJS.ProcessEnv, isTTY?: boolean }} [context]
 * @returns {Options}
 * @example
 * readOptions(['my-app', '--template', 'react']) // { help: false, dir: 'my-app', template: 'react', ... }
 */
export function readOptions(argv, { env = process.env, isTTY = Boolean(process.stdin.isTTY && process.stdout.isTTY) } = {}) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      template: { type: 'string', short: 't' },
      yes: { type: 'boolean', short: 'y' },
      causeway: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help) return { help: true }
  if (positionals.length > 1) throw new Error(`one directory please, not ${positionals.length}: ${positionals.join(' ')}`)
  const template = values.template
  if (template !== undefined && !isTemplate(template)) {
    throw new Error(`no template \`${template}\`: choose ${TEMPLATES.join(' or ')}`)
  }
  const ci = env['CI'] !== undefined && env['CI'] !== '' && env['CI'] !== '0' && env['CI'] !== 'false'
  return { help: false, dir: positionals[0], template, causeway: values.causeway, interactive: !values.yes && !ci && isTTY }
}

/**
 * @param {string} name
 * @returns {name is import('./scaffold.js').Template}
 */
export function isTemplate(name) {
  return /** @type {readonly string[]} */ (TEMPLATES).includes(name)
}
