/**
 * Causeway backend: the same commands as the peers, registered through `createApp`. Events use
 * `app.emit`; the channel workload passes a `Channel` argument to the `stream` command.
 */

import type { BackendHandle, BackendOptions } from '../../backend/handle.ts'
import { PendingError } from '../../shared/client.ts'
import { EVENT, greeting, makeJsonFixture, patternBytes } from '../../shared/fixtures.ts'
import type { CausewayBackendModule, ChannelSink, CommandContext } from './expected-api.ts'

const COMMANDS = ['greet', 'blob', 'echo', 'json1mb', 'start_events', 'stream'] as const

async function loadCauseway(): Promise<CausewayBackendModule> {
  // A variable specifier keeps tsc from binding this file to whatever the library exports today.
  const specifier = 'causewayjs'
  let module: Partial<CausewayBackendModule>
  try {
    module = (await import(specifier)) as Partial<CausewayBackendModule>
  } catch (error) {
    throw new PendingError(`\`import('causewayjs')\` failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`)
  }
  if (typeof module.createApp !== 'function') throw new PendingError('causeway does not export createApp yet')
  return module as CausewayBackendModule
}

export async function start(options: BackendOptions): Promise<BackendHandle> {
  const { createApp } = await loadCauseway()
  const json = makeJsonFixture(options.jsonBytes)
  const app = createApp({
    commands: {
      greet: ({ name }: { name: string }) => greeting(name),
      blob: ({ size }: { size: number }) => patternBytes(size),
      echo: (bytes: Uint8Array) => bytes,
      json1mb: () => json,
      start_events: ({ count }: { count: number }, ctx: CommandContext) => {
        for (let i = 0; i < count; i++) ctx.app.emit(EVENT, i)
      },
      stream: async ({ count, onMessage }: { count: number; onMessage: ChannelSink<number> }) => {
        for (let i = 0; i < count; i++) {
          const sent = onMessage.send(i)
          if (sent) await sent
        }
        onMessage.close()
      },
    },
    frontendDist: options.pageDir,
    capabilities: [
      {
        identifier: 'bench',
        windows: ['*'],
        permissions: ['core:default', ...COMMANDS.map((command) => `allow-${command}`)],
      },
    ],
    dev: false,
  })
  if (typeof app.run !== 'function') throw new PendingError('createApp() result has no run() yet')
  const server = await app.run({ port: 0, open: false, quiet: true })
  let mainHandedOut = false
  let windows = 0
  return {
    url: server.url,
    async launchUrls(count) {
      const urls: string[] = []
      for (let i = 0; i < count; i++) {
        if (!mainHandedOut) {
          mainHandedOut = true
          urls.push(server.launchUrl)
          continue
        }
        if (typeof app.createWindow !== 'function') throw new PendingError('app.createWindow() does not exist yet')
        urls.push((await app.createWindow({ label: `w${++windows}` })).launchUrl)
      }
      return urls
    },
    emit(count) {
      for (let i = 0; i < count; i++) app.emit(EVENT, i)
    },
    close: () => server.close(),
  }
}
