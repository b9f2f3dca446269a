/**
 * The wire protocol between a page and the backend: one discriminated union per direction.
 * Internal: not part of the public API. Messages without bytes travel as JSON text frames;
 * messages carrying `Uint8Array`/`ArrayBuffer` values travel as one binary frame (see `wire.ts`).
 */
import type { ErrorPayload } from './errors.ts'

/** Version sent in the WebSocket subprotocol; a mismatch is refused at the upgrade. */
export const PROTOCOL = 'causeway.v1'
/** Prefix of the subprotocol entry that carries the window's secret token. */
export const TOKEN_PROTOCOL_PREFIX = 'causeway.token.'
/** Path of the IPC endpoint on the app's HTTP server. */
export const IPC_PATH = '/__causeway/ipc'
/** Prefix of the subprotocol entry that carries a window's session credential (reconnects, reloads). */
export const SESSION_PROTOCOL_PREFIX = 'causeway.session.'
/** Query parameter of the launch URL that carries the window token to the page. */
export const TOKEN_QUERY = '__causeway'
/** Tauri's string form of a channel argument: `__CHANNEL__:<id>`. */
export const CHANNEL_PREFIX = '__CHANNEL__:'

/** Page to backend. */
export type ClientMessage =
  | {
      t: 'invoke'
      /** Per-connection call id, echoed in the reply. */
      id: number
      /** Command name: `greet`, or `plugin:<plugin>|<command>`. */
      cmd: string
      /** The single arguments object (or raw bytes). */
      args?: unknown
      /** Extra request headers, as Tauri's `invoke(cmd, args, { headers })`. */
      headers?: Record<string, string>
      /** Milliseconds the page waits at most: the call then fails with `Timeout` and its handler's signal fires. */
      timeout?: number
    }
  | {
      t: 'cancel'
      /** Id of an `invoke` still in flight; its handler's AbortSignal fires. */
      id: number
    }
  | {
      t: 'ack'
      /** Channel id. */
      ch: number
      /** How many more channel messages the page has consumed (flow control credit). */
      n: number
    }

/** Backend to page. */
export type ServerMessage =
  | {
      t: 'hello'
      /** The window label the server assigned to this connection. */
      label: string
      /** Whether the backend runs in development mode (richer errors and warnings). */
      dev: boolean
      /**
       * The window's session credential: the page reconnects with it (subprotocol
       * `causeway.session.<credential>`) after a drop or a reload. Never put in a URL or a log.
       */
      session: string
      /** Identifies the backend instance: a different one after a reconnect means the backend restarted. */
      instance: string
    }
  | {
      t: 'ok'
      /** The `invoke` id this answers. */
      id: number
      /** The handler's value; absent for `undefined`/void. */
      v?: unknown
    }
  | {
      t: 'err'
      /** The `invoke` id this answers. */
      id: number
      /** The failure. */
      e: ErrorPayload
    }
  | {
      t: 'event'
      /** Event name. */
      event: string
      /** Ids of this window's listeners that should receive it. */
      ids: number[]
      /** The payload; absent for none. */
      p?: unknown
    }
  | {
      t: 'chan'
      /** Channel id (the number in `__CHANNEL__:<id>`). */
      ch: number
      /** Zero-based position of this message in the channel. */
      i: number
      /** The message. */
      v?: unknown
    }
  | {
      t: 'chan-end'
      /** Channel id. */
      ch: number
      /** How many messages were sent in all. */
      n: number
    }
  | {
      t: 'warn'
      /** A development-mode warning the page should print (duplicate listener, blocking handler). */
      message: string
    }
  | {
      t: 'plugin'
      /** Name of the backend plugin whose page script should receive this (`connection.post`). */
      plugin: string
      /** What the plugin posted; absent for none. */
      p?: unknown
    }

export type Message = ClientMessage | ServerMessage

/**
 * The one field of each message kind that holds user data. Encoding checks only this field for
 * what cannot cross the wire; decoding depth-limits only this field and places bytes only in it.
 * Every other field is protocol envelope (`t`, `id`, `cmd`, ...) and never holds bytes.
 */
export const VALUE_FIELDS = {
  invoke: 'args',
  ok: 'v',
  err: 'e',
  event: 'p',
  chan: 'v',
  plugin: 'p',
} as const satisfies { readonly [T in Message['t']]?: keyof Extract<Message, { t: T }> }

/** The kinds of message that carry user data. */
export type ValueKind = keyof typeof VALUE_FIELDS

/**
 * How many arrays/objects a message's value may nest. Both sides enforce it: the sender refuses
 * with `NotSerializable`, the receiver with `Protocol`. 128 is serde_json's limit, which Tauri
 * apps already live within; it keeps every walk over received data far from the stack's end.
 */
export const MAX_DEPTH = 128

/**
 * Keys a binary frame's blob table may never name: placing bytes through them would reach an
 * object's prototype rather than the data.
 */
export const RESERVED_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype'])
