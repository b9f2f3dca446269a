/**
 * The trusted dialog window's own script (browser-only). It runs in a window of its own, served
 * by the dialog plugin's server on an origin apart from the app's, and talks only to that server:
 * it draws the dialog the server shows (a file browser for open and save, text and buttons for a
 * message), lists directories and sends the user's answer. The page that asked for the dialog has
 * no handle on this window and never sees what it lists.
 *
 * Keyboard: Tab moves between controls; Enter or Space activates; in a list, ↑/↓ move, → opens a
 * folder, ← or Backspace goes up; Escape cancels.
 */
import type { DialogEntry, DialogListing, DialogView, MessageView, OpenView, SaveView, ServerMessage, WindowMessage } from './protocol.ts'

type Answer = string | string[] | null

const root = document.getElementById('causeway-dialog') as HTMLElement
const config = JSON.parse(document.getElementById('causeway-dialog-config')?.textContent ?? '{}') as { socket?: string }
document.getElementById('causeway-dialog-config')?.remove()
// The launch key in the address is spent; keep it out of sight.
history.replaceState(null, '', location.pathname)

const socket = new WebSocket(config.socket ?? '')
const waiting = new Map<number, { resolve: (message: ServerMessage) => void }>()
let nextId = 1
let over = false

function request(message: WindowMessage): Promise<ServerMessage> {
  return new Promise((resolve) => {
    waiting.set(message.id, { resolve })
    socket.send(JSON.stringify(message))
  })
}

function list(path: string): Promise<ServerMessage> {
  return request({ t: 'list', id: nextId++, path })
}

function answer(result: Answer, replace = false): Promise<ServerMessage> {
  return request({ t: 'answer', id: nextId++, result, replace })
}

socket.addEventListener('message', (event) => {
  const message = JSON.parse(String(event.data)) as ServerMessage
  if (message.t === 'show') return draw(message.dialog)
  if (message.t === 'done') return finish('Done. This window closes by itself.')
  const pending = waiting.get(message.id)
  waiting.delete(message.id)
  pending?.resolve(message)
})
socket.addEventListener('close', () => finish('This dialog is over. You can close this window.'))

function finish(text: string): void {
  if (over) return
  over = true
  root.setAttribute('aria-busy', 'false')
  root.dataset.state = 'done'
  root.replaceChildren(el('p', { id: 'causeway-dialog-over', role: 'status' }, text))
}

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag)
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value)
  if (text !== undefined) node.textContent = text
  return node
}

function button(id: string | undefined, label: string): HTMLButtonElement {
  const node = el('button', id === undefined ? { type: 'button' } : { type: 'button', id }, label)
  return node
}

function draw(view: DialogView): void {
  document.title = view.title || 'Message'
  root.dataset.kind = view.kind
  root.setAttribute('aria-busy', 'false')
  const heading = el('h1', { id: 'causeway-dialog-title' }, view.title || 'Message')
  const requester = el('p', { id: 'causeway-dialog-requester' }, `Asked by the app's window “${view.requester}”.`)
  const error = el('p', { id: 'causeway-dialog-error', role: 'alert' })
  root.replaceChildren(heading, requester)
  if (view.kind === 'message') drawMessage(view, error)
  else drawFiles(view, error)
  root.append(error)
  root.dataset.ready = 'true'
}

function drawMessage(view: MessageView, error: HTMLElement): void {
  const text = el('p', { id: 'causeway-dialog-message', 'data-level': view.level }, view.message)
  root.setAttribute('aria-describedby', 'causeway-dialog-message')
  const row = el('div', { class: 'causeway-dialog-buttons' })
  const send = (result: string | null) => {
    error.textContent = ''
    void answer(result).then((reply) => {
      if (reply.t === 'refused') error.textContent = reply.message
    })
  }
  view.buttons.forEach((label, i) => {
    const node = button(undefined, label)
    node.dataset.button = label
    node.addEventListener('click', () => send(label))
    row.append(node)
    if (i === 0) queueMicrotask(() => node.focus())
  })
  root.append(text, row)
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') send(null)
  })
}

function drawFiles(view: OpenView | SaveView, error: HTMLElement): void {
  const picker = view.kind === 'open' ? view : undefined
  const up = button('causeway-dialog-up', '↑ Up')
  up.setAttribute('aria-label', 'Parent folder')
  const home = button('causeway-dialog-home', 'Home')
  const location = el('span', { id: 'causeway-dialog-path', 'aria-live': 'polite' })
  const nav = el('div', { class: 'causeway-dialog-nav' })
  nav.append(up, home, location)
  const entries = el('ul', { id: 'causeway-dialog-entries', role: 'listbox', 'aria-label': 'Folder contents' })
  if (picker?.multiple) entries.setAttribute('aria-multiselectable', 'true')
  const accept = button('causeway-dialog-accept', view.kind === 'save' ? 'Save' : picker?.directory ? 'Select folder' : 'Open')
  const cancel = button('causeway-dialog-cancel', 'Cancel')
  const buttons = el('div', { class: 'causeway-dialog-buttons' })
  buttons.append(cancel, accept)
  const hint = el(
    'p',
    { id: 'causeway-dialog-hint' },
    picker?.directory
      ? 'Click a folder to select it, double-click or press → to open it. Select folder with nothing selected picks the folder shown.'
      : 'Click a folder to open it. ← or Backspace goes up.',
  )
  root.append(nav)
  if (view.filters.length > 0) {
    const shown = view.filters.map((f) => `${f.name} (${f.extensions.map((e) => (e === '*' ? 'all' : `.${e}`)).join(', ')})`)
    root.append(el('p', { id: 'causeway-dialog-filters' }, `Showing: ${shown.join('; ')}`))
  }
  if (picker?.directory && picker.recursive) {
    root.append(el('p', { id: 'causeway-dialog-scope' }, 'The app gets access to the chosen folder and everything inside it.'))
  }
  root.append(entries)
  const filename = el('input', { id: 'causeway-dialog-filename', type: 'text', autocomplete: 'off' })
  if (view.kind === 'save') {
    filename.value = view.filename
    const label = el('label', { for: 'causeway-dialog-filename' }, 'File name')
    root.append(label, filename)
  }
  const replace = el('div', { id: 'causeway-dialog-replace', role: 'alertdialog', 'aria-labelledby': 'causeway-dialog-replace-text' })
  replace.hidden = true
  root.append(hint, buttons, replace)

  let listing: DialogListing | null = view.start
  const selected = new Set<string>()

  const fail = (reply: ServerMessage) => {
    if (reply.t === 'refused') error.textContent = reply.message
  }
  const browse = (path: string) => {
    error.textContent = ''
    void list(path).then((reply) => (reply.t === 'listing' ? render(reply.listing) : fail(reply)))
  }
  const selectable = (entry: DialogEntry) => (picker ? entry.directory === picker.directory : !entry.directory)
  const toggle = (entry: DialogEntry, node: HTMLButtonElement) => {
    if (!picker?.multiple) {
      selected.clear()
      for (const other of entries.querySelectorAll('[aria-selected="true"]')) other.setAttribute('aria-selected', 'false')
    }
    if (selected.has(entry.path)) selected.delete(entry.path)
    else selected.add(entry.path)
    node.setAttribute('aria-selected', String(selected.has(entry.path)))
  }
  const pathIn = (dir: string, name: string) => {
    const sep = dir.includes('\\') && !dir.includes('/') ? '\\' : '/'
    return dir.endsWith(sep) ? dir + name : dir + sep + name
  }
  const submit = (result: Answer, replacing = false) => {
    error.textContent = ''
    void answer(result, replacing).then((reply) => {
      if (reply.t !== 'refused') return
      if (reply.reason === 'exists' && typeof result === 'string') return askReplace(result)
      error.textContent = reply.message
    })
  }
  const askReplace = (path: string) => {
    const text = el('p', { id: 'causeway-dialog-replace-text' }, `“${path}” already exists. Replace it?`)
    const keep = button('causeway-dialog-replace-no', 'Keep it')
    const overwrite = button('causeway-dialog-replace-yes', 'Replace')
    keep.addEventListener('click', () => {
      replace.hidden = true
      filename.focus()
    })
    overwrite.addEventListener('click', () => {
      replace.hidden = true
      submit(path, true)
    })
    replace.replaceChildren(text, keep, overwrite)
    replace.hidden = false
    keep.focus()
  }

  function render(next: DialogListing): void {
    listing = next
    selected.clear()
    location.textContent = next.path
    entries.setAttribute('aria-label', `Contents of ${next.path}`)
    up.disabled = next.parent === null
    const items = next.entries.map((entry) => {
      const node = button(undefined, `${entry.directory ? '📁 ' : ''}${entry.name}`)
      node.setAttribute('role', 'option')
      node.setAttribute('aria-selected', 'false')
      node.title = entry.path
      node.dataset.entry = entry.name
      node.dataset.directory = String(entry.directory)
      node.addEventListener('click', () => {
        if (selectable(entry)) toggle(entry, node)
        else if (entry.directory) browse(entry.path)
        else return
        if (view.kind === 'save' && !entry.directory) filename.value = entry.name
      })
      node.addEventListener('dblclick', () => {
        if (entry.directory) browse(entry.path)
        else if (picker && selectable(entry)) submit(picker.multiple ? [...selected] : [entry.path])
      })
      node.addEventListener('keydown', (event) => {
        if (event.key === 'ArrowRight' && entry.directory) browse(entry.path)
      })
      const item = el('li', { role: 'none' })
      item.append(node)
      return item
    })
    if (next.truncated) items.push(el('li', { role: 'none' }, 'This folder holds more entries than the dialog shows.'))
    entries.replaceChildren(...items)
  }

  entries.addEventListener('keydown', (event) => {
    const options = [...entries.querySelectorAll<HTMLButtonElement>('[role="option"]')]
    const at = options.indexOf(document.activeElement as HTMLButtonElement)
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault()
      options[Math.max(0, Math.min(options.length - 1, at + (event.key === 'ArrowDown' ? 1 : -1)))]?.focus()
    } else if ((event.key === 'ArrowLeft' || event.key === 'Backspace') && listing?.parent) browse(listing.parent)
  })
  up.addEventListener('click', () => listing?.parent && browse(listing.parent))
  home.addEventListener('click', () => browse(view.home))
  cancel.addEventListener('click', () => submit(null))
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && replace.hidden) submit(null)
  })
  accept.addEventListener('click', () => {
    if (!listing) return void (error.textContent = 'Choose a folder first.')
    if (!picker) {
      const name = filename.value.trim()
      if (name === '') return void (error.textContent = 'Type a file name.')
      return submit(pathIn(listing.path, name))
    }
    if (selected.size > 0) return submit([...selected])
    if (picker.directory) return submit([listing.path])
    error.textContent = picker.multiple ? 'Select one or more files.' : 'Select a file.'
  })

  if (listing) render(listing)
  else {
    location.textContent = ''
    error.textContent = 'The starting folder cannot be shown. Use Home.'
    up.disabled = true
  }
  queueMicrotask(() => (view.kind === 'save' ? filename : (entries.querySelector<HTMLButtonElement>('[role="option"]') ?? accept)).focus())
}
