/** tRPC v11 client over `wsLink`; subscriptions carry the events and the channel. */
import { createTRPCClient, createWSClient, wsLink } from '@trpc/client'
import { type BenchClient, type Connect, websocketUrl } from '../../shared/client.ts'
import type { BenchRouter } from './server.ts'
import { bytesTransformer } from './transformer.ts'

export const connect: Connect = async (pageUrl, { WebSocket }) => {
  const wsClient = createWSClient({ url: websocketUrl(pageUrl, '/ws'), WebSocket, retryDelayMs: () => 60_000 })
  const trpc = createTRPCClient<BenchRouter>({ links: [wsLink({ client: wsClient, transformer: bytesTransformer })] })

  const client: BenchClient = {
    greet: (name) => trpc.greet.query({ name }),
    json: () => trpc.json.query(),
    blob: (size) => trpc.blob.query({ size }),
    echo: (bytes) => trpc.echo.mutate(bytes),
    listen(onEvent) {
      return new Promise((resolve, reject) => {
        const subscription = trpc.ticks.subscribe(undefined, {
          onStarted: () => resolve(() => subscription.unsubscribe()),
          onData: onEvent,
          onError: reject,
        })
      })
    },
    stream(count, onMessage) {
      return new Promise((resolve, reject) => {
        trpc.stream.subscribe({ count }, { onData: onMessage, onComplete: resolve, onError: reject })
      })
    },
    close: () => void wsClient.close(),
  }
  // The client connects lazily on first use; fail here, not in the first measured call.
  await client.greet('connect')
  return client
}
