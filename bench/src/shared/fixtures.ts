/**
 * The data every system returns, shared by backends and clients so each side can check the other.
 * Bytes follow a fixed pattern (not zeros) so a checksum catches reordered or dropped chunks.
 */

/** The event name every system broadcasts in the events workloads. */
export const EVENT = 'tick'

export function greeting(name: string): string {
  return `Hello, ${name}!`
}

const patterns = new Map<number, Uint8Array>()

/** `size` bytes of a deterministic pattern; cached, so callers must not mutate the result. */
export function patternBytes(size: number): Uint8Array {
  let bytes = patterns.get(size)
  if (bytes === undefined) {
    bytes = new Uint8Array(size)
    for (let i = 0; i < size; i++) bytes[i] = (i * 31 + (i >>> 11)) & 0xff
    patterns.set(size, bytes)
  }
  return bytes
}

/** FNV-1a over the bytes: cheap, order-sensitive, and identical in Node and the page. */
export function checksum(bytes: Uint8Array): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < bytes.length; i++) {
    hash ^= bytes[i]!
    hash = Math.imul(hash, 0x01000193)
  }
  return hash >>> 0
}

export interface JsonRecord {
  id: number
  name: string
  active: boolean
  score: number
  tags: string[]
  position: { x: number; y: number }
}

export interface JsonFixture {
  items: JsonRecord[]
}

function record(id: number): JsonRecord {
  return {
    id,
    name: `item-${id}`,
    active: id % 3 === 0,
    score: id * 0.25,
    tags: ['alpha', 'beta', id % 2 === 0 ? 'even' : 'odd'],
    position: { x: id % 1024, y: Math.floor(id / 1024) },
  }
}

/** How many records make a JSON text of about `bytes` bytes. */
export function jsonRecordCount(bytes: number): number {
  const perRecord = JSON.stringify(record(50_000)).length + 1
  return Math.max(1, Math.round(bytes / perRecord))
}

/** An object whose JSON text is about `bytes` long. */
export function makeJsonFixture(bytes: number): JsonFixture {
  const count = jsonRecordCount(bytes)
  const items: JsonRecord[] = []
  for (let i = 0; i < count; i++) items.push(record(i))
  return { items }
}

/** Throws unless `value` looks like `makeJsonFixture(bytes)` came through intact. */
export function checkJsonFixture(value: unknown, bytes: number): void {
  const expected = jsonRecordCount(bytes)
  const items = (value as Partial<JsonFixture> | null)?.items
  if (!Array.isArray(items) || items.length !== expected) {
    throw new Error(`json result has ${Array.isArray(items) ? items.length : 'no'} records, expected ${expected}`)
  }
  const last = items[expected - 1]
  if (JSON.stringify(last) !== JSON.stringify(record(expected - 1))) {
    throw new Error(`json result's last record differs: ${JSON.stringify(last)}`)
  }
}
