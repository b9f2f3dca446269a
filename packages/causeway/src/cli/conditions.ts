/**
 * The custom export conditions Node runs with (`--conditions=source`, from the command line or
 * NODE_OPTIONS). The frontend's Vite and the backend's bundle resolve packages with them too, so
 * a workspace that links packages by their sources resolves them alike on both sides.
 */

/**
 * The conditions named by `--conditions` / `-C` in `execArgv` and `NODE_OPTIONS`.
 *
 * @example
 * nodeConditions(['--conditions=source'], '') // ['source']
 */
export function nodeConditions(execArgv: readonly string[] = process.execArgv, nodeOptions = process.env['NODE_OPTIONS'] ?? ''): string[] {
  const args = [...execArgv, ...nodeOptions.split(/\s+/).filter(Boolean)]
  const found: string[] = []
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string
    const inline = /^(?:--conditions|-C)=(.+)$/.exec(arg)
    if (inline) found.push(inline[1] as string)
    else if ((arg === '--conditions' || arg === '-C') && args[i + 1]) found.push(args[++i] as string)
  }
  return [...new Set(found)]
}

/** The same conditions as Node flags, for a child process. */
export function conditionFlags(conditions: readonly string[]): string[] {
  return conditions.map((condition) => `--conditions=${condition}`)
}
