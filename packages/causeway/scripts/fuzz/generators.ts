/**
 * Frame generators for the fuzzer: each makes one frame a page could send, from valid messages
 * with random values to frames built to break the parser, the session or the plugins. All
 * randomness comes from the `Random` handed in, so a seed replays the same frames. Frames are
 * built as text where the attack needs it (a `__proto__` key, duplicate keys, a truncated value).
 */
import { binaryGenerators } from './generators/binary.ts'
import { hostileGenerators } from './generators/hostile.ts'
import { malformedGenerators } from './generators/malformed.ts'
import { messagesGenerators } from './generators/messages.ts'
import type { Random } from './random.ts'
import type { FrameGenerator } from './types.ts'

export type { FrameGenerator, FuzzFrame, FuzzState } from './types.ts'

/** Every generator, 40 in all. */
export const generators: readonly FrameGenerator[] = [
  ...messagesGenerators,
  ...malformedGenerators,
  ...hostileGenerators,
  ...binaryGenerators,
]

/**
 * Picks a generator by weight.
 *
 * @example
 * const generator = pickGenerator(random)
 * socket.send(generator.make(random, state))
 */
export function pickGenerator(r: Random, from: readonly FrameGenerator[] = generators): FrameGenerator {
  let total = 0
  for (const g of from) total += g.weight
  let roll = r.next() * total
  for (const g of from) {
    roll -= g.weight
    if (roll < 0) return g
  }
  return from[from.length - 1] as FrameGenerator
}
