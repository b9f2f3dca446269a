/**
 * The error thrown at startup when capability or permission files are wrong. It goes to the
 * developer's terminal, not over the wire, so it is a plain Error that lists every problem found
 * rather than only the first: fixing files one complaint at a time is slow.
 */
import { editDistance } from '../core/names.ts'

/** One thing wrong in one place of one file. */
export interface CapabilityProblem {
  /** File the problem is in (`capabilities/default.json`), or what declared it (`plugin "fs"`). */
  source: string
  /** Where inside it, in JavaScript accessor form (`permissions[2].allow[0]`); '' for the whole file. */
  at: string
  /** What is wrong, phrased as a fact. */
  problem: string
  /** Valid values close to the wrong one, best first. */
  suggestions?: string[]
}

/** Thrown by `createAccessPolicy` and the loaders; `problems` holds each finding separately. */
export class CapabilityError extends Error {
  override readonly name = 'CapabilityError'
  readonly problems: readonly CapabilityProblem[]

  constructor(problems: CapabilityProblem[]) {
    const lines = problems.map(formatProblem)
    const head = problems.length === 1 ? 'invalid capability configuration' : `${problems.length} problems in the capability configuration`
    super(`${head}:\n${lines.map((line) => `  - ${line}`).join('\n')}`)
    this.problems = problems
  }
}

/**
 * One problem as a single line: `capabilities/default.json: permissions[2]: unknown permission
 * "fs:allow-read-txt"; did you mean "fs:allow-read-text-file"?`
 *
 * @example
 * formatProblem({ source: 'a.json', at: 'windows[0]', problem: 'empty window glob' })
 * // 'a.json: windows[0]: empty window glob'
 */
export function formatProblem(p: CapabilityProblem): string {
  const place = p.at === '' ? p.source : `${p.source}: ${p.at}`
  const hint =
    p.suggestions && p.suggestions.length > 0 ? `; did you mean ${p.suggestions.map((s) => JSON.stringify(s)).join(' or ')}?` : ''
  return `${place}: ${p.problem}${hint}`
}

/**
 * Up to `limit` candidates close to `wrong`, best first. A candidate that ends with the wrong
 * text after a prefix (`allow-read-file` for `fs:allow-read-file`) counts as closest, because a
 * forgotten plugin prefix is the most common slip.
 *
 * @example
 * suggest('fs:allow-read-txt-file', ['fs:allow-read-text-file', 'fs:allow-stat'])
 * // ['fs:allow-read-text-file']
 */
export function suggest(wrong: string, candidates: Iterable<string>, limit = 3): string[] {
  const needle = wrong.toLowerCase()
  const scored: Array<{ candidate: string; score: number }> = []
  for (const candidate of candidates) {
    const lower = candidate.toLowerCase()
    const score = lower.endsWith(`:${needle}`) ? 0 : editDistance(needle, lower)
    if (score <= Math.max(2, Math.floor(candidate.length / 3))) scored.push({ candidate, score })
  }
  scored.sort((x, y) => x.score - y.score || x.candidate.localeCompare(y.candidate))
  // Far worse runners-up only add noise next to a near-exact match.
  const best = scored[0]?.score ?? 0
  return scored
    .filter((s) => s.score <= best + 1)
    .slice(0, limit)
    .map((s) => s.candidate)
}
