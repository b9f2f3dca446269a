/**
 * The Vite plugin `causeway dev` adds to the app's Vite config: the dev server's pages get the
 * backend's page scripts first in `<head>` (as the backend's own server gives its pages),
 * `/__causeway/*` is forwarded to the backend of the moment, and a small dev client shows the
 * backend's state over Vite's HMR channel: an overlay with the error while it cannot start.
 */
import type { Plugin, ViteDevServer } from 'vite'
import { TOKEN_QUERY } from '../../core/protocol.ts'
import { DEV_CLIENT_SOURCE } from './dev-client.ts'
import type { BackendProxy } from './proxy.ts'

/** What the backend is doing, as the dev client shows it. */
export type BackendStatus = { state: 'starting' } | { state: 'ready' } | { state: 'failed'; message: string }

/** What the plugin reads from the supervisor each time it serves a page. */
export interface DevPages {
  /** The current backend's page scripts (the last known while none runs). */
  pageScripts(): readonly string[]
  /** The window a launch token was issued for, if the supervisor opened it. */
  labelOf(token: string): string | undefined
  status(): BackendStatus
}

/** The HMR event the dev client listens to. */
export const STATUS_EVENT = 'causeway:backend'
const HELLO_EVENT = 'causeway:hello'
const DEV_CLIENT_ID = 'virtual:causeway-dev-client'

export interface CausewayDevPlugin extends Plugin {
  /** Tells every open page the backend's new state. */
  announce(status: BackendStatus): void
}

/**
 * @example
 * const plugin = causewayDevPlugin(proxy, pages)
 * const server = await createServer({ plugins: [plugin] })
 * plugin.announce({ state: 'failed', message: 'SyntaxError: ...' })
 */
export function causewayDevPlugin(proxy: BackendProxy, pages: DevPages): CausewayDevPlugin {
  let server: ViteDevServer | undefined
  return {
    name: 'causeway:dev',
    apply: 'serve',
    configureServer(dev) {
      server = dev
      // Before Vite's own middlewares: nothing of Vite's may answer for Causeway's endpoints.
      dev.middlewares.use((req, res, next) => proxy.handleRequest(req, res, next))
      dev.httpServer?.on('upgrade', (req, socket, head) => proxy.handleUpgrade(req, socket, head))
      dev.ws.on(HELLO_EVENT, (_data: unknown, client: { send(event: string, payload?: unknown): void }) =>
        client.send(STATUS_EVENT, pages.status()),
      )
    },
    resolveId: (id) => (id === DEV_CLIENT_ID ? `\0${DEV_CLIENT_ID}` : undefined),
    load: (id) => (id === `\0${DEV_CLIENT_ID}` ? DEV_CLIENT_SOURCE : undefined),
    transformIndexHtml: {
      order: 'pre',
      handler(_html, context) {
        const token = new URL(context.originalUrl ?? context.path, 'http://dev.invalid').searchParams.get(TOKEN_QUERY)
        const label = token ? pages.labelOf(token) : undefined
        return [
          ...pages.pageScripts().map((src) => ({
            tag: 'script',
            attrs: { src, ...(label !== undefined && { 'data-label': label }) },
            injectTo: 'head-prepend' as const,
          })),
          { tag: 'script', attrs: { type: 'module', src: `/@id/__x00__${DEV_CLIENT_ID}` }, injectTo: 'head' as const },
        ]
      },
    },
    announce(status) {
      server?.ws.send(STATUS_EVENT, status)
    },
  }
}
