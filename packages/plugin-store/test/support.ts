/**
 * Test support: an app with the store plugin whose `$APPDATA` is a fresh temp directory, and
 * in-process connections to it as any of its windows (real handlers and capabilities).
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestContext } from 'node:test'
import { type CapabilityInput, createApp } from 'causewayjs'
import type { Connection } from 'causewayjs/api'
import { connectInMemory } from 'causewayjs/testing'
import { storePlugin } from '../src/index.ts'

export async function tempDir(t: TestContext, prefix = 'causeway-store-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix))
  t.after(() => rm(dir, { recursive: true, force: true }))
  return dir
}

export const everything: CapabilityInput[] = [
  { identifier: 'store', windows: ['main', 'second'], permissions: ['core:default', 'store:default'] },
]

/**
 * An app whose `$APPDATA` is a temp directory; `connect(label)` opens a connection as that window.
 *
 * @example
 * const { connect, dataDir } = await storeApp(t)
 */
export async function storeApp(t: TestContext, capabilities: CapabilityInput[] = everything) {
  const home = await tempDir(t)
  // Each test file runs in its own process, so the variable is this file's alone.
  process.env['XDG_DATA_HOME'] = join(home, 'data')
  process.env['XDG_CONFIG_HOME'] = join(home, 'config')
  const app = createApp({
    commands: {},
    plugins: [storePlugin()],
    capabilities,
    identifier: 'dev.causeway.store-test',
    windows: [{ label: 'main' }, { label: 'second' }],
    exitOnLastWindowClose: false,
    windowCloseGraceMs: 50,
    logger: { info: () => {}, warn: () => {}, error: () => {} },
  })
  t.after(() => app.close())
  const connections: Connection[] = []
  t.after(() => {
    for (const connection of connections) connection.close()
  })
  return {
    app,
    dataDir: app.paths.appData,
    async connect(window = 'main'): Promise<Connection> {
      const connection = await connectInMemory(app, { window })
      connections.push(connection)
      return connection
    },
  }
}

export async function rejection(call: Promise<unknown>): Promise<string> {
  try {
    await call
    return 'resolved'
  } catch (error) {
    return error instanceof Error ? error.message : String(error)
  }
}
