/**
 * Causeway backend: the same commands as the peers, registered through `createApp`. Events use
 * `app.emit`; the channel workload passes a `Channel` argument to the `stream` command.
 */

import { type Channel, type CommandContext, createApp } from 'causewayjs'
import type { BackendHandle, BackendOptions } from '../../backend/handle.ts'
import { EVENT, greeting, makeJsonFixture, patternBytes } from '../../shared/fixtures.ts'

const COMMANDS = ['greet', 'blob', 'echo', 'json1mb', 'start_events', 'stream'] as const

export async function start(options: BackendOptions): Promise<BackendHandle> {
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
      stream: async ({ count, onMessage }: { count: number; onMessage: Channel<number> }) => {
        for (let i = 0; i < count; i++) await onMessage.send(i)
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
