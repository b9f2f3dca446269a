/** Causeway page client: `invoke`, `listen` and `Channel` from `causewayjs/api`. Page only. */
import { Channel, invoke, listen } from 'causewayjs/api'
import { asBytes, type BenchClient, type Connect } from '../../shared/client.ts'
import { EVENT } from '../../shared/fixtures.ts'

export const connect: Connect = async () => {
  const client: BenchClient = {
    greet: (name) => invoke<string>('greet', { name }),
    json: () => invoke('json1mb'),
    blob: async (size) => asBytes(await invoke('blob', { size })),
    echo: async (bytes) => asBytes(await invoke('echo', bytes)),
    listen: (onEvent) => listen<number>(EVENT, (event) => onEvent(event.payload)),
    async stream(count, onMessage) {
      const channel = new Channel<number>(onMessage)
      await invoke('stream', { count, onMessage: channel })
    },
    close() {},
  }
  // Connecting happens inside the library; the first round trip proves it works.
  await client.greet('connect')
  return client
}
