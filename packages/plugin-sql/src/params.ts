/**
 * Statement parameters as sqlx binds them on SQLite: `$1`/`?1` take the value at that position,
 * `?` takes the next one, `:name`/`@name`/`$name` take the next one at their first appearance.
 * better-sqlite3 binds by kind (an argument list for `?`, an object for names), so the statement
 * is scanned once for its parameters (skipping literals and comments) to build those arguments.
 */

/** One parameter in a statement, in order of appearance. */
type Parameter = { kind: 'anonymous' } | { kind: 'named'; key: string; numbered: boolean }

const IDENT = /[A-Za-z0-9_]/

/** Skips from `i` (an opening quote) past its closing quote; doubled quotes stay inside. */
function skipQuoted(sql: string, i: number, close: string): number {
  let j = i + 1
  while (j < sql.length) {
    if (sql[j] === close) {
      if (close !== ']' && sql[j + 1] === close) j += 2
      else return j + 1
    } else j++
  }
  return j
}

/**
 * The parameters of `sql`, in order, ignoring anything inside literals, quoted names and comments.
 *
 * @example
 * scanParameters("SELECT * FROM t WHERE a = $1 AND b = '$2' AND c = :c") // [{ named 1 }, { named c }]
 */
export function scanParameters(sql: string): Parameter[] {
  const found: Parameter[] = []
  let i = 0
  while (i < sql.length) {
    const c = sql[i] as string
    if (c === "'" || c === '"' || c === '`') i = skipQuoted(sql, i, c)
    else if (c === '[') i = skipQuoted(sql, i, ']')
    else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i)
      i = end === -1 ? sql.length : end + 1
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2)
      i = end === -1 ? sql.length : end + 2
    } else if (c === '?') {
      let j = i + 1
      while (j < sql.length && /[0-9]/.test(sql[j] as string)) j++
      found.push(j > i + 1 ? { kind: 'named', key: sql.slice(i + 1, j), numbered: true } : { kind: 'anonymous' })
      i = j
    } else if ((c === '$' || c === ':' || c === '@') && IDENT.test(sql[i + 1] ?? '')) {
      let j = i + 1
      while (j < sql.length && IDENT.test(sql[j] as string)) j++
      const key = sql.slice(i + 1, j)
      found.push({ kind: 'named', key, numbered: /^[0-9]+$/.test(key) })
      i = j
    } else i++
  }
  return found
}

/** What better-sqlite3's `run`/`all` take: the anonymous values, then an object of the named ones. */
export type BindArguments = unknown[]

/**
 * The arguments binding `values` to the parameters of a statement. Throws a RangeError naming the
 * parameter when a value is missing.
 *
 * @example
 * bindArguments(scanParameters('INSERT INTO t VALUES ($1, $2)'), ['a', 1]) // [{ 1: 'a', 2: 1 }]
 */
export function bindArguments(parameters: readonly Parameter[], values: readonly unknown[]): BindArguments {
  const anonymous: unknown[] = []
  const named: Record<string, unknown> = {}
  let next = 0
  let hasNamed = false
  const take = (index: number, shown: string): unknown => {
    if (index >= values.length) {
      throw new RangeError(`no value for parameter ${shown}: the statement has more parameters than the ${values.length} values given`)
    }
    return values[index]
  }
  for (const parameter of parameters) {
    if (parameter.kind === 'anonymous') {
      anonymous.push(take(next, `#${next + 1} (?)`))
      next++
      continue
    }
    hasNamed = true
    if (parameter.key in named) continue
    if (parameter.numbered) named[parameter.key] = take(Number(parameter.key) - 1, `$${parameter.key}`)
    else {
      named[parameter.key] = take(next, `${parameter.key}`)
      next++
    }
  }
  return hasNamed ? [...anonymous, named] : anonymous
}

/** A value as SQLite stores it: the JSON a page sends, mapped as Tauri's plugin maps it. */
export type SqlValue = number | string | Uint8Array | null

/**
 * One value from the page as SQLite takes it: numbers (bound as REAL, as Tauri binds them),
 * text and null as they are, booleans as 1/0, bytes as a BLOB, arrays and objects as JSON text.
 *
 * @example
 * toSqlValue(true) // 1
 * toSqlValue({ a: 1 }) // '{"a":1}'
 */
export function toSqlValue(value: unknown): SqlValue {
  if (value === null || value === undefined) return null
  if (typeof value === 'number' || typeof value === 'string') return value
  if (typeof value === 'boolean') return value ? 1 : 0
  if (value instanceof Uint8Array) return value
  if (value instanceof ArrayBuffer) return new Uint8Array(value)
  return JSON.stringify(value)
}
