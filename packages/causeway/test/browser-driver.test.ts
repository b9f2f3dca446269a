/**
 * The browser driver against real headless Chromium: windows load their URLs, the tokened URL
 * never reaches a command line, closed windows are reported, and closing leaves no process.
 */
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { CHROMIUM } from 'causeway-test-support/browser'
import { eventually } from 'causeway-test-support/eventually'
import { type CDPSession, chromium } from 'playwright-core'
import { type BrowserDriver, BrowserError, type CdpClient, driveBrowser, launchBrowser } from '../src/browser/index.ts'

const FLAGS = ['--no-sandbox', '--disable-gpu']

/** Registers a cleanup: `t.after` in a test, a list run by `after` in a suite. */
type Defer = (cleanup: () => Promise<void> | void) => void

/** A page server on loopback that remembers every path it was asked for; each page's title is its path's name. */
async function startServer(defer: Defer) {
  const requested: string[] = []
  const server = createServer((request, response) => {
    requested.push(request.url ?? '')
    const name = new URL(request.url ?? '/', 'http://x').pathname.slice(1)
    response.writeHead(200, { 'content-type': 'text/html' }).end(`<!doctype html><title>${name}</title><p>${name}</p>`)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  defer(() => {
    // A browser the test does not close keeps its keep-alive connections, which would hold close() open.
    server.closeAllConnections()
    return new Promise<void>((resolve) => server.close(() => resolve()))
  })
  server.unref()
  const token = randomUUID()
  const { port } = server.address() as AddressInfo
  return {
    token,
    url: (name: string) => `http://127.0.0.1:${port}/${name}?token=${token}`,
    served: (name: string) => requested.includes(`/${name}?token=${token}`),
  }
}

/**
 * A fresh profile directory, and a headless launch on it. Cleanup runs in one hook, browser first:
 * node:test runs `after` hooks in the order they were added, and a running browser still writes there.
 */
async function profile(defer: Defer) {
  const userDataDir = await mkdtemp(join(tmpdir(), 'causeway-profile-'))
  const drivers: BrowserDriver[] = []
  defer(async () => {
    await Promise.all(drivers.map((driver) => driver.close()))
    await rm(userDataDir, { recursive: true, force: true })
  })
  return {
    userDataDir,
    async launch(): Promise<BrowserDriver> {
      const driver = await launchBrowser({ executablePath: CHROMIUM, headless: true, userDataDir, args: FLAGS })
      drivers.push(driver)
      return driver
    },
  }
}

/** Every live process as `ps` sees it: pid, parent, and command line. */
async function processes(): Promise<{ pid: number; ppid: number; cmdline: string }[]> {
  const all = []
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8')
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      if (state === 'Z') continue
      const cmdline = (await readFile(`/proc/${entry}/cmdline`, 'utf8')).replaceAll('\0', ' ')
      all.push({ pid: Number(entry), ppid: Number(ppid), cmdline })
    } catch {
      // The process ended while we looked.
    }
  }
  return all
}

/** The browser this test process launched on `userDataDir`, and every process under it. */
async function browserTree(userDataDir: string): Promise<number[]> {
  const all = await processes()
  const root = all.find((p) => p.ppid === process.pid && p.cmdline.includes(`--user-data-dir=${userDataDir}`))
  if (!root) return []
  const tree = [root.pid]
  for (let i = 0; i < tree.length; i++) tree.push(...all.filter((p) => p.ppid === tree[i]).map((p) => p.pid))
  return tree
}

async function evaluate(driver: BrowserDriver, label: string, expression: string): Promise<unknown> {
  const sessionId = await driver.window(label)!.session()
  const { result } = await driver.cdp.send<{ result: { value?: unknown } }>(
    'Runtime.evaluate',
    { expression, returnByValue: true },
    sessionId,
  )
  return result.value
}

describe('a headless browser launched by the driver', () => {
  const cleanups: (() => Promise<void> | void)[] = []
  let server: Awaited<ReturnType<typeof startServer>>
  let shared: Awaited<ReturnType<typeof profile>>
  let driver: BrowserDriver
  before(async () => {
    assert.ok(existsSync(CHROMIUM), `the browser tests need Chromium at ${CHROMIUM}: apt-get install -y chromium, or set CHROME_PATH`)
    server = await startServer((cleanup) => cleanups.push(cleanup))
    shared = await profile((cleanup) => cleanups.push(cleanup))
    driver = await shared.launch()
  })
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup()
  })

  test('opens two windows on their URLs, and no command line holds the token', async () => {
    const [a, b] = await Promise.all([driver.open({ label: 'a', url: server.url('a') }), driver.open({ label: 'b', url: server.url('b') })])
    assert.notEqual(a.targetId, b.targetId)
    assert.deepEqual(
      driver
        .windows()
        .map((w) => w.label)
        .sort(),
      ['a', 'b'],
    )
    assert.equal(driver.window('b'), b)
    await eventually(() => server.served('a') && server.served('b'), 'both pages requested with the token')
    await eventually(async () => (await evaluate(driver, 'a', 'document.title')) === 'a', 'window a showing page a')
    await eventually(async () => (await evaluate(driver, 'b', 'document.title')) === 'b', 'window b showing page b')
    assert.equal(await evaluate(driver, 'b', 'location.href'), server.url('b'))

    const all = await processes()
    assert.ok((await browserTree(shared.userDataDir)).length > 1, 'the scan sees the browser and its helpers')
    assert.ok(
      all.some((p) => p.cmdline.includes(shared.userDataDir)),
      'the scan reads command lines',
    )
    const leaking = all.filter((p) => p.cmdline.includes(server.token))
    assert.deepEqual(leaking, [], 'no process has the token on its command line')
    await Promise.all([a.close(), b.close()])
  })

  test('a window that goes away is reported to onWindowClosed with its label', async () => {
    const closed: string[] = []
    const off = driver.onWindowClosed((label) => closed.push(label))
    const c = await driver.open({ label: 'c', url: server.url('c') })
    const d = await driver.open({ label: 'd', url: server.url('d') })

    // Closed behind the driver's back, the way a user closes a window.
    await driver.cdp.send('Target.closeTarget', { targetId: c.targetId })
    await eventually(() => closed.length === 1, 'window c reported closed')
    assert.deepEqual(closed, ['c'])
    assert.equal(driver.window('c'), undefined)
    assert.deepEqual(
      driver.windows().map((w) => w.label),
      ['d'],
    )

    await d.close()
    assert.deepEqual(closed, ['c', 'd'])
    assert.deepEqual(driver.windows(), [])
    const again = await driver.open({ label: 'c', url: server.url('c') })
    assert.equal(driver.window('c'), again, 'a closed label can be opened again')
    await assert.rejects(driver.open({ label: 'c', url: server.url('c') }), (e) => e instanceof BrowserError && e.code === 'WindowExists')
    await again.close()
    off()
  })

  test('a second launch on the same profile fails with ProfileInUse, naming the executable', async () => {
    await assert.rejects(shared.launch(), (e) => {
      assert.ok(e instanceof BrowserError)
      assert.equal(e.code, 'ProfileInUse')
      assert.match(e.message, new RegExp(`${CHROMIUM} exited with code 21`))
      return true
    })
  })
})

test('close() quits the browser it launched and leaves no Chromium process behind', async (t) => {
  const server = await startServer((cleanup) => t.after(cleanup))
  const { userDataDir, launch } = await profile((cleanup) => t.after(cleanup))
  const driver = await launch()
  const closed: string[] = []
  driver.onWindowClosed((label) => closed.push(label))
  await driver.open({ label: 'main', url: server.url('main') })
  await eventually(() => server.served('main'), 'the page requested')
  const tree = await browserTree(userDataDir)
  assert.ok(tree.length > 1, `the browser runs with helper processes (found ${tree.length})`)

  await driver.close()
  assert.deepEqual(closed, ['main'])
  await eventually(async () => {
    const alive = new Set((await processes()).map((p) => p.pid))
    return tree.every((pid) => !alive.has(pid))
  }, 'every browser process to exit')
  await assert.rejects(driver.open({ label: 'late', url: server.url('late') }), (e) => e instanceof BrowserError && e.code === 'Closed')
})

test('a browser that does not start gives an error naming the executable and how it ended', async (t) => {
  const { userDataDir } = await profile((cleanup) => t.after(cleanup))
  const attempt = (executablePath: string) => launchBrowser({ executablePath, headless: true, userDataDir, args: FLAGS })
  await assert.rejects(attempt('/bin/false'), (e) => {
    assert.ok(e instanceof BrowserError)
    assert.equal(e.code, 'LaunchFailed')
    assert.match(e.message, /^\/bin\/false exited with code 1 before it was ready/)
    return true
  })
  await assert.rejects(attempt(join(userDataDir, 'no-such-browser')), (e) => {
    assert.ok(e instanceof BrowserError)
    assert.equal(e.code, 'LaunchFailed')
    assert.match(e.message, /could not start .*no-such-browser: spawn .* ENOENT/)
    return true
  })
})

/** A `CdpClient` over playwright-core's browser session. Page sessions are playwright's own, so this one has none. */
function playwrightClient(session: CDPSession): CdpClient {
  return {
    send: async <T>(method: string, params?: object, sessionId?: string) => {
      if (sessionId !== undefined) throw new Error('this adapter speaks only at browser level')
      return (await session.send(method as never, params as never)) as T
    },
    on: (event, listener) => {
      const handler = (params: never) => listener(params, undefined)
      session.on(event as never, handler)
      return () => {
        session.off(event as never, handler)
      }
    },
    onClose: (listener) => {
      const handler = () => listener(new BrowserError('Disconnected', 'the playwright session closed'))
      session.on('close', handler)
      return () => {
        session.off('close', handler)
      }
    },
  }
}

test('driveBrowser opens windows in a browser it was handed, and leaves that browser running', async (t) => {
  const server = await startServer((cleanup) => t.after(cleanup))
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', ...FLAGS, '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  })
  t.after(() => browser.close())
  const driver = driveBrowser(playwrightClient(await browser.newBrowserCDPSession()))
  const closed: string[] = []
  driver.onWindowClosed((label) => closed.push(label))

  const main = await driver.open({ label: 'main', url: server.url('main') })
  await eventually(() => server.served('main'), 'the page requested with the token')
  const urlOf = async (targetId: string) => {
    const { targetInfos } = await driver.cdp.send<{ targetInfos: { targetId: string; url: string }[] }>('Target.getTargets')
    return targetInfos.find((info) => info.targetId === targetId)?.url
  }
  await eventually(async () => (await urlOf(main.targetId)) === server.url('main'), 'the window to show the page')

  await driver.close()
  assert.deepEqual(closed, ['main'])
  assert.ok(browser.isConnected(), 'the browser the test launched is still running')
  assert.equal(await urlOf(main.targetId), undefined, 'the window is gone')
})
