/**
 * Every event listener of the app, backend and windows alike, and delivery by target.
 * One frame per receiving connection, however many of its listeners match.
 */
import { assertEventName } from '../core/names.ts'
import { type NormalizedTarget, targetMatches } from '../core/targets.ts'
import { type PreparedValue, prepare } from '../core/wire.ts'
import type { CausewayEvent, EventHandler } from './app-handle.ts'

/** The side of a connection the hub delivers to. */
export interface EventSink {
  readonly label: string
  deliver(event: string, ids: number[], payload: PreparedValue): void
}

interface Listener {
  id: number
  event: string
  target: NormalizedTarget
  /** The window connection that registered it; undefined for a backend listener. */
  sink?: EventSink
  handler?: EventHandler
}

export class EventHub {
  private nextId = 1
  private readonly byEvent = new Map<string, Map<number, Listener>>()
  private readonly byId = new Map<number, Listener>()

  constructor(
    private readonly onHandlerError: (event: string, error: unknown) => void,
    private readonly maxEventNameLength: number,
  ) {}

  /** Registers a window listener; returns its id. */
  addWindowListener(sink: EventSink, event: string, target: NormalizedTarget): number {
    assertEventName(event, this.maxEventNameLength)
    return this.add({ id: this.nextId++, event, target, sink })
  }

  /** Registers a backend listener; returns its id. */
  addBackendListener(event: string, handler: EventHandler): number {
    assertEventName(event, this.maxEventNameLength)
    return this.add({ id: this.nextId++, event, target: { kind: 'App' }, handler })
  }

  private add(listener: Listener): number {
    let listeners = this.byEvent.get(listener.event)
    if (!listeners) this.byEvent.set(listener.event, (listeners = new Map()))
    listeners.set(listener.id, listener)
    this.byId.set(listener.id, listener)
    return listener.id
  }

  /** Removes one listener. A window may only remove its own (`sink`); the backend any. */
  remove(id: number, sink?: EventSink): boolean {
    const listener = this.byId.get(id)
    if (!listener || (sink !== undefined && listener.sink !== sink)) return false
    this.byId.delete(id)
    const listeners = this.byEvent.get(listener.event)
    listeners?.delete(id)
    if (listeners?.size === 0) this.byEvent.delete(listener.event)
    return true
  }

  /** Drops every listener a connection registered (it closed or reloaded). */
  removeSink(sink: EventSink): void {
    for (const listener of [...this.byId.values()]) if (listener.sink === sink) this.remove(listener.id)
  }

  count(event?: string, label?: string): number {
    let n = 0
    for (const listener of this.byId.values()) {
      if (event !== undefined && listener.event !== event) continue
      if (label !== undefined && listener.sink?.label !== label) continue
      n++
    }
    return n
  }

  /**
   * Delivers `payload` to every listener of `event` whose target matches. Throws before
   * delivering anything if the name is invalid or the payload cannot cross the wire.
   */
  emit(event: string, payload: unknown, target: NormalizedTarget, source?: string): void {
    assertEventName(event, this.maxEventNameLength)
    const prepared = prepare(payload, 'payload')
    const listeners = this.byEvent.get(event)
    if (!listeners) return
    let bySink: Map<EventSink, number[]> | undefined
    const backend: Listener[] = []
    for (const listener of listeners.values()) {
      if (!targetMatches(target, listener.target)) continue
      if (listener.sink) {
        bySink ??= new Map()
        const ids = bySink.get(listener.sink)
        if (ids) ids.push(listener.id)
        else bySink.set(listener.sink, [listener.id])
      } else backend.push(listener)
    }
    if (bySink) for (const [sink, ids] of bySink) sink.deliver(event, ids, prepared)
    for (const listener of backend) {
      const message: CausewayEvent = { event, id: listener.id, payload }
      if (source !== undefined) message.source = source
      try {
        listener.handler?.(message)
      } catch (error) {
        this.onHandlerError(event, error)
      }
    }
  }
}
