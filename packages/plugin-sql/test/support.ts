/**
 * Test support: an app with the sql plugin whose config directory is a fresh temp directory,
 * and in-process connections to it as any of its windows (real handlers and capabilities).
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestContext } from 'node:test'
import { type CapabilityInput, createApp } from 'causewayjs'
import type { Connection } from 'causewayjs/api'
import { connectInMemory } from 'causewayjs/testing'
import { type SqlPluginOptions, sqlPlugin } from '../src/index.ts'

/** A directory removed after the test. */
export async function tempDir(t: TestContext, prefix = 'causeway-sql-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix))
  t.after(() => rm(dir, { recursive: true, force: true }))
  return dir
}

/** Reads and writes allowed to `main` and `second`. */
export const readWrite: CapabilityInput[] = [
  { identifier: 'sql', windows: ['main', 'second'], permissions: ['core:default', 'sql:default', 'sql:allow-execute', 'sql:allow-batch'] },
]

export interface SqlAppOptions extends SqlPluginOptions {
  capabilities?: CapabilityInput[]
}

/**
 * Builds an app whose `$APPCONFIG` is a temp directory; `connect(label)` opens a connection as
 * that window. Everything closes after the test.
 *
 * @example
 * const { connect, configDir } = await sqlApp(t)
 * const main = await connect('main')
 */
export async function sqlApp(t: TestContext, options: SqlAppOptions = {}) {
  const home = await tempDir(t)
  const { capabilities = readWrite, ...plugin } = options
  // Each test file runs in its own process, so the variable is this file's alone.
  process.env['XDG_CONFIG_HOME'] = join(home, 'config')
  process.env['XDG_DATA_HOME'] = join(home, 'data')
  const app = createApp({
    commands: {},
    plugins: [sqlPlugin(plugin)],
    capabilities,
    identifier: 'dev.causeway.sql-test',
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
    configDir: app.paths.appConfig,
    async connect(window = 'main'): Promise<Connection> {
      const connection = await connectInMemory(app, { window })
      connections.push(connection)
      return connection
    },
  }
}

/** What a call rejected with: its message, or 'resolved' when it did not reject. */
export async function rejection(call: Promise<unknown>): Promise<string> {
  try {
    await call
    return 'resolved'
  } catch (error) {
    return error instanceof Error ? error.message : String(error)
  }
}
