/**
 * A window's resource table (Tauri's `rid` resources): objects that outlive one call, such as an
 * open file, a store or a child process, handed to the page as a number. Each window has its own,
 * so a page can only name its own resources, and a closing window closes everything in it.
 */
import { CausewayError } from '../core/errors.ts'

/** Something a plugin keeps for a page between calls. */
export interface Resource {
  /** Releases it; called on `close(rid)` and when the window closes. */
  close?(): void | Promise<void>
}

export class ResourceTable {
  private readonly resources = new Map<number, Resource>()

  /**
   * `nextId` hands out ids; the app's windows share one, so an id names one resource app-wide
   * (as in Tauri's app table) and an event that carries it (`store://change`) means one thing in
   * every window.
   */
  constructor(
    private readonly onCloseError: (rid: number, error: unknown) => void,
    private readonly nextId: () => number = counter(),
  ) {}

  /**
   * Stores a resource; returns its id for the page.
   *
   * @example
   * const rid = ctx.window.resources.add(new FileHandle(fd))
   */
  add(resource: Resource): number {
    const rid = this.nextId()
    this.resources.set(rid, resource)
    return rid
  }

  /**
   * The resource `rid`, checked to be an instance of `type` when given. Throws `InvalidArgs` for
   * an unknown id or a resource of another type, as a page may send any number.
   *
   * @example
   * const file = ctx.window.resources.get(args.rid, FileHandle)
   */
  get<T extends Resource>(rid: unknown, type?: abstract new (...args: never[]) => T): T {
    const resource = typeof rid === 'number' ? this.resources.get(rid) : undefined
    if (!resource) throw new CausewayError('InvalidArgs', `no resource with id ${JSON.stringify(rid)} in this window`)
    if (type && !(resource instanceof type)) throw new CausewayError('InvalidArgs', `resource ${rid} is not a ${type.name}`)
    return resource as T
  }

  has(rid: number): boolean {
    return this.resources.has(rid)
  }

  get size(): number {
    return this.resources.size
  }

  /**
   * Removes and closes a resource. Throws `InvalidArgs` for an unknown id.
   *
   * @example
   * await ctx.window.resources.close(args.rid)
   */
  async close(rid: unknown): Promise<void> {
    const resource = this.get(rid)
    this.resources.delete(rid as number)
    await resource.close?.()
  }

  /** Closes every resource; failures are reported, not thrown, so one cannot keep others open. */
  async closeAll(): Promise<void> {
    const all = [...this.resources]
    this.resources.clear()
    await Promise.all(
      all.map(async ([rid, resource]) => {
        try {
          await resource.close?.()
        } catch (error) {
          this.onCloseError(rid, error)
        }
      }),
    )
  }
}

/** Ids 1, 2, 3, ... */
function counter(): () => number {
  let next = 1
  return () => next++
}
