/**
 * The package build (`npm run build`, run by `prepack`): compiles `src/` into `dist/` with
 * declarations, makes the declarations stand on their own for consumers, and writes the prebuilt
 * page scripts. What `npm pack` ships is `dist/` (plus `src/` for source and declaration maps).
 *
 * tsc rewrites `./x.ts` to `./x.js` in the JavaScript it emits but not in the declarations, so
 * they are rewritten here (same length, so the declaration maps stay exact). The Node entries'
 * declarations get `/// <reference types="node" />`: a project with `types: []` (TypeScript 7's
 * default) then still resolves the `node:` modules they mention; the browser entry gets none.
 */
import { spawnSync } from 'node:child_process'
import { readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

const packageDir = fileURLToPath(new URL('..', import.meta.url))
const dist = join(packageDir, 'dist')
/** Entries for pages: their declarations must not mention Node's types. Every other entry's may. */
const BROWSER_ENTRIES = new Set(['./api'])
const manifest = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8')) as { exports: Record<string, { types: string }> }
const nodeEntries = Object.entries(manifest.exports).flatMap(([subpath, { types }]) => (BROWSER_ENTRIES.has(subpath) ? [] : [types]))

await rm(dist, { recursive: true, force: true })
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
const compiled = spawnSync(process.execPath, [tsc, '-p', join(packageDir, 'tsconfig.build.json')], { stdio: 'inherit' })
if (compiled.status !== 0) {
  console.error(`build: tsc -p tsconfig.build.json failed (${compiled.error?.message ?? `exit code ${compiled.status}`})`)
  process.exit(1)
}

for (const file of await declarationFiles(dist)) {
  const text = await readFile(file, 'utf8')
  const fixed = rewriteTsSpecifiers(file, text)
  if (fixed !== text) await writeFile(file, fixed)
}
for (const entry of nodeEntries) {
  const file = join(packageDir, entry)
  await writeFile(file, `/// <reference types="node" />\n${await readFile(file, 'utf8')}`)
  // One line more at the top: the declaration map's lines move down by one.
  const map = JSON.parse(await readFile(`${file}.map`, 'utf8')) as { mappings: string }
  map.mappings = `;${map.mappings}`
  await writeFile(`${file}.map`, JSON.stringify(map))
}

await import('./build-page-scripts.ts')

async function declarationFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  return entries.filter((e) => e.isFile() && e.name.endsWith('.d.ts')).map((e) => join(e.parentPath, e.name))
}

/** `'./x.ts'` → `'./x.js'` in every import, export and `import()` type of a declaration file. */
function rewriteTsSpecifiers(fileName: string, text: string): string {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true)
  const edits: Array<{ start: number; end: number; text: string }> = []
  const visit = (node: ts.Node): void => {
    let specifier: ts.Expression | undefined
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) specifier = node.moduleSpecifier
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) specifier = node.argument.literal
    if (specifier && ts.isStringLiteral(specifier) && /^\.\.?\//.test(specifier.text)) {
      const rewritten = specifier.text.replace(/\.([cm]?)ts$/, '.$1js')
      if (rewritten !== specifier.text) edits.push({ start: specifier.getStart(source) + 1, end: specifier.getEnd() - 1, text: rewritten })
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  let out = text
  for (const edit of edits.reverse()) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end)
  return out
}
