/**
 * The built-in `window` plugin: the window basics `@tauri-apps/api/window` calls
 * (`plugin:window|get_all_windows`, `title`, `set_title`, `create`, `close`), governed by the
 * `core:window:*` permissions. Title changes and closing are carried out by the page runtime of
 * the window concerned (src/api/window-requests.ts).
 */
import { CausewayError } from '../core/errors.ts'
import type { AppHandle } from './app-handle.ts'
import type { Plugin } from './context.ts'
import type { Runtime } from './runtime.ts'
import type { WindowRegistry } from './windows.ts'

/** The reserved event a window's page runtime acts on; sent only with no listener ids. */
export const WINDOW_EVENT = 'causeway:window'

/** What the page runtime is asked to do. */
export type WindowRequest = { title: string } | { close: true }

function labelOf(args: unknown): string {
  const label = (args as { label?: unknown } | undefined)?.label
  if (typeof label !== 'string') throw new CausewayError('InvalidArgs', 'window commands need the window `label`')
  return label
}

export function windowPlugin(runtime: Runtime, windows: WindowRegistry, app: () => AppHandle): Plugin {
  const tell = (label: string, request: WindowRequest): void => {
    for (const session of runtime.sessionsFor(label)) session.notify(WINDOW_EVENT, request)
  }
  const known = (label: string): string => {
    if (!windows.has(label)) throw new CausewayError('InvalidArgs', `no window labelled \`${label}\``)
    return label
  }
  return {
    name: 'window',
    commands: {
      get_all_windows: () => windows.list().map((w) => w.label),
      title: (args: { label: string }) => windows.title(known(labelOf(args))),
      set_title(args: { label: string; value: unknown }) {
        const label = known(labelOf(args))
        if (typeof args.value !== 'string') throw new CausewayError('InvalidArgs', 'set_title needs a string `value`')
        windows.setTitle(label, args.value)
        tell(label, { title: args.value })
      },
      async create(args: { options?: { label?: unknown; url?: unknown; title?: unknown } }) {
        const options = args?.options ?? {}
        if (typeof options.label !== 'string') throw new CausewayError('InvalidArgs', 'create needs options.label')
        const url = typeof options.url === 'string' ? options.url : '/'
        await app().createWindow({ label: options.label, url, ...(typeof options.title === 'string' && { title: options.title }) })
      },
      close(args: { label: string }) {
        tell(known(labelOf(args)), { close: true })
      },
    },
  }
}
