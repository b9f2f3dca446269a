/**
 * Test support for the `causeway` command: a new app from the scaffolder (the vanilla template,
 * as `npm create causewayjs` writes it), and the command run on it as a child process whose
 * output the test reads line by line.
 *
 * The app is written inside this package (`.tmp-apps/`, which ignores itself) rather than in the
 * system's temp folder: there it resolves `causewayjs`, `vite` and `tsx` from the workspace's
 * node_modules, and Vite serves the workspace's sources, as in an app of a monorepo.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { TestContext } from 'node:test'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { eventually } from 'causeway-test-support/eventually'

const packageDir = fileURLToPath(new URL('../../', import.meta.url))
const require = createRequire(import.meta.url)
/** tsx by absolute URL: the command may run in a folder that cannot resolve it. */
const tsx = pathToFileURL(require.resolve('tsx')).href
const cliEntry = join(packageDir, 'src', 'cli', 'index.ts')
const appsDir = join(packageDir, '.tmp-apps')

/**
 * A new vanilla app from the scaffolder, removed after the test.
 *
 * @example
 * const app = await scaffoldApp(t, 'notes')
 */
export async function scaffoldApp(t: TestContext, name: string): Promise<string> {
  mkdirSync(appsDir, { recursive: true })
  writeFileSync(join(appsDir, '.gitignore'), '*\n')
  const parent = await mkdtemp(join(appsDir, `${name}-`))
  t.after(() => rm(parent, { recursive: true, force: true }))
  const dir = join(parent, name)
  const scaffolder = join(dirname(require.resolve('create-causewayjs/package.json')), 'index.js')
  // `--causeway '*'`: no tarball to pack; the workspace's causewayjs is what resolves.
  await promisify(execFile)(process.execPath, [scaffolder, dir, '--template', 'vanilla', '--yes', '--causeway', '*'])
  return dir
}

/** Replaces `from` with `to` in a file of the app; fails if `from` is not there. */
export async function edit(file: string, from: string, to: string): Promise<void> {
  const text = await readFile(file, 'utf8')
  if (!text.includes(from)) throw new Error(`${file} does not contain ${JSON.stringify(from)}`)
  await writeFile(file, text.replace(from, to))
}

export interface CliRun {
  child: ChildProcess
  /** Every line printed so far, stdout and stderr together. */
  lines: string[]
  /** The first line matching `pattern` (waiting for it), with its match. */
  line(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>
  /** Lines matching `pattern` so far. */
  count(pattern: RegExp): number
  exited: Promise<number | null>
}

/**
 * Runs `causeway <args>` from its sources (`--conditions=source`, as the workspace's own tests
 * run) in `cwd`; killed after the test if still running.
 *
 * @example
 * const dev = runCli(t, ['dev'], app, { XDG_CACHE_HOME: cache })
 * await dev.line(/backend started/)
 */
export function runCli(t: TestContext, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): CliRun {
  const child = spawn(process.execPath, ['--conditions=source', '--import', tsx, cliEntry, ...args], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const lines: string[] = []
  const collect = (stream: NodeJS.ReadableStream) => {
    let rest = ''
    stream.setEncoding('utf8')
    stream.on('data', (chunk: string) => {
      const parts = (rest + chunk).split('\n')
      rest = parts.pop() ?? ''
      lines.push(...parts)
    })
  }
  collect(child.stdout as NodeJS.ReadableStream)
  collect(child.stderr as NodeJS.ReadableStream)
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  t.after(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGINT')
      await exited
    }
  })
  return {
    child,
    lines,
    exited,
    count: (pattern) => lines.filter((line) => pattern.test(line)).length,
    line: (pattern, timeoutMs = 60_000) =>
      eventually(
        () => {
          for (const line of lines) {
            const match = pattern.exec(line)
            if (match) return match
          }
          if (child.exitCode !== null) throw new Error(`causeway ${args.join(' ')} exited (${child.exitCode}):\n${lines.join('\n')}`)
          return undefined
        },
        timeoutMs,
        `a line matching ${pattern} from causeway ${args.join(' ')}; so far:\n${lines.slice(-20).join('\n')}`,
      ),
  }
}
