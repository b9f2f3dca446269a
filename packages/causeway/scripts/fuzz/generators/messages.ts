/**
 * Well-formed messages of every kind with random values, batches, duplicate ids, and cancels
 * and acks for calls and channels that exist or never did.
 */
import { CHANNEL_PREFIX } from '../../../src/core/protocol.ts'
import { batchItem, invokeText, recentChannel, recentId, validInvoke } from '../frames.ts'
import type { FrameGenerator } from '../types.ts'
import { asciiString, ODD_COMMANDS, PLUGIN_COMMANDS } from '../values.ts'

export const messagesGenerators: readonly FrameGenerator[] = [
  { name: 'invoke-sync', weight: 3, make: (r, s) => validInvoke(r, s, r.pick(['add', 'echo'])) },
  { name: 'invoke-async', weight: 2, make: (r, s) => validInvoke(r, s, 'sleep') },
  { name: 'invoke-channel', weight: 1, make: (r, s) => validInvoke(r, s, 'stream') },
  { name: 'invoke-bytes', weight: 1, make: (r, s) => validInvoke(r, s, 'bytes') },
  { name: 'invoke-plugin', weight: 3, make: (r, s) => validInvoke(r, s, r.pick(PLUGIN_COMMANDS)) },
  { name: 'invoke-odd-command', weight: 1, make: (r, s) => validInvoke(r, s, r.chance(0.9) ? r.pick(ODD_COMMANDS) : asciiString(r, 400)) },
  { name: 'cancel-recent', weight: 1, make: (r, s) => `{"t":"cancel","id":${recentId(r, s)}}` },
  { name: 'ack-recent', weight: 1, make: (r, s) => `{"t":"ack","ch":${recentChannel(r, s)},"n":${r.size(1, 5000)}}` },
  {
    name: 'batch-valid',
    weight: 1,
    make: (r, s) => `[${Array.from({ length: r.int(2, 20) }, () => batchItem(r, s, true)).join(',')}]`,
  },
  {
    name: 'batch-mixed',
    weight: 2,
    make: (r, s) => `[${Array.from({ length: r.int(1, 40) }, () => batchItem(r, s, false)).join(',')}]`,
  },
  {
    name: 'duplicate-ids',
    weight: 1,
    make: (r, s) => {
      const id = r.chance(0.5) ? s.nextId() : recentId(r, s)
      const slow = invokeText(id, 'sleep', `{"ms":${r.int(0, 30)}}`)
      return r.pick([
        `[${slow},${invokeText(id, 'add', '{"a":1,"b":2}')}]`,
        `[${slow},${slow},{"t":"cancel","id":${id}},${slow}]`,
        invokeText(id, 'echo', '1'),
        `[${invokeText(id, 'stream', `{"n":5,"onItem":"${CHANNEL_PREFIX}${id}"}`)},${invokeText(id, 'stream', `{"n":5,"onItem":"${CHANNEL_PREFIX}${id}"}`)}]`,
        `[{"t":"cancel","id":${id}},${slow}]`,
      ])
    },
  },
  {
    name: 'cancel-unknown',
    weight: 1,
    make: (r, s) => `{"t":"cancel","id":${r.pick([0, 2 ** 53 - 1, s.nextId() + 1_000_000, r.int(0, 1e9)])}}`,
  },
  {
    name: 'ack-unknown',
    weight: 1,
    make: (r) => `{"t":"ack","ch":${r.pick([0, 2 ** 53 - 1, r.int(0, 1e9)])},"n":${r.pick([1, 2 ** 53 - 1, r.int(1, 1e6)])}}`,
  },
  {
    name: 'many-messages',
    weight: 0.3,
    make: (r, s) => {
      const n = r.pick([999, 1000, 1001, r.int(100, 3000)])
      const items = Array.from({ length: n }, () =>
        r.chance(0.5) ? `{"t":"cancel","id":${r.int(0, 100)}}` : invokeText(s.nextId(), 'add', '{"a":1,"b":2}'),
      )
      return `[${items.join(',')}]`
    },
  },
]
