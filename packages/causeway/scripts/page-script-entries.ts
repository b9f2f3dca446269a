/**
 * Which modules are page scripts: every `bundledPageScript(new URL('<module>', import.meta.url))`
 * call names one, relative to the file it is in. The build prebuilds each (`<module>.iife.js`);
 * the package check looks for them in the tarball. Found by parsing, so a plugin that adds, moves
 * or drops its page script needs no list kept in step.
 */
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import ts from 'typescript'

/**
 * The page script modules that the `.ts` or `.js` files under `dir` load, as absolute paths.
 *
 * @example
 * await pageScriptEntries('src') // ['/…/src/tauri/page/page.ts', '/…/src/plugins/window/page.ts', ...]
 */
export async function pageScriptEntries(dir: string): Promise<string[]> {
  const entries = new Set<string>()
  const files = (await readdir(dir, { recursive: true })).filter((f) => /(?<!\.d)\.ts$|(?<!\.iife)\.js$/.test(f))
  for (const file of files) {
    const path = join(dir, file)
    const text = await readFile(path, 'utf8')
    if (!text.includes('bundledPageScript(')) continue
    const visit = (node: ts.Node): void => {
      const module = pageScriptModule(node)
      if (module !== undefined) entries.add(fileURLToPath(new URL(module, pathToFileURL(path))))
      ts.forEachChild(node, visit)
    }
    visit(ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true))
  }
  return [...entries].sort()
}

/** `'./page.ts'` of `bundledPageScript(new URL('./page.ts', import.meta.url))`, else undefined. */
function pageScriptModule(node: ts.Node): string | undefined {
  if (!ts.isCallExpression(node) || !ts.isIdentifier(node.expression) || node.expression.text !== 'bundledPageScript') return undefined
  const [url] = node.arguments
  if (!url || !ts.isNewExpression(url) || !ts.isIdentifier(url.expression) || url.expression.text !== 'URL') return undefined
  const [module, base] = url.arguments ?? []
  if (!module || !ts.isStringLiteral(module) || base?.getText() !== 'import.meta.url') return undefined
  return module.text
}
