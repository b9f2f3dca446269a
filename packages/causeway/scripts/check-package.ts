/**
 * The package check: what a user of the published package gets. Packs causewayjs as publishing
 * would (`prepack` builds it), installs the tarball into empty projects (no workspace, no `file:`
 * link, no `source` condition, no tsx) and checks there:
 *
 * - the tarball: every export target exists, the declarations import no `.ts` file and keep nothing
 *   `@internal`, every package the built code imports is declared, every page script is prebuilt;
 * - `tsc --noEmit` with `skipLibCheck: false` under TypeScript 7's `tsc --init` defaults
 *   (`types: []`, `exactOptionalPropertyTypes`, ...), the same options on TypeScript 5.9, and a
 *   browser-only project (`lib: dom, dom.iterable, es2022`, no Node types) that imports only
 *   `causewayjs/api`; each program reads Causeway's `dist/` declarations, never its sources;
 * - plain `node`: an app with a command runs, `causewayjs/node-client` invokes it, and a plugin's
 *   prebuilt page script is served (esbuild is not installed there).
 *
 * Run: `npm run check:package` (add `-- --keep` to keep the temporary projects, `-- --tarball=<file>`
 * to check a tarball packed before).
 */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { builtinModules } from 'node:module'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import ts from 'typescript'
import { pageScriptEntries } from './page-script-entries.ts'

const run = promisify(execFile)
const packageDir = fileURLToPath(new URL('..', import.meta.url))
const keep = process.argv.includes('--keep')
/** TypeScript as `npm i -D typescript` installs it today, and the previous major's last line. */
const TS_CURRENT = 'typescript@^7'
const TS_PREVIOUS = 'typescript@~5.9'
/** Imported only when a page script has no prebuilt file: never by a packed Causeway. */
const OPTIONAL_IMPORTS = new Set(['esbuild'])

async function main(): Promise<void> {
  const given = process.argv.find((a) => a.startsWith('--tarball='))?.slice('--tarball='.length)
  const tarball = given ?? (await step('npm pack (prepack builds dist/)', () => pack(root)))
  const nodeApp = { ...NODE_APP, 'entries.ts': await everyEntry() }
  const node = await project('node-ts7', nodeApp)
  const previous = await project('node-ts5.9', nodeApp)
  const browser = await project('browser-ts7', BROWSER_PAGE)
  await step('npm install the tarball into 3 empty projects', () =>
    Promise.all([
      npm(node, ['install', tarball, TS_CURRENT]),
      npm(previous, ['install', tarball, TS_PREVIOUS]),
      npm(browser, ['install', tarball, TS_CURRENT]),
    ]),
  )
  await writeTsconfigs(node, previous, browser)
  await step('tarball contents', () => checkTarball(join(node, 'node_modules/causewayjs')))
  const results = await Promise.allSettled([
    step('tsc, TypeScript 7 --init defaults', () => typecheck(node, { nodeTypes: true })),
    step('tsc, TypeScript 5.9, same options', () => typecheck(previous, { nodeTypes: true })),
    step('tsc, browser-only project (causewayjs/api)', () => typecheck(browser, { nodeTypes: false })),
    step('node: an app, a command, node-client', async () => {
      if (existsSync(join(node, 'node_modules/esbuild'))) throw new Error('esbuild got installed: the served page script proves nothing')
      const { stdout } = await run(process.execPath, ['run.mjs'], { cwd: node, env: cleanEnv(), timeout: 60_000 })
      process.stdout.write(indent(stdout))
      if (!stdout.includes('Hello, package!')) throw new Error('the command did not answer')
    }),
  ])
  const errors = results.flatMap((r) => (r.status === 'rejected' ? [r.reason instanceof Error ? r.reason.message : String(r.reason)] : []))
  if (errors.length > 0) throw new Error(errors.join('\n'))
}

async function step<T>(name: string, body: () => Promise<T>): Promise<T> {
  const start = performance.now()
  try {
    const result = await body()
    console.log(`ok   ${name} (${seconds(performance.now() - start)})`)
    return result
  } catch (error) {
    console.log(`FAIL ${name} (${seconds(performance.now() - start)})`)
    throw error
  }
}

async function pack(into: string): Promise<string> {
  const destination = join(into, 'pack')
  await mkdir(destination)
  await npm(packageDir, ['pack', '--pack-destination', destination])
  const [file] = (await readdir(destination)).filter((f) => f.endsWith('.tgz'))
  if (!file) throw new Error(`npm pack wrote no tarball into ${destination}`)
  return join(destination, file)
}

async function project(name: string, files: Record<string, string>): Promise<string> {
  const dir = join(root, name)
  await mkdir(dir)
  const manifest = { name, private: true, type: 'module', description: 'causewayjs package check' }
  await writeFile(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`)
  for (const [file, text] of Object.entries(files)) await writeFile(join(dir, file), text)
  return dir
}

/**
 * The Node projects get exactly what TypeScript 7's `tsc --init` writes, with `skipLibCheck`
 * turned off; the browser project the same with a browser `lib`.
 */
async function writeTsconfigs(node: string, previous: string, browser: string): Promise<void> {
  await run(join(node, 'node_modules/.bin/tsc'), ['--init'], { cwd: node, env: cleanEnv() })
  const init = await readFile(join(node, 'tsconfig.json'), 'utf8')
  const options = replaceOnce(init, '"skipLibCheck": true', '"skipLibCheck": false')
  await writeFile(join(node, 'tsconfig.json'), options)
  await writeFile(join(previous, 'tsconfig.json'), options)
  const browserOptions = replaceOnce(options, '"types": [],', '"types": [],\n    "lib": ["dom", "dom.iterable", "es2022"],')
  await writeFile(join(browser, 'tsconfig.json'), browserOptions)
}

/** A module importing every entry of the exports map, so an entry added later is checked too. */
async function everyEntry(): Promise<string> {
  const manifest = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8')) as { exports: Record<string, unknown> }
  const subpaths = Object.keys(manifest.exports).map((subpath) => `causewayjs${subpath.slice(1)}`)
  const names = subpaths.map((_, i) => `entry${i}`)
  const imports = subpaths.map((specifier, i) => `import * as ${names[i]} from '${specifier}'\n`).join('')
  return `${imports}\nexport const entries = [${names.join(', ')}]\n`
}

function replaceOnce(text: string, from: string, to: string): string {
  if (text.split(from).length !== 2) throw new Error(`tsc --init output changed: expected ${from} once`)
  return text.replace(from, to)
}

async function typecheck(dir: string, { nodeTypes }: { nodeTypes: boolean }): Promise<void> {
  const tsc = join(dir, 'node_modules/.bin/tsc')
  const { stdout: version } = await run(tsc, ['--version'], { env: cleanEnv() })
  // One run: the diagnostics, then (--listFiles) every file of the program by its absolute path.
  const { stdout, failed } = await run(tsc, ['--noEmit', '--listFiles'], { cwd: dir, env: cleanEnv() }).then(
    ({ stdout }) => ({ stdout, failed: false }),
    (error: { stdout?: string }) => ({ stdout: error.stdout ?? String(error), failed: true }),
  )
  const lines = stdout.split('\n').filter(Boolean)
  const files = lines.filter((line) => line.startsWith('/'))
  if (failed) throw new Error(`${version.trim()} in ${dir}:\n${lines.filter((line) => !line.startsWith('/')).join('\n')}`)
  const sources = files.filter((f) => f.includes('/node_modules/causewayjs/src/'))
  if (sources.length > 0) throw new Error(`the program reads Causeway's sources, not its declarations: ${sources[0]}`)
  if (!files.some((f) => f.includes('/node_modules/causewayjs/dist/'))) throw new Error('the program reads no Causeway declarations')
  const nodeFiles = files.filter((f) => f.includes('/node_modules/@types/node/'))
  if (!nodeTypes && nodeFiles.length > 0) throw new Error(`the browser project pulls in Node's types: ${nodeFiles[0]}`)
  console.log(`     ${version.trim()}: ${files.filter((f) => f.includes('/causewayjs/')).length} Causeway declaration files`)
}

async function checkTarball(installed: string): Promise<void> {
  const manifest = JSON.parse(await readFile(join(installed, 'package.json'), 'utf8')) as {
    exports: Record<string, Record<string, string>>
    dependencies?: Record<string, string>
    peerDependencies?: Record<string, string>
  }
  const problems: string[] = []
  const files = (await readdir(installed, { recursive: true })).map((f) => f.replaceAll('\\', '/'))
  for (const [subpath, conditions] of Object.entries(manifest.exports)) {
    for (const condition of ['types', 'default']) {
      const target = conditions[condition]?.replace(/^\.\//, '')
      if (!target?.startsWith('dist/')) problems.push(`exports['${subpath}'].${condition} is ${target}, not a file in dist/`)
      else if (!files.includes(target)) problems.push(`exports['${subpath}'].${condition}: ${target} is not in the tarball`)
    }
  }
  const declared = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})])
  const builtins = new Set(builtinModules)
  for (const file of files.filter((f) => f.startsWith('dist/') && /\.(d\.ts|js)$/.test(f) && !f.endsWith('.iife.js'))) {
    const { importedFiles, referencedFiles, typeReferenceDirectives } = ts.preProcessFile(
      await readFile(join(installed, file), 'utf8'),
      true,
      true,
    )
    for (const { fileName: types } of typeReferenceDirectives) {
      if (!declared.has(`@types/${types}`))
        problems.push(`${file} references the types "${types}", but @types/${types} is not a dependency`)
    }
    for (const { fileName: specifier } of [...importedFiles, ...referencedFiles]) {
      if (specifier.startsWith('.')) {
        if (/\.[cm]?ts$/.test(specifier)) problems.push(`${file} imports ${specifier}: published code must name .js files`)
        continue
      }
      const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : (specifier.split('/')[0] ?? '')
      if (specifier.startsWith('node:') || builtins.has(name) || OPTIONAL_IMPORTS.has(name)) continue
      if (declared.has(name) || (file.endsWith('.d.ts') && declared.has(`@types/${name}`))) continue
      problems.push(`${file} imports ${specifier}, which is not a dependency`)
    }
  }
  const pages = await pageScriptEntries(join(installed, 'dist'))
  if (pages.length === 0) problems.push('the built JavaScript loads no page script: the search for bundledPageScript() is out of date')
  for (const page of pages) {
    const prebuilt = relative(installed, page).replace(/\.ts$/, '.iife.js')
    if (!files.includes(prebuilt)) problems.push(`${prebuilt} (a prebuilt page script) is not in the tarball`)
  }
  for (const file of files.filter((f) => f.endsWith('.d.ts'))) {
    if ((await readFile(join(installed, file), 'utf8')).includes('@internal')) problems.push(`${file} declares something @internal`)
  }
  if (problems.length > 0) throw new Error(problems.join('\n'))
  const dist = files.filter((f) => f.startsWith('dist/') && !f.endsWith('/'))
  console.log(`     ${dist.length} files in dist/, ${pages.length} prebuilt page scripts, dependencies: ${[...declared].join(', ')}`)
}

function npm(cwd: string, args: string[]) {
  return run('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, env: cleanEnv(), maxBuffer: 16 * 1024 * 1024 }).catch(
    (error: { stdout?: string; stderr?: string }) => {
      throw new Error(`npm ${args.join(' ')} in ${cwd} failed:\n${error.stdout ?? ''}${error.stderr ?? ''}`)
    },
  )
}

/**
 * The environment without what `npm run` exports (`npm_config_local_prefix` and friends would
 * point a nested npm back at the workspace) and without `NODE_OPTIONS` (no tsx, no conditions).
 */
function cleanEnv(): NodeJS.ProcessEnv {
  const kept = new Set(['npm_config_registry', 'npm_config_cache', 'npm_config_userconfig'])
  return Object.fromEntries(
    Object.entries(process.env).filter(([key]) => key !== 'NODE_OPTIONS' && (!/^npm_/i.test(key) || kept.has(key.toLowerCase()))),
  )
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`
}

function indent(text: string): string {
  return text.replace(/^(?=.)/gm, '     ')
}

/** A Node project's code: every entry, an app with a command and the typed client of that app. */
const NODE_APP: Record<string, string> = {
  'app.ts': `import { type CommandContext, createApp, defineErrors, defineEvents, isCausewayError } from 'causewayjs'
import { Channel, createClient } from 'causewayjs/api'
import { connect } from 'causewayjs/node-client'
import { definePlugin } from 'causewayjs/plugin'
import { dialogPlugin } from 'causewayjs/plugins/dialog'
import { fsPlugin } from 'causewayjs/plugins/fs'

const NoteError = defineErrors({ NotFound: () => 'not found', Io: (detail: string) => detail })

const notes = definePlugin({ name: 'notes', commands: { count: () => 3 } })

export const app = createApp({
  commands: {
    greet: ({ name }: { name: string }) => \`Hello, \${name}!\`,
    read_note: ({ id }: { id: number }, ctx: CommandContext) => (id === 1 ? \`note 1 for \${ctx.window.label}\` : NoteError.NotFound()),
  },
  events: defineEvents<{ saved: { id: number } }>(),
  plugins: [fsPlugin(), dialogPlugin(), notes],
  capabilities: [{ identifier: 'default', windows: ['main'], permissions: ['core:default', 'allow-greet', 'allow-read-note'] }],
})

export async function page(): Promise<void> {
  const api = createClient<typeof app>()
  const greeting: string = await api.invoke('greet', { name: 'World' })
  // @ts-expect-error: no such command
  await api.invoke('reed_note', {})
  const r = await api.tryInvoke('read_note', { id: 2 })
  if (!r.ok && r.error.code === 'App') {
    const kind: 'NotFound' | 'Io' = r.error.kind
    console.log(kind)
  }
  const channel = new Channel<string>((message) => console.log(message.length))
  console.log(greeting, channel)
}

export async function script(): Promise<void> {
  const { launchUrl } = await app.run({ open: false })
  const client = await connect(launchUrl)
  try {
    await client.invoke('read_note', { id: 2 })
  } catch (error) {
    if (isCausewayError(error, 'App')) console.log(error.message)
  }
  await app.close()
}
`,
  'run.mjs': `// Plain Node, no tsx, no source condition: the built package as a user runs it.
import { createApp } from 'causewayjs'
import { connect } from 'causewayjs/node-client'

const app = createApp({
  commands: { greet: ({ name }) => \`Hello, \${name}!\` },
  capabilities: [{ identifier: 'default', windows: ['main'], permissions: ['allow-greet'] }],
  exitOnLastWindowClose: false,
})
const { url } = await app.run({ port: 0, open: false, quiet: true })
const client = await connect(app.window('main').launchUrl)
console.log(await client.invoke('greet', { name: 'package' }))
const script = await fetch(\`\${url}/__causeway/plugin/tauri/page.js\`)
console.log(\`tauri page script: \${script.status}, \${(await script.text()).length} bytes\`)
await app.close()
`,
}

/** The browser project's code: the page API only. */
const BROWSER_PAGE: Record<string, string> = {
  'page.ts': `import { Channel, connection, createClient, emit, invoke, isCausewayError, listen } from 'causewayjs/api'

interface Commands {
  greet: (args: { name: string }) => string
}

export async function main(): Promise<void> {
  const greeting = await invoke<string>('greet', { name: 'World' })
  const unlisten = await listen<number>('job-progress', (e) => console.log(e.payload.toFixed(0)))
  await emit('saved', { id: 1 })
  const channel = new Channel<Uint8Array>((bytes) => console.log(bytes.byteLength))
  try {
    await invoke('download', { onChunk: channel })
  } catch (error) {
    if (isCausewayError(error, 'Forbidden')) console.log(error.message)
  }
  unlisten()
  console.log(greeting, connection(), createClient<{ '~types'?: { commands: Commands; events: {} } }>())
  document.title = greeting
}
`,
}

const started = performance.now()
const root = await mkdtemp(join(tmpdir(), 'causeway-package-'))
let failed = false
try {
  await main()
} catch (error) {
  failed = true
  console.error(error instanceof Error ? error.message : error)
} finally {
  if (keep || failed) console.log(`projects kept in ${root}`)
  else await rm(root, { recursive: true, force: true })
}
console.log(`package check ${failed ? 'FAILED' : 'passed'} in ${seconds(performance.now() - started)}`)
process.exitCode = failed ? 1 : 0
