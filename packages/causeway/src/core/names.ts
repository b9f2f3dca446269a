/**
 * Name rules shared by both sides: valid event names, and "did you mean" suggestions.
 */
import { CausewayError } from './errors.ts'

const EVENT_NAME = /^[A-Za-z0-9\-/:_]+$/

/**
 * Throws `InvalidEventName` unless the name is non-empty and uses only letters, digits, `-`, `/`,
 * `:` and `_` (Tauri's rule).
 *
 * @example
 * assertEventName('job-progress') // ok
 * assertEventName('job progress') // throws
 */
export function assertEventName(name: unknown, maxLength = 256): asserts name is string {
  if (typeof name === 'string' && name.length > maxLength) {
    throw new CausewayError('LimitExceeded', `event name of ${name.length} characters is over the limit of ${maxLength}`)
  }
  if (typeof name !== 'string' || !EVENT_NAME.test(name)) {
    const shown = typeof name === 'string' ? JSON.stringify(name) : typeof name
    throw new CausewayError('InvalidEventName', `invalid event name ${shown}: event names may contain only letters, digits, -, /, : and _`)
  }
}

/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + cost)
    }
    previous = current
  }
  return previous[b.length] as number
}

/**
 * The candidate closest to `name`, or undefined when nothing is reasonably close.
 *
 * @example
 * closest('reed_file', ['greet', 'read_file']) // 'read_file'
 */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined
  let bestScore = Infinity
  for (const candidate of candidates) {
    const score = editDistance(name.toLowerCase(), candidate.toLowerCase())
    if (score < bestScore) {
      best = candidate
      bestScore = score
    }
  }
  return best !== undefined && bestScore <= Math.max(2, Math.floor(best.length / 2)) ? best : undefined
}

/**
 * Formats a property path as JavaScript would write it, after an optional root.
 *
 * @example
 * formatPath(['items', 3, 'owner'], 'result') // 'result.items[3].owner'
 * formatPath(['permissions', 2, 'allow', 0]) // 'permissions[2].allow[0]'
 */
export function formatPath(path: ReadonlyArray<PropertyKey>, root = ''): string {
  let out = root
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) out += out === '' ? key : `.${key}`
    else out += `[${JSON.stringify(String(key))}]`
  }
  return out
}
