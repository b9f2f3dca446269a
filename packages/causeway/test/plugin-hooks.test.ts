/**
 * Every documented hook of the plugin interface is called, in order, over a real loopback
 * WebSocket: setup at run(), window open, reload and close, teardown at close(); page scripts
 * and routes are served; a window's resources close with it; commands see their plugin's state.
 */
import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type TestContext, test } from 'node:test'
import type { AppWindow, Plugin, PluginContext } from '../src/plugin-kit.ts'
import { definePlugin } from '../src/plugin-kit.ts'
import { startApp } from './support/app.ts'
import { connect } from './support/node-client.ts'

type Hook = 'setup' | 'open' | 'reload' | 'close' | 'teardown'

/** Records hook calls and lets a test await the next one of a kind. */
class HookLog {
  readonly calls: string[] = []
  private readonly waiters: Array<{ entry: string; wake: () => void }> = []

  record(hook: Hook, detail = ''): void {
    const entry = detail ? `${hook} ${detail}` : hook
    this.calls.push(entry)
    for (const waiter of this.waiters.filter((w) => w.entry === entry)) {
      this.waiters.splice(this.waiters.indexOf(waiter), 1)
      waiter.wake()
    }
  }

  /** Resolves once `entry` has been recorded (at once if it already was). */
  seen(entry: string): Promise<void> {
    if (this.calls.includes(entry)) return Promise.resolve()
    return new Promise((wake) => this.waiters.push({ entry, wake }))
  }
}

class Tally {
  closed = false
  close(): void {
    this.closed = true
  }
}

function recordingPlugin(log: HookLog, tallies: Tally[]): Plugin<{ count: number }> {
  return definePlugin<{ count: number }>({
    name: 'recorder',
    state: () => ({ count: 0 }),
    setup: (plugin) => log.record('setup', String(plugin.state.count)),
    onWindowOpen: (window: AppWindow) => log.record('open', window.label),
    onWindowReload: (window) => log.record('reload', window.label),
    onWindowClose: (window, plugin: PluginContext<{ count: number }>) => log.record('close', `${window.label} count=${plugin.state.count}`),
    teardown: () => log.record('teardown'),
    pageScript: { source: () => 'window.recorderLoaded = true' },
    routes: {
      hello: (request, plugin) => new Response(`hello from ${plugin.name} ${new URL(request.url).searchParams.get('who')}`),
    },
    commands: {
      increment: (_: undefined, ctx) => ++ctx.plugin.state.count,
      keep: {
        description: 'stores a resource for this window',
        handler: (_: undefined, ctx) => {
          const tally = new Tally()
          tallies.push(tally)
          return ctx.window.resources.add(tally)
        },
      },
    },
  })
}

async function frontend(t: TestContext): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'causeway-hooks-'))
  t.after(() => rm(dir, { recursive: true, force: true }))
  await writeFile(join(dir, 'index.html'), '<!doctype html><html><head><title>x</title></head><body></body></html>')
  return dir
}

test('setup runs at run(), before the first connection, with the plugin state', async (t) => {
  const log = new HookLog()
  const { launchUrl } = await startApp(t, { commands: {}, plugins: [recordingPlugin(log, [])] })
  assert.deepEqual(log.calls, ['setup 0'])
  await connect(launchUrl)
  await log.seen('open main')
  assert.deepEqual(log.calls, ['setup 0', 'open main'])
})

test('a second connection is a reload; the window closes only after its last connection stays gone', async (t) => {
  const log = new HookLog()
  const tallies: Tally[] = []
  const { app, launchUrl } = await startApp(t, { commands: {}, plugins: [recordingPlugin(log, tallies)], windowCloseGraceMs: 100 })
  const relaunch = () => app.window('main')?.launchUrl ?? ''
  const first = await connect(launchUrl)
  await log.seen('open main')
  await first.invoke('plugin:recorder|increment')
  const rid = await first.invoke<number>('plugin:recorder|keep')
  assert.equal(typeof rid, 'number')

  // A reload: the new page connects and replaces the old one.
  const second = await connect(relaunch())
  await log.seen('reload main')
  first.close()
  second.close()
  await log.seen('close main count=1')
  assert.deepEqual(log.calls, ['setup 0', 'open main', 'reload main', 'close main count=1'])
  assert.equal(tallies[0]?.closed, true, "the window's resources are closed before onWindowClose")

  // Coming back after the close is an open again.
  await connect(relaunch())
  await log.seen('open main')
  assert.equal(log.calls.filter((c) => c === 'open main').length, 2)
})

test('a resource is closed by plugin:resources|close, only from its own window', async (t) => {
  const tallies: Tally[] = []
  const { app, launchUrl } = await startApp(t, {
    commands: {},
    plugins: [recordingPlugin(new HookLog(), tallies)],
    windows: [{ label: 'main' }, { label: 'other' }],
  })
  const main = await connect(launchUrl)
  const other = await connect(app.window('other')?.launchUrl ?? '')
  const rid = await main.invoke<number>('plugin:recorder|keep')
  await assert.rejects(other.invoke('plugin:resources|close', { rid }), /no resource with id/)
  assert.equal(tallies[0]?.closed, false)
  await main.invoke('plugin:resources|close', { rid })
  assert.equal(tallies[0]?.closed, true)
  await assert.rejects(main.invoke('plugin:resources|close', { rid }), /no resource with id/)
})

test('teardown runs when the app closes', async (t) => {
  const log = new HookLog()
  const { app } = await startApp(t, { commands: {}, plugins: [recordingPlugin(log, [])] })
  await app.close()
  assert.deepEqual(log.calls, ['setup 0', 'teardown'])
})

test("the page script is injected into served pages and served; routes answer under the plugin's path", async (t) => {
  const { url, launchUrl } = await startApp(t, {
    commands: {},
    plugins: [recordingPlugin(new HookLog(), [])],
    frontendDist: await frontend(t),
  })
  const html = await (await fetch(launchUrl)).text()
  const tag = /<script src="(\/__causeway\/plugin\/recorder\/page\.js)" data-label="main"><\/script>/.exec(html)
  assert.ok(tag, `the page script tag is in <head>: ${html}`)
  assert.ok(html.indexOf(tag[0]) < html.indexOf('<title>'), 'before the page content')
  const script = await fetch(`${url}${tag[1]}`)
  assert.equal(script.headers.get('content-type'), 'text/javascript; charset=utf-8')
  assert.equal(await script.text(), 'window.recorderLoaded = true')
  assert.equal(await (await fetch(`${url}/__causeway/plugin/recorder/hello?who=me`)).text(), 'hello from recorder me')
  assert.equal((await fetch(`${url}/__causeway/plugin/recorder/missing`)).status, 404)
  assert.equal((await fetch(`${url}/__causeway/plugin/nobody/page.js`)).status, 404)
})

test('a hook that throws is logged and does not stop the other plugins', async (t) => {
  const log = new HookLog()
  const broken = definePlugin({
    name: 'broken',
    onWindowOpen: () => {
      throw new Error('hook failed')
    },
  })
  const { launchUrl, logger } = await startApp(t, { commands: {}, plugins: [broken, recordingPlugin(log, [])] })
  await connect(launchUrl)
  await log.seen('open main')
  assert.ok(logger.errors.some((e) => e.includes('plugin `broken` onWindowOpen threw')))
})
