/**
 * The questions asked when the command line leaves the directory or the template open and the
 * run is interactive.
 */
import { createInterface } from 'node:readline'
import { DEFAULT_DIR, DEFAULT_TEMPLATE, isTemplate } from './options.js'
import { TEMPLATES } from './scaffold.js'

/** @typedef {import('./scaffold.js').Template} Template */

/**
 * Asks for what the command line left open. Answers are read from one line iterator, so lines
 * typed (or pasted) ahead of a question wait for it instead of being lost.
 *
 * @param {{ dir: string | undefined, template: Template | undefined }} given
 * @param {NodeJS.ReadableStream} [input]
 * @param {NodeJS.WritableStream} [output]
 * @returns {Promise<{ dir: string, template: Template }>}
 * @example
 * const { dir, template } = await ask({ dir: undefined, template: 'react' })
 */
export async function ask(given, input = process.stdin, output = process.stdout) {
  const rl = createInterface({ input, output })
  rl.on('SIGINT', () => {
    output.write('\n')
    process.exit(130)
  })
  const lines = rl[Symbol.asyncIterator]()
  /** @param {string} prompt */
  const question = async (prompt) => {
    rl.setPrompt(prompt)
    rl.prompt()
    const { value, done } = await lines.next()
    if (done) throw new Error('the input ended before an answer (--yes takes the defaults)')
    return String(value).trim()
  }
  try {
    const dir = given.dir ?? ((await question(`Directory for the app (${DEFAULT_DIR}): `)) || DEFAULT_DIR)
    let template = given.template
    while (template === undefined) {
      const answer = (await question(`Template, ${TEMPLATES.join(' or ')} (${DEFAULT_TEMPLATE}): `)) || DEFAULT_TEMPLATE
      if (isTemplate(answer)) template = answer
      else output.write(`  no template \`${answer}\`: choose ${TEMPLATES.join(' or ')}\n`)
    }
    return { dir, template }
  } finally {
    rl.close()
  }
}
