/**
 * Frames built to exhaust or confuse the backend: deep nesting at random places, values at the
 * depth limit, oversize strings, `__CHANNEL__:` markers where no channel belongs, unicode edge
 * cases, prototype keys, odd event names and headers.
 */
import { CHANNEL_PREFIX, MAX_DEPTH } from '../../../src/core/protocol.ts'
import { binaryFrameOf, invokeText, validInvoke } from '../frames.ts'
import type { FrameGenerator } from '../types.ts'
import {
  APP_COMMANDS,
  asciiString,
  CHANNEL_TEXTS,
  deepDepth,
  deepText,
  EVENT_NAMES,
  randomString,
  randomValue,
  UNICODE_EDGES,
  unicodeString,
} from '../values.ts'

/** Where in a frame the deep-nesting generator puts its value. */
const DEEP_PLACES: Array<(deep: string, id: number) => string> = [
  (deep) => `{"t":${deep}}`,
  (deep) => `{"t":"invoke","id":${deep},"cmd":"add"}`,
  (deep, id) => `{"t":"invoke","id":${id},"cmd":${deep}}`,
  (deep, id) => invokeText(id, 'echo', deep),
  (deep, id) => invokeText(id, 'echo', `{"x":{"y":[1,2,${deep}]}}`),
  (deep, id) => invokeText(id, 'stream', `{"onItem":"${CHANNEL_PREFIX}${id}","n":1,"deep":${deep}}`),
  (deep, id) => invokeText(id, 'plugin:event|emit', `{"event":"tick","payload":${deep}}`),
  (deep, id) => invokeText(id, 'add', '{"a":1,"b":2}', `,"headers":${deep}`),
  (deep, id) => invokeText(id, 'add', '{"a":1,"b":2}', `,"headers":{"h":${deep}}`),
  (deep) => `{"t":"cancel","id":${deep}}`,
  (deep) => `{"t":"ack","ch":${deep},"n":1}`,
  (deep) => `{"t":"ack","ch":1,"n":${deep}}`,
  (deep, id) => `[{"t":"cancel","id":${id}},${deep}]`,
  (deep) => deep,
  (deep, id) => invokeText(id, 'echo', '1', `,"extra":${deep}`),
]

export const hostileGenerators: readonly FrameGenerator[] = [
  {
    name: 'deep-nesting',
    weight: 1,
    make: (r, s) => r.pick(DEEP_PLACES)(deepText(r, deepDepth(r), r.pick(['1', 'null', '"x"', '[]', '{}'])), s.nextId()),
  },
  {
    name: 'near-limit-depth',
    weight: 1,
    make: (r, s) => {
      const depth = r.pick([MAX_DEPTH - 1, MAX_DEPTH, MAX_DEPTH + 1, MAX_DEPTH + 2])
      const id = s.nextId()
      return r.pick([
        invokeText(id, 'echo', deepText(r, depth)),
        invokeText(id, 'plugin:event|emit', `{"event":"tick","payload":${deepText(r, depth)}}`),
        invokeText(id, 'stream', `{"n":1,"onItem":"${CHANNEL_PREFIX}${s.nextChannel()}","d":${deepText(r, depth)}}`),
        binaryFrameOf(`{"t":"invoke","id":${id},"cmd":"echo","args":${deepText(r, depth, 'null')},"$b":[]}`),
      ])
    },
  },
  {
    name: 'oversize-strings',
    weight: 0.3,
    make: (r, s) => {
      const big = 'x'.repeat(r.size(64 * 1024, s.bigBytes))
      const quoted = JSON.stringify(big)
      const id = s.nextId()
      return r.pick([
        invokeText(id, big, '1'),
        invokeText(id, 'echo', quoted),
        invokeText(id, 'add', '{"a":1,"b":2}', `,"headers":{"h":${quoted}}`),
        `{"t":${quoted}}`,
        invokeText(id, 'plugin:event|emit', `{"event":${quoted},"payload":1}`),
        invokeText(id, 'plugin:event|listen', `{"event":${quoted}}`),
        invokeText(id, 'plugin:event|emit', `{"event":"tick","payload":${quoted}}`),
        invokeText(id, 'plugin:window|title', `{"label":${quoted}}`),
      ])
    },
  },
  {
    name: 'channel-strings-odd',
    weight: 1,
    make: (r, s) => {
      const marker = JSON.stringify(r.chance(0.5) ? `${CHANNEL_PREFIX}${s.nextChannel()}` : r.pick(CHANNEL_TEXTS))
      const id = s.nextId()
      const many = `[${Array.from({ length: r.int(2, 400) }, () => JSON.stringify(`${CHANNEL_PREFIX}${s.nextChannel()}`)).join(',')}]`
      const same = `${CHANNEL_PREFIX}${s.nextChannel()}`
      return r.pick([
        invokeText(id, `${CHANNEL_PREFIX}1`, '{}'),
        `{"t":${marker},"id":${id},"cmd":"echo"}`,
        invokeText(marker, 'echo', '1'),
        invokeText(id, 'echo', '1', `,"headers":{"h":${marker}}`),
        invokeText(id, 'echo', marker),
        invokeText(id, r.pick(APP_COMMANDS), many),
        invokeText(id, 'stream', `{"n":3,"onItem":${JSON.stringify(same)},"again":${JSON.stringify(same)}}`),
        invokeText(id, 'plugin:event|emit', `{"event":${marker},"payload":${marker}}`),
        invokeText(id, 'plugin:event|listen', `{"event":"tick","handler":${marker}}`),
        invokeText(id, 'plugin:resources|close', `{"rid":${marker}}`),
        invokeText(id, 'add', `{${marker}:${marker}}`),
        invokeText(id, 'echo', deepText(r, r.int(1, MAX_DEPTH), marker)),
        `{"t":"ack","ch":${marker},"n":1}`,
      ])
    },
  },
  {
    name: 'unicode-edge',
    weight: 1,
    make: (r, s) => {
      const text = unicodeString(r)
      const quoted = JSON.stringify(text)
      const id = s.nextId()
      return r.pick([
        invokeText(id, 'echo', quoted),
        invokeText(id, text, '1'),
        invokeText(id, 'plugin:event|emit', `{"event":${quoted},"payload":${quoted}}`),
        invokeText(id, 'plugin:window|set_title', `{"label":"f1","value":${quoted}}`),
        invokeText(id, 'add', '{"a":1,"b":2}', `,"headers":{${quoted}:${quoted}}`),
        // Raw (unescaped) characters in the JSON text: lone surrogates become U+FFFD in UTF-8.
        `{"t":"invoke","id":${id},"cmd":"echo","args":"${[...text].filter((c) => c !== '"' && c !== '\\' && c >= ' ').join('')}"}`,
        `\uFEFF${invokeText(id, 'echo', '1')}`,
        `{"t":"invoke\u0000","id":${id},"cmd":"echo"}`,
      ])
    },
  },
  {
    name: 'prototype-keys',
    weight: 1,
    make: (r, s) => {
      const id = s.nextId()
      return r.pick([
        `{"__proto__":{"t":"invoke","id":${id},"cmd":"add"}}`,
        `{"__proto__":{"t":"invoke"},"id":${id},"cmd":"add"}`,
        invokeText(id, 'echo', '{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}'),
        invokeText(id, 'add', '{"__proto__":{"a":1,"b":2}}'),
        invokeText(id, 'plugin:event|emit', '{"__proto__":{"event":"tick"},"payload":1}'),
        invokeText(id, 'plugin:event|listen', '{"event":"tick","target":{"__proto__":{"kind":"Any"}}}'),
        invokeText(id, 'plugin:window|title', '{"__proto__":{"label":"f1"}}'),
        invokeText(id, 'add', '{"a":1,"b":2}', ',"headers":{"__proto__":"x","constructor":"y"}'),
        `[{"t":"ack","ch":1,"n":1,"__proto__":{"polluted":1}},{"constructor":{"prototype":{"polluted":1}},"t":"cancel","id":1}]`,
      ])
    },
  },
  {
    name: 'event-names-odd',
    weight: 1,
    make: (r, s) => {
      const event = r.chance(0.6) ? r.pick(EVENT_NAMES) : randomString(r, s)
      const cmd = r.pick(['plugin:event|listen', 'plugin:event|emit', 'plugin:event|emit_to', 'plugin:event|unlisten'])
      return validInvoke(r, s, cmd, {
        event,
        payload: randomValue(r, s),
        target: r.chance(0.5) ? randomValue(r, s, 1) : 'f1',
        eventId: randomValue(r, s, 1),
      })
    },
  },
  {
    name: 'headers-odd',
    weight: 0.5,
    make: (r, s) => {
      const count = r.pick([0, 1, 100, 5000])
      const headers: Record<string, string> = {}
      for (let i = 0; i < count; i++) headers[`h${i}${r.pick(UNICODE_EDGES)}`] = r.chance(0.9) ? asciiString(r) : r.pick(CHANNEL_TEXTS)
      return invokeText(s.nextId(), r.pick(APP_COMMANDS), '{"a":1,"b":2}', `,"headers":${JSON.stringify(headers)}`)
    },
  },
]
