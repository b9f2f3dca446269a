/**
 * The Tauri page contract, as a classic script the host puts first in every served HTML page
 * (`/__causeway/tauri.js`): frontends built on `@tauri-apps/api` and its plugins run unmodified
 * on a Causeway backend. It shares the page's one connection with `causewayjs/api`.
 *
 * The window label must be readable synchronously (`getCurrentWindow()` reads it at once), but
 * the backend only names it in the connection's hello. The label is therefore taken from, in
 * order: a `data-label` attribute on this script's tag (set by a host that knows it), the label
 * the hello gave this tab before (kept across reloads, forgotten when the URL brings a fresh
 * launch token, which may be another window's), or `main`; the hello then corrects it, with a
 * console warning if the page had already read a wrong guess.
 */
import { connection } from '../../api/index.ts'
import { TOKEN_QUERY } from '../../core/protocol.ts'
import { createTauriContract } from './contract.ts'

const LABEL_KEY = 'causeway.tauri.label'

function install(): void {
  const target = window as unknown as Record<string, unknown>
  if (target['__TAURI_INTERNALS__']) return
  const hinted = document.currentScript?.getAttribute('data-label') ?? undefined
  // Read before connection() takes the token out of the address bar.
  if (new URL(location.href).searchParams.has(TOKEN_QUERY)) sessionStorage.removeItem(LABEL_KEY)
  const label = { label: hinted ?? sessionStorage.getItem(LABEL_KEY) ?? 'main', read: false }
  const source = {
    get label() {
      label.read = true
      return label.label
    },
  }

  const conn = connection()
  conn.hello().then(
    (hello) => {
      if (label.read && hello.label !== label.label) {
        console.warn(
          `[causeway] this page read its window label as \`${label.label}\` before the backend named it \`${hello.label}\`; ` +
            'getCurrentWindow() calls made that early used the wrong label. Reloading fixes it (the label is remembered).',
        )
      }
      label.label = hello.label
      sessionStorage.setItem(LABEL_KEY, hello.label)
    },
    () => {},
  )

  const windows = /windows/i.test(navigator.userAgent)
  const { internals, eventInternals } = createTauriContract(conn, {
    label: source,
    path: windows ? { sep: '\\', delimiter: ';' } : { sep: '/', delimiter: ':' },
    origin: location.origin,
  })
  // The real implementations sit on the prototype: `@tauri-apps/api/mocks`' mockIPC assigns its own
  // on the object, and clearMocks() deletes them, which leaves the page talking to the backend again.
  target['__TAURI_INTERNALS__'] = Object.create(internals)
  target['__TAURI_EVENT_PLUGIN_INTERNALS__'] = Object.create(eventInternals)
  target['isTauri'] = true
}

install()
