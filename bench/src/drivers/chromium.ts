/**
 * Chromium client kind: each session is a real page of the system's bundle, driven by
 * playwright-core. Pages are served cross-origin isolated (COOP/COEP added on navigation) so
 * `performance.now()` has 5 µs resolution instead of 100 µs.
 */
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'
import { withTimeout } from '../shared/workloads.ts'
import type { ClientKind, Session } from './session.ts'

export const CHROMIUM_PATH = '/usr/bin/chromium'

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // Pages that are not in front must not be throttled while they receive events.
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
  // Navigations are fulfilled by playwright (to add COOP/COEP), which hides the page's loopback
  // address; Chromium would then block the page's WebSocket to 127.0.0.1 as a local-network request.
  '--disable-features=LocalNetworkAccessChecks',
]

async function isolate(page: Page): Promise<void> {
  await page.route('**/*', async (route) => {
    if (!route.request().isNavigationRequest()) return route.continue()
    const response = await route.fetch()
    await route.fulfill({
      response,
      headers: {
        ...response.headers(),
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-embedder-policy': 'require-corp',
      },
    })
  })
}

class PageSession implements Session {
  constructor(private readonly page: Page) {}

  run: Session['run'] = (name, params, timeoutMs) =>
    withTimeout(
      this.page.evaluate(([n, p]) => window.bench!.run(n, p as never), [name, params] as const) as never,
      timeoutMs,
      () => `page did not finish ${name}`,
    )

  close = (): Promise<void> => this.page.close()
}

export class ChromiumKind implements ClientKind {
  readonly id = 'chromium'
  title = 'Chromium page'

  private constructor(
    private readonly browser: Browser,
    private readonly context: BrowserContext,
  ) {
    this.title = `Chromium ${browser.version()} page (playwright-core)`
  }

  static async launch(): Promise<ChromiumKind> {
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ARGS })
    return new ChromiumKind(browser, await browser.newContext())
  }

  get version(): string {
    return this.browser.version()
  }

  async open(_system: unknown, launchUrl: string): Promise<Session> {
    const page = await this.context.newPage()
    try {
      await isolate(page)
      await page.goto(launchUrl)
      await page.waitForFunction(() => window.bench?.ready === true || window.bench?.error != null, null, {
        timeout: 30_000,
      })
      const state = await page.evaluate(() => ({ error: window.bench!.error, isolated: crossOriginIsolated }))
      if (state.error !== null) throw new Error(state.error)
      if (!state.isolated) throw new Error('page is not cross-origin isolated: timer resolution would be 100 µs')
      return new PageSession(page)
    } catch (error) {
      await page.close()
      throw error
    }
  }

  async stop(): Promise<void> {
    await this.context.close()
    await this.browser.close()
  }
}
