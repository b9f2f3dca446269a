/**
 * Bytes inside JSON as base64, for the peers whose WebSocket transport is JSON-only (birpc with a
 * JSON serializer, tRPC's wsLink). This is what users of those libraries do; the cost is theirs.
 * Only top-level values are boxed so the 1 MB JSON workload pays no per-key replacer.
 */

interface BytesBox {
  $bytes: string
}

interface Base64Native {
  toBase64?: () => string
}

interface Base64NativeCtor {
  fromBase64?: (text: string) => Uint8Array
}

interface BufferLike {
  from(buffer: ArrayBufferLike, byteOffset: number, length: number): { toString(encoding: 'base64'): string }
  from(text: string, encoding: 'base64'): Uint8Array
}

const NodeBuffer = (globalThis as { Buffer?: BufferLike }).Buffer

export function bytesToBase64(bytes: Uint8Array): string {
  if (NodeBuffer) {
    return NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')
  }
  const native = (bytes as Base64Native).toBase64
  if (native) return native.call(bytes)
  let text = ''
  for (let i = 0; i < bytes.length; i += 0x8000) {
    text += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  }
  return btoa(text)
}

export function base64ToBytes(text: string): Uint8Array {
  if (NodeBuffer) return NodeBuffer.from(text, 'base64')
  const native = (Uint8Array as Base64NativeCtor).fromBase64
  if (native) return native(text)
  const binary = atob(text)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

function isBox(value: unknown): value is BytesBox {
  return typeof value === 'object' && value !== null && typeof (value as BytesBox).$bytes === 'string'
}

/** `Uint8Array` to `{ $bytes }`; anything else unchanged. */
export function boxBytes(value: unknown): unknown {
  return value instanceof Uint8Array ? { $bytes: bytesToBase64(value) } : value
}

/** `{ $bytes }` back to `Uint8Array`; anything else unchanged. */
export function unboxBytes(value: unknown): unknown {
  return isBox(value) ? base64ToBytes(value.$bytes) : value
}
