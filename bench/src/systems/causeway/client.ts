/** Causeway page client: `invoke`, `listen` and `Channel` from `causewayjs/api`. Page only. */
import * as causewayApi from 'causewayjs/api'
import { asBytes, type BenchClient, type Connect, PendingError } from '../../shared/client.ts'
import { EVENT } from '../../shared/fixtures.ts'
import type { CausewayPageModule } from './expected-api.ts'

const api = causewayApi as unknown as Partial<CausewayPageModule>

export const connect: Connect = async () => {
  const { invoke, listen, Channel } = api
  if (typeof invoke !== 'function') throw new PendingError('causeway/api does not export invoke yet')
  const client: BenchClient = {
    greet: (name) => invoke('greet', { name }) as Promise<string>,
    json: () => invoke('json1mb'),
    blob: async (size) => asBytes(await invoke('blob', { size })),
    echo: async (bytes) => asBytes(await invoke('echo', bytes)),
    async listen(onEvent) {
      if (typeof listen !== 'function') throw new PendingError('causeway/api does not export listen yet')
      return listen(EVENT, (event) => onEvent(event.payload as number))
    },
    async stream(count, onMessage) {
      if (typeof Channel !== 'function') throw new PendingError('causeway/api does not export Channel yet')
      const channel = new Channel()
      channel.onmessage = onMessage
      await invoke('stream', { count, onMessage: channel })
    },
    close() {},
  }
  // Connecting happens inside the library; the first round trip proves it works.
  await client.greet('connect')
  return client
}
