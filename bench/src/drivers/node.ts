/** Node client kind: each session is one client connection in the harness process, using `ws`. */
import { WebSocket } from 'ws'
import type { WebSocketCtor } from '../shared/client.ts'
import { WorkloadRunner, withTimeout } from '../shared/workloads.ts'
import type { SystemDef } from '../systems/index.ts'
import type { ClientKind, Session } from './session.ts'

export class NodeKind implements ClientKind {
  readonly id = 'node'
  readonly title = `Node ${process.version} client (ws)`

  async open(system: SystemDef, launchUrl: string): Promise<Session> {
    const connect = await system.nodeClient()
    const client = await withTimeout(
      connect(launchUrl, { WebSocket: WebSocket as unknown as WebSocketCtor }),
      30_000,
      () => `${system.id} client did not connect`,
    )
    const runner = new WorkloadRunner(client)
    return {
      run: (name, params, timeoutMs) => withTimeout(runner.run(name, params), timeoutMs, () => `client did not finish ${name}`),
      close: async () => client.close(),
    }
  }

  async stop(): Promise<void> {}
}
