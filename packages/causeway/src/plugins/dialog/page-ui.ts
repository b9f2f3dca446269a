/**
 * Draws the dialog plugin's requests inside the page that asked, with a native `<dialog>`
 * element: a small file browser for open/save, text and buttons for messages. Browsing and the
 * answer go back to the backend (`plugin:dialog|list_dir`, `plugin:dialog|resolve`), which
 * checks them against what it showed. Loaded on the first dialog; does nothing outside a page.
 */

import type { Connection } from '../../api/index.ts'
import type { DialogListing, DialogRequest, MessageRequest, OpenRequest, SaveRequest } from './protocol.ts'

const shown = new Map<string, HTMLDialogElement>()

const STYLE = `
#causeway-dialog { font: 14px system-ui, sans-serif; min-width: 22rem; max-width: 40rem; border: 1px solid #888; border-radius: 6px; padding: 1rem; }
#causeway-dialog h2 { font-size: 1rem; margin: 0 0 .5rem; }
#causeway-dialog ul { list-style: none; margin: .5rem 0; padding: 0; max-height: 16rem; overflow: auto; border: 1px solid #ccc; }
#causeway-dialog li button { all: unset; display: block; width: 100%; box-sizing: border-box; padding: .15rem .4rem; cursor: default; }
#causeway-dialog li button[aria-selected="true"] { background: #2a6ad8; color: #fff; }
#causeway-dialog .causeway-dialog-buttons { display: flex; gap: .5rem; justify-content: flex-end; margin-top: .75rem; }
#causeway-dialog-error { color: #b00020; min-height: 1em; margin: .25rem 0 0; }
`

/**
 * Shows one request from the backend (or takes one down). Called by the connection for the
 * reserved `causeway:dialog` event.
 *
 * @example
 * showDialog({ requestId, kind: 'message', title: 'Hi', message: 'Saved', level: 'info', buttons: ['Ok'] }, connection)
 */
export function showDialog(payload: unknown, connection: Connection): void {
  if (typeof document === 'undefined') return
  const request = payload as DialogRequest
  if (request.kind === 'dismiss') return close(request.requestId)
  if (!document.getElementById('causeway-dialog-style')) {
    document.head.append(el('style', { id: 'causeway-dialog-style' }, STYLE))
  }
  const dialog = el('dialog', { id: 'causeway-dialog' })
  dialog.dataset.kind = request.kind
  dialog.dataset.requestId = request.requestId
  const error = el('p', { id: 'causeway-dialog-error' })
  const answer = (result: string | string[] | null): void => {
    error.textContent = ''
    connection.invoke('plugin:dialog|resolve', { requestId: request.requestId, result }).then(
      () => close(request.requestId),
      (failure: Error) => (error.textContent = failure.message),
    )
  }
  // Escape answers like Cancel rather than closing the element behind the backend's back.
  dialog.addEventListener('cancel', (event) => {
    event.preventDefault()
    answer(null)
  })
  dialog.append(el('h2', {}, request.title))
  if (request.kind === 'message') drawMessage(dialog, request, answer)
  else drawFiles(dialog, request, connection, answer, error)
  dialog.append(error)
  document.body.append(dialog)
  shown.set(request.requestId, dialog)
  dialog.showModal()
}

function close(requestId: string): void {
  const dialog = shown.get(requestId)
  shown.delete(requestId)
  if (!dialog) return
  if (dialog.open) dialog.close()
  dialog.remove()
}

function drawMessage(dialog: HTMLDialogElement, request: MessageRequest, answer: (result: string | null) => void): void {
  dialog.dataset.level = request.level
  dialog.append(el('p', { id: 'causeway-dialog-message' }, request.message))
  const row = el('div', { className: 'causeway-dialog-buttons' })
  request.buttons.forEach((label, i) => {
    const button = el('button', { type: 'button' }, label)
    button.dataset.button = label
    if (i === 0) button.autofocus = true
    button.addEventListener('click', () => answer(label))
    row.append(button)
  })
  dialog.append(row)
}

function drawFiles(
  dialog: HTMLDialogElement,
  request: OpenRequest | SaveRequest,
  connection: Connection,
  answer: (result: string | string[] | null) => void,
  error: HTMLElement,
): void {
  const picker = request.kind === 'open' ? request : undefined
  const location = el('div', { id: 'causeway-dialog-path' })
  const up = el('button', { id: 'causeway-dialog-up', type: 'button' }, '↑ Up')
  const list = el('ul', { id: 'causeway-dialog-entries' })
  const filename = el('input', { id: 'causeway-dialog-filename', type: 'text' })
  const ok = el('button', { id: 'causeway-dialog-ok', type: 'button' }, request.kind === 'save' ? 'Save' : 'Open')
  const cancel = el('button', { id: 'causeway-dialog-cancel', type: 'button' }, 'Cancel')
  let listing = request.listing
  const selected = new Set<string>()

  const browse = (path: string): void => {
    error.textContent = ''
    connection
      .invoke<DialogListing>('plugin:dialog|list_dir', { requestId: request.requestId, path })
      .then(render, (failure: Error) => (error.textContent = failure.message))
  }
  const render = (next: DialogListing): void => {
    listing = next
    selected.clear()
    location.textContent = next.path
    up.disabled = next.parent === null
    list.replaceChildren(
      ...next.entries.map((entry) => {
        const button = el('button', { type: 'button', title: entry.path }, `${entry.directory ? '📁 ' : ''}${entry.name}`)
        button.dataset.entry = entry.name
        button.dataset.path = entry.path
        button.dataset.directory = String(entry.directory)
        button.setAttribute('aria-selected', 'false')
        // Folders open on click, except in a folder picker, where a click selects and a double click opens.
        const selectable = picker ? entry.directory === picker.directory : !entry.directory
        button.addEventListener('click', () => {
          if (entry.directory && !selectable) return browse(entry.path)
          if (!selectable) return
          if (!picker) {
            filename.value = entry.name
            return
          }
          if (!picker.multiple) {
            selected.clear()
            for (const other of list.querySelectorAll('button')) other.setAttribute('aria-selected', 'false')
          }
          if (selected.has(entry.path)) selected.delete(entry.path)
          else selected.add(entry.path)
          button.setAttribute('aria-selected', String(selected.has(entry.path)))
        })
        if (entry.directory) button.addEventListener('dblclick', () => browse(entry.path))
        const item = el('li', {})
        item.append(button)
        return item
      }),
    )
  }

  up.addEventListener('click', () => listing.parent !== null && browse(listing.parent))
  cancel.addEventListener('click', () => answer(null))
  ok.addEventListener('click', () => {
    if (!picker) {
      const name = filename.value.trim()
      if (name === '') return void (error.textContent = 'Type a file name.')
      const sep = listing.path.includes('\\') && !listing.path.includes('/') ? '\\' : '/'
      return answer(listing.path.endsWith(sep) ? listing.path + name : listing.path + sep + name)
    }
    if (selected.size > 0) return answer([...selected])
    if (picker.directory) return answer([listing.path])
    error.textContent = 'Select a file.'
  })

  dialog.append(up, location, list)
  if (!picker) {
    filename.value = (request as SaveRequest).filename
    dialog.append(el('label', { htmlFor: 'causeway-dialog-filename' }, 'File name: '), filename)
  }
  const row = el('div', { className: 'causeway-dialog-buttons' })
  row.append(cancel, ok)
  dialog.append(row)
  render(listing)
}

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<HTMLElementTagNameMap[K]>,
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = Object.assign(document.createElement(tag), props)
  if (text !== undefined) node.textContent = text
  return node
}
