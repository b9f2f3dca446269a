/**
 * Dialogs the backend has sent to a page and not yet heard back about, kept per app in the
 * plugin's state. Each belongs to one connection (one load of one window): only that page may
 * browse in it or answer it, and only within what the backend has shown it.
 */
import { randomUUID } from 'node:crypto'
import { CausewayError, type PluginCommandContext, type WindowConnection } from '../../plugin-kit.ts'
import type { ListOptions } from './browse.ts'
import type { DialogListing, DialogRequest } from './protocol.ts'

/** The dialog plugin's state in one app: its pending dialogs by request id. */
export type DialogState = Map<string, PendingDialog>

/** A request without its id; the registry assigns one. */
export type NewRequest = WithoutId<Exclude<DialogRequest, { kind: 'dismiss' }>>
type WithoutId<R> = R extends unknown ? Omit<R, 'requestId'> : never

export interface PendingDialog {
  readonly requestId: string
  readonly request: DialogRequest
  readonly connection: WindowConnection
  readonly list: ListOptions
  /** Directories the page may ask to list: the start, offered subdirectories, parents. */
  readonly browsable: Set<string>
  /** Directories actually listed: a save may land in one of them. */
  readonly listed: Set<string>
  /** Every entry offered so far, path → is a directory. */
  readonly offered: Map<string, boolean>
  /** Checks the page's answer, grants what it picked, and returns the command's result; throws to refuse. */
  readonly finish: (result: unknown, dialog: PendingDialog) => unknown
  readonly settle: (value: unknown) => void
}

/** Remembers what a listing showed so later list_dir and resolve calls can be checked. */
export function recordListing(dialog: PendingDialog, listing: DialogListing): void {
  dialog.listed.add(listing.path)
  dialog.browsable.add(listing.path)
  if (listing.parent !== null) dialog.browsable.add(listing.parent)
  for (const entry of listing.entries) {
    dialog.offered.set(entry.path, entry.directory)
    if (entry.directory) dialog.browsable.add(entry.path)
  }
}

/**
 * Sends `request` to the calling window and waits for its answer. Dropped (rejecting with the
 * abort reason) when the caller cancels or the window goes away.
 */
export function showInWindow(
  ctx: PluginCommandContext<DialogState>,
  request: NewRequest,
  list: ListOptions,
  finish: (result: unknown, dialog: PendingDialog) => unknown,
): Promise<unknown> {
  const pending = ctx.plugin.state
  const connection = ctx.connection
  const requestId = randomUUID()
  const full = { ...request, requestId } as DialogRequest
  return new Promise((resolve, reject) => {
    const drop = (): void => {
      if (!pending.delete(requestId)) return
      connection.post('dialog', { requestId, kind: 'dismiss' } satisfies DialogRequest)
      reject(ctx.signal.reason ?? new CausewayError('Cancelled', 'the dialog was dropped'))
    }
    const dialog: PendingDialog = {
      requestId,
      request: full,
      connection,
      list,
      browsable: new Set(),
      listed: new Set(),
      offered: new Map(),
      finish,
      settle: (value) => {
        ctx.signal.removeEventListener('abort', drop)
        pending.delete(requestId)
        resolve(value)
      },
    }
    if (full.kind === 'open' || full.kind === 'save') recordListing(dialog, full.listing)
    if (ctx.signal.aborted) return reject(ctx.signal.reason)
    ctx.signal.addEventListener('abort', drop, { once: true })
    pending.set(requestId, dialog)
    connection.post('dialog', full)
  })
}

/** The pending dialog `requestId` of the calling window; refuses any other. */
export function pendingFor(ctx: PluginCommandContext<DialogState>, requestId: unknown): PendingDialog {
  const dialog = typeof requestId === 'string' ? ctx.plugin.state.get(requestId) : undefined
  if (!dialog || dialog.connection !== ctx.connection) {
    throw new CausewayError(
      'Forbidden',
      `no dialog ${JSON.stringify(requestId)} is open in window \`${ctx.window.label}\`: list_dir and resolve only answer a dialog the backend showed in this window`,
    )
  }
  return dialog
}
