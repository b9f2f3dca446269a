/**
 * Test support: frames built by hand, for tests that must send what `encodeMessage` never would,
 * and deeply nested input built without recursion.
 */
import assert from 'node:assert/strict'
import { CausewayError } from '../../src/core/errors.ts'
import type { InvalidMessage, ParsedFrame } from '../../src/core/parse.ts'
import type { Message } from '../../src/core/protocol.ts'
import { concatFrame, type Frame } from '../../src/core/wire.ts'

/** A binary frame: length prefix, the header (an object, or raw text for malformed ones), blobs. */
export function binaryFrame(header: object | string, ...blobs: Uint8Array[]): Uint8Array {
  const headerBytes = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header))
  const prefix = new Uint8Array(4)
  new DataView(prefix.buffer).setUint32(0, headerBytes.byteLength, true)
  return concatFrame([prefix, headerBytes, ...blobs])
}

/** A frame as a socket delivers it: text stays text, chunks become one buffer. */
export function received(frame: Frame): string | Uint8Array {
  return typeof frame === 'string' ? frame : concatFrame(frame)
}

/** JSON text of `depth` nested arrays: `[[[...]]]`. */
export function deepArrayText(depth: number): string {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`
}

/** JSON text of `depth` nested objects: `{"a":{"a":...1}}`. */
export function deepObjectText(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`
}

/** A value of `depth` nested arrays, built in a loop. */
export function deepValue(depth: number): unknown[] {
  let value: unknown[] = []
  for (let i = 1; i < depth; i++) value = [value]
  return value
}

/** The messages of a readable frame; fails the test with the error otherwise. */
export function messagesOf<M extends Message>(parsed: ParsedFrame<M>): Array<M | InvalidMessage> {
  if (parsed instanceof CausewayError) assert.fail(`the frame was refused as a whole: ${parsed.message}`)
  return parsed
}

/** The one message of a readable frame. */
export function onlyMessage<M extends Message>(parsed: ParsedFrame<M>): M | InvalidMessage {
  const messages = messagesOf(parsed)
  assert.equal(messages.length, 1)
  return messages[0] as M | InvalidMessage
}

/** The one message of a frame, which must have been refused: its `invalid` form. */
export function refused(parsed: ParsedFrame<Message>): InvalidMessage {
  const message = onlyMessage(parsed)
  assert.equal(message.t, 'invalid', `expected the message to be refused, got ${JSON.stringify(message)}`)
  return message as InvalidMessage
}

/** The error of a frame that must have been refused as a whole. */
export function frameError(parsed: ParsedFrame<Message>): CausewayError {
  assert.ok(parsed instanceof CausewayError, `expected a frame-level error, got ${JSON.stringify(parsed)}`)
  assert.equal(parsed.code, 'Protocol')
  return parsed
}
