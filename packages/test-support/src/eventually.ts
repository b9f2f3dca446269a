/**
 * Test support shared by every workspace: tests await a condition, never a fixed sleep.
 *
 * It lives in a private workspace package (`causeway-test-support`, never published) so that
 * `causewayjs` and `examples/hello` import it by name instead of by a relative path that climbs
 * out of their own folders.
 */
import { inspect } from 'node:util'

/** How long `eventually` waits by default: generous, since only a failing test waits that long. */
export const EVENTUALLY_TIMEOUT_MS = 10_000

const POLL_MS = 10

type Falsy = false | 0 | 0n | '' | null | undefined

/** What `eventually` resolves to: the condition's value, never a falsy one. */
export type Truthy<T> = Exclude<Awaited<T>, Falsy>

type Check = { value: unknown } | { error: unknown } | { unsettled: true }

/**
 * Polls `condition` (sync or async) until it returns a truthy value, and returns that value. A
 * condition that throws counts as "not yet". Once `timeoutMs` has passed it throws an error that
 * says what it was waiting for (`description`, by default the condition's source) and what the
 * last check returned or threw. The description may come second when the default timeout suits.
 *
 * @example
 * await eventually(() => received.length === 2)
 * await eventually(() => app.listenerCount() === 0, 'the listeners to be dropped')
 * const reply = await eventually(() => frames.find((f) => f.t === 'ok'), 30_000, 'the reply')
 */
export function eventually<T>(condition: () => T | PromiseLike<T>, description: string): Promise<Truthy<T>>
export function eventually<T>(condition: () => T | PromiseLike<T>, timeoutMs?: number, description?: string): Promise<Truthy<T>>
export async function eventually<T>(
  condition: () => T | PromiseLike<T>,
  timeoutOrDescription: number | string = EVENTUALLY_TIMEOUT_MS,
  description: string = typeof timeoutOrDescription === 'string' ? timeoutOrDescription : describe(condition),
): Promise<Truthy<T>> {
  const timeoutMs = typeof timeoutOrDescription === 'number' ? timeoutOrDescription : EVENTUALLY_TIMEOUT_MS
  let timer: ReturnType<typeof setTimeout> | undefined
  // Raced against every check, so a check that never settles (a hung page.evaluate) cannot hang the test.
  const expired = new Promise<'expired'>((resolve) => (timer = setTimeout(() => resolve('expired'), timeoutMs)))
  let last: Check = { unsettled: true }
  try {
    for (;;) {
      const outcome = await Promise.race([check(condition), expired])
      if (outcome === 'expired') break
      if ('value' in outcome && outcome.value) return outcome.value as Truthy<T>
      last = outcome
      if ((await Promise.race([pause(POLL_MS), expired])) === 'expired') break
    }
  } finally {
    clearTimeout(timer)
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}; ${lastCheck(last)}`, {
    ...('error' in last && { cause: last.error }),
  })
}

async function check<T>(condition: () => T | PromiseLike<T>): Promise<{ value: Awaited<T> } | { error: unknown }> {
  try {
    return { value: await condition() }
  } catch (error) {
    return { error }
  }
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

function describe(condition: () => unknown): string {
  const source = String(condition).replace(/\s+/g, ' ')
  return source.length > 200 ? `${source.slice(0, 200)}…` : source
}

function lastCheck(last: Check): string {
  if ('unsettled' in last) return 'the check had not settled'
  if ('error' in last) return `the last check threw ${last.error instanceof Error ? last.error.message : inspect(last.error)}`
  return `the last check returned ${inspect(last.value, { depth: 2, breakLength: Infinity })}`
}
