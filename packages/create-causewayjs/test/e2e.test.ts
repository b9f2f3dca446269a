/**
 * What a new user does, outside this repository, for each template: pack causewayjs and the
 * scaffolder, scaffold from the packed scaffolder, install (the packed causewayjs, no `file:` link,
 * no workspace), type-check with the TypeScript the template pins, build, start with `--no-open`
 * and read the launch URL it prints, drive the page in Chromium (a command, an event, a denied call
 * that shows its message on the page and the terminal), then run the app's own `npm test`. Every
 * step is timed.
 *
 * Slow (npm installs from the registry): `.ci/run` runs it after `npm test`, or
 * `npm run e2e -w create-causewayjs`.
 */
import assert from 'node:assert/strict'
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, type TestContext, test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { launchBrowser, openPage } from 'causeway-test-support/browser'
import { eventually } from 'causeway-test-support/eventually'

const REPO = fileURLToPath(new URL('../../../', import.meta.url))
const TEMPLATES = ['vanilla', 'react'] as const

/** The environment of a shell outside this repo: nothing of the npm script or test runner around us. */
const ENV: NodeJS.ProcessEnv = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) && key !== 'INIT_CWD' && key !== 'NODE_TEST_CONTEXT'),
)
ENV['CI'] = '1'

interface Output {
  stdout: string
  stderr: string
}

/** Runs a command to completion; rejects with its output when it fails or outlives `timeoutMs`. */
function run(command: string, args: string[], cwd: string, timeoutMs = 300_000): Promise<Output> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: ENV, stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (code, signal) => {
      if (code === 0) resolve({ stdout, stderr })
      else reject(new Error(`\`${command} ${args.join(' ')}\` in ${cwd} ended with ${signal ?? `code ${code}`}\n${stdout}\n${stderr}`))
    })
  })
}

/** Step timings, printed at the end: name and seconds. */
const timings: Array<[string, number]> = []

async function step<T>(t: TestContext, name: string, action: () => Promise<T>): Promise<T> {
  const started = performance.now()
  const result = await action()
  const seconds = (performance.now() - started) / 1000
  timings.push([name, seconds])
  t.diagnostic(`${name}: ${seconds.toFixed(1)} s`)
  return result
}

/** The seconds of the step whose name starts with `prefix`. */
function secondsOf(prefix: string): number {
  return timings.find(([name]) => name.startsWith(prefix))?.[1] ?? Number.NaN
}

/** `npm pack` of a workspace package into `dir`; returns the tarball's path. */
async function pack(packageDir: string, dir: string): Promise<string> {
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', dir], join(REPO, packageDir))
  // Lifecycle scripts (prepack) may print before the JSON report.
  const report = JSON.parse(stdout.slice(stdout.lastIndexOf('\n[') + 1)) as Array<{ filename: string }>
  return join(dir, report[0]!.filename)
}

/**
 * `npm start -- --no-open`: resolves with the launch URL once it is printed. The process gets its
 * own group, so stopping it ends npm, tsx and the app together.
 */
function start(cwd: string, timeoutMs = 120_000): { child: ChildProcess; launchUrl: Promise<string>; output: () => string } {
  const child = spawn('npm', ['start', '--', '--no-open'], { cwd, env: ENV, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  let output = ''
  const launchUrl = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no launch URL after ${timeoutMs} ms:\n${output}`)), timeoutMs)
    const read = (chunk: Buffer) => {
      output += chunk
      const url = /http:\/\/127\.0\.0\.1:\d+\/\S*__causeway=[\w-]+/.exec(output)?.[0]
      if (url) {
        clearTimeout(timer)
        resolve(url)
      }
    }
    child.stdout!.on('data', read)
    child.stderr!.on('data', read)
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`npm start exited (code ${code}) before printing a launch URL:\n${output}`))
    })
  })
  return { child, launchUrl, output: () => output }
}

/** Stops a process started by `start`, and its children. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((resolve) => child.on('exit', resolve))
  process.kill(-child.pid!, 'SIGTERM')
  await exited
}

let work: string
let causewayTarball: string
let scaffolderTarball: string

before(async () => {
  work = await mkdtemp(join(tmpdir(), 'causeway-e2e-'))
  await mkdir(join(work, 'packs'))
  const started = performance.now()
  causewayTarball = await pack('packages/causeway', join(work, 'packs'))
  timings.push(['npm pack causewayjs (prepack builds it)', (performance.now() - started) / 1000])
  const packed = performance.now()
  scaffolderTarball = await pack('packages/create-causewayjs', join(work, 'packs'))
  timings.push(['npm pack create-causewayjs', (performance.now() - packed) / 1000])
})

after(async () => {
  const width = Math.max(...timings.map(([name]) => name.length))
  console.log(`\nend-to-end timings:\n${timings.map(([name, s]) => `  ${name.padEnd(width)}  ${s.toFixed(1)} s`).join('\n')}`)
  if (work) await rm(work, { recursive: true, force: true })
})

for (const template of TEMPLATES) {
  test(`a new ${template} app installs, type-checks, builds, starts and works in Chromium`, async (t) => {
    const home = join(work, template)
    await mkdir(home)
    const app = join(home, 'my-app')

    const created = await step(t, `${template}: scaffold (npm exec the packed scaffolder)`, () =>
      run('npm', ['exec', '--yes', `--package=${scaffolderTarball}`, '--', 'create-causewayjs', 'my-app', '--template', template], home),
    )
    assert.match(created.stdout, /npm install/)

    // The packed causewayjs instead of the registry's, as a tarball path: no link into this repo.
    const manifestPath = join(app, 'package.json')
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8'))
    assert.ok(manifest.dependencies.causewayjs, 'the app depends on causewayjs')
    manifest.dependencies.causewayjs = causewayTarball
    await writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`)

    await step(t, `${template}: npm install`, () => run('npm', ['install', '--no-audit', '--no-fund'], app))
    const installed = JSON.parse(await readFile(join(app, 'node_modules/causewayjs/package.json'), 'utf8'))
    assert.equal(installed.name, 'causewayjs')

    const { stdout: version } = await run('npx', ['tsc', '--version'], app)
    assert.equal(version.trim(), `Version ${manifest.devDependencies.typescript}`, 'tsc is the TypeScript the template pins')
    await step(t, `${template}: type-check (npm run typecheck)`, () => run('npm', ['run', 'typecheck'], app))

    await step(t, `${template}: build (npm run build)`, () => run('npm', ['run', 'build'], app))
    assert.ok((await stat(join(app, 'dist/index.html'))).isFile())

    const running = start(app)
    t.after(() => stop(running.child))
    const launchUrl = await step(t, `${template}: npm start until the launch URL is printed`, () => running.launchUrl)
    // What a new user waits for: npm create, npm install, npm start (they build on start, not before).
    const waited = ['scaffold', 'npm install', 'npm start'].reduce((sum, name) => sum + secondsOf(`${template}: ${name}`), 0)
    timings.push([`${template}: npm create to a running app (scaffold + install + start)`, waited])

    await step(t, `${template}: drive it in Chromium`, async () => {
      const page = await openPage(await launchBrowser(t), launchUrl)
      await page.fill('#name', 'e2e')
      await page.click('#greet')
      await page.waitForSelector('#greeting:has-text("Hello, e2e!")')
      // The typed error: err('EmptyName') on the backend, narrowed by kind on the page.
      await page.fill('#name', '')
      await page.click('#greet')
      await page.waitForSelector('#greeting:has-text("Type a name first.")')
      // A command that reports progress through events.
      await page.click('#count')
      await page.waitForSelector('#count-status:has-text("counted to 10")')
      assert.equal(await page.getAttribute('#progress', 'value'), '10')
      // A call the capability does not grant: refused, and the page shows what to add.
      await page.click('#system-info')
      await page.waitForSelector('#system-info-result:has-text("allow-system-info")')
      assert.match((await page.textContent('#system-info-result')) ?? '', /command `system_info` is not allowed for window `main`/)
      assert.deepEqual(page.errors, [], 'no uncaught errors on the page')
      // The terminal says so too, with the permission to add.
      await eventually(() => /system_info.*allow-system-info/.test(running.output()), 'the terminal to report the denied call')
    })
    await stop(running.child)
    for (const line of running.output().trim().split('\n')) t.diagnostic(`npm start printed: ${line}`)

    await step(t, `${template}: the app's own npm test`, () => run('npm', ['test'], app))
  })
}
