/**
 * The clean check of the fuzz run: a fresh connection, made as a page makes it, gets correct
 * answers. When the server refuses the connection, the report says why.
 */
import { type Connection, connect, nodeTransport } from '../../src/node-client/index.ts'
import { CHECK_WINDOW, type Target } from './target.ts'

/** How long a clean check may take before it counts as failed. */
export const CHECK_TIMEOUT_MS = 30_000

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms)))
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

/** Why the server refuses an upgrade: the body of its HTTP answer, for the report. */
function refusal(launchUrl: string): Promise<string> {
  const { socket } = nodeTransport(launchUrl)
  return new Promise((resolve) => {
    socket.on('unexpected-response', (request, response) => {
      let body = ''
      response.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')))
      response.on('end', () => {
        request.destroy()
        resolve(`HTTP ${response.statusCode}: ${body}`)
      })
    })
    socket.on('open', () => {
      socket.close()
      resolve('a second attempt was admitted')
    })
    socket.on('error', (error) => resolve(error.message))
  })
}

/**
 * A fresh connection, as a page makes it, gets correct answers. It stays open until the next
 * check closes it just before connecting, so the check window's close grace period never runs
 * out between minting a launch URL and using it: a launch token minted during that period is
 * revoked when it ends (a bug of its own), which would fail checks for a reason other than the fuzzing.
 */
export async function cleanCheck(target: Target, n: number, previous: Connection | undefined): Promise<Connection> {
  previous?.close()
  const client = await connect(target.launchUrl(CHECK_WINDOW)).catch(async (error: Error) => {
    throw new Error(`${error.message} (${await refusal(target.launchUrl(CHECK_WINDOW))})`)
  })
  try {
    const sum = await client.invoke<number>('add', { a: n, b: 1 })
    if (sum !== n + 1) throw new Error(`add answered ${JSON.stringify(sum)}, not ${n + 1}`)
    const bytes = await client.invoke<Uint8Array>('bytes', { n: 3 })
    if (!(bytes instanceof Uint8Array) || bytes.join() !== '7,7,7') throw new Error(`bytes answered ${String(bytes)}`)
    const echoed = await client.invoke('echo', CHECK_VALUE)
    if (JSON.stringify(echoed) !== JSON.stringify(CHECK_VALUE)) throw new Error('echo changed its arguments')
  } catch (error) {
    client.close()
    throw error
  }
  return client
}

const CHECK_VALUE = { text: 'é\u0000\uD83D\uDE00', list: [1, null, true] }
