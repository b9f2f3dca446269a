/**
 * The birpc function sets of both sides, and its serializer: JSON text frames, with top-level
 * `Uint8Array` arguments and results as base64 (birpc leaves serialization to the user).
 */
import { boxBytes, unboxBytes } from '../../shared/bytes-json.ts'

export interface ServerFunctions {
  greet(name: string): string
  json(): unknown
  blob(size: number): Uint8Array
  echo(bytes: Uint8Array): Uint8Array
  listen(): void
  unlisten(): void
  stream(id: number, count: number): void
}

export interface ClientFunctions {
  tick(payload: number): void
  chunk(id: number, value: number): void
}

/** birpc's message fields that can carry user values: `a` (arguments) and `r` (result). */
interface BirpcMessage {
  a?: unknown[]
  r?: unknown
}

export function serialize(message: BirpcMessage): string {
  if (message.a?.some((arg) => arg instanceof Uint8Array)) {
    message = { ...message, a: message.a.map(boxBytes) }
  } else if (message.r instanceof Uint8Array) {
    message = { ...message, r: boxBytes(message.r) }
  }
  return JSON.stringify(message)
}

export function deserialize(text: unknown): BirpcMessage {
  const message = JSON.parse(String(text)) as BirpcMessage
  if (message.a) message.a = message.a.map(unboxBytes)
  if (message.r !== undefined) message.r = unboxBytes(message.r)
  return message
}
