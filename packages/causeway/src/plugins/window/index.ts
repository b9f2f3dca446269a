/**
 * The built-in `window` plugin: the window basics `@tauri-apps/api/window` calls
 * (`plugin:window|get_all_windows`, `title`, `set_title`, `create`, `close`), governed by
 * `core:window:*`. Titles are shown, and windows the app's browser did not open are closed, by
 * the plugin's page script (`page.ts`). Built only on the public plugin interface.
 */
import { type AppWindow, bundledPageScript, CausewayError, type CommandContext, definePlugin, type Plugin } from '../../plugin-kit.ts'
import { windowPermissions } from './permissions.ts'
import type { WindowRequest } from './protocol.ts'

function windowOf(args: unknown, ctx: CommandContext): AppWindow {
  const label = (args as { label?: unknown } | undefined)?.label
  if (typeof label !== 'string') throw new CausewayError('InvalidArgs', 'window commands need the window `label`')
  const window = ctx.app.window(label)
  if (!window) throw new CausewayError('InvalidArgs', `no window labelled \`${label}\``)
  return window
}

function tell(window: AppWindow, request: WindowRequest): void {
  window.post('window', request)
}

/**
 * Creates the window plugin; `createApp` adds it to every app.
 *
 * @example
 * // page: await invoke('plugin:window|set_title', { label: 'main', value: 'Notes' })
 */
export function windowPlugin(): Plugin {
  return definePlugin({
    name: 'window',
    permissionPrefix: 'core:window',
    permissions: windowPermissions,
    pageScript: bundledPageScript(new URL('./page.ts', import.meta.url)),
    commands: {
      get_all_windows: (_: unknown, ctx) => ctx.app.windows().map((w) => w.label),
      title: (args: { label: string }, ctx) => windowOf(args, ctx).title,
      set_title(args: { label: string; value: unknown }, ctx) {
        const window = windowOf(args, ctx)
        if (typeof args.value !== 'string') throw new CausewayError('InvalidArgs', 'set_title needs a string `value`')
        window.setTitle(args.value)
        tell(window, { title: args.value })
      },
      async create(args: { options?: { label?: unknown; url?: unknown; title?: unknown } }, ctx) {
        const options = args?.options ?? {}
        if (typeof options.label !== 'string') throw new CausewayError('InvalidArgs', 'create needs options.label')
        const url = typeof options.url === 'string' ? options.url : '/'
        await ctx.app.createWindow({ label: options.label, url, ...(typeof options.title === 'string' && { title: options.title }) })
      },
      async close(args: { label: string }, ctx) {
        const window = windowOf(args, ctx)
        // The browser that opened a window closes it; a window opened by hand is asked to close itself.
        const opened = ctx.app.browser?.window(window.label)
        if (opened) await opened.close()
        else tell(window, { close: true })
      },
    },
  })
}
