/** Causeway's Node client adapter: `causewayjs/node-client`, the page's Connection over `ws`. */
import { Channel } from 'causewayjs/api'
import { connect as connectNode } from 'causewayjs/node-client'
import { asBytes, type BenchClient, type Connect } from '../../shared/client.ts'
import { EVENT } from '../../shared/fixtures.ts'

export const connect: Connect = async (launchUrl) => {
  const connection = await connectNode(launchUrl)
  const client: BenchClient = {
    greet: (name) => connection.invoke<string>('greet', { name }),
    json: () => connection.invoke('json1mb'),
    blob: async (size) => asBytes(await connection.invoke('blob', { size })),
    echo: async (bytes) => asBytes(await connection.invoke('echo', bytes)),
    listen: (onEvent) => connection.listen<number>(EVENT, (event) => onEvent(event.payload)),
    async stream(count, onMessage) {
      const channel = new Channel<number>(onMessage)
      await connection.invoke('stream', { count, onMessage: channel })
      await channel.done
    },
    close: () => connection.close(),
  }
  return client
}
