/**
 * The dialog window's HTML and the headers every dialog-server response carries. The page is one
 * document with its script and style inline under a per-response nonce, and a policy that lets it
 * load nothing else, talk to nothing but its own socket, and be framed by no one. Node-only.
 */

/** Headers for every response of the dialog server. */
export function baseHeaders(): Record<string, string> {
  return {
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    // No opener, and no shared browsing context group with the page that asked.
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Origin-Agent-Cluster': '?1',
  }
}

const STYLE = `
:root { color-scheme: light dark; font: 14px system-ui, sans-serif; }
body { margin: 0; }
#causeway-dialog { display: flex; flex-direction: column; gap: .5rem; padding: 1rem; min-height: calc(100vh - 2rem); box-sizing: border-box; }
#causeway-dialog h1 { font-size: 1.15rem; margin: 0; }
#causeway-dialog-requester, #causeway-dialog-hint, #causeway-dialog-filters, #causeway-dialog-scope { margin: 0; font-size: .85rem; opacity: .8; }
.causeway-dialog-nav { display: flex; gap: .5rem; align-items: center; }
#causeway-dialog-path { font-family: ui-monospace, monospace; overflow-wrap: anywhere; }
#causeway-dialog-entries { list-style: none; margin: 0; padding: 0; border: 1px solid #8888; border-radius: 4px; overflow: auto; flex: 1; min-height: 8rem; max-height: 60vh; }
#causeway-dialog-entries button { display: block; width: 100%; text-align: left; border: 0; background: none; padding: .3rem .5rem; font: inherit; color: inherit; }
#causeway-dialog-entries button:hover, #causeway-dialog-entries button:focus-visible { background: #8883; }
#causeway-dialog-entries button[aria-selected="true"] { background: #3b82f6; color: white; }
.causeway-dialog-buttons { display: flex; gap: .5rem; justify-content: flex-end; }
#causeway-dialog-message[data-level="warning"]::before { content: "⚠ "; }
#causeway-dialog-message[data-level="error"]::before { content: "⛔ "; }
#causeway-dialog-message { white-space: pre-wrap; overflow-wrap: anywhere; }
#causeway-dialog-error { color: #dc2626; margin: 0; min-height: 1em; }
#causeway-dialog-replace { border: 1px solid #dc2626; border-radius: 4px; padding: .5rem; }
`

/** JSON inside a `<script type="application/json">`: nothing in it may close the element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c')
}

/**
 * The dialog window's document.
 *
 * @example
 * const html = dialogWindowHtml({ nonce, script: await source(), socketUrl: `ws://127.0.0.1:${port}/socket?ticket=${ticket}` })
 */
export function dialogWindowHtml(options: { nonce: string; script: string; socketUrl: string }): string {
  const { nonce, script, socketUrl } = options
  if (/<\/script/i.test(script)) throw new Error('the dialog window script contains `</script` and cannot be inlined')
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Dialog</title>
<style nonce="${nonce}">${STYLE}</style>
<script type="application/json" id="causeway-dialog-config">${scriptJson({ socket: socketUrl })}</script>
</head>
<body>
<main id="causeway-dialog" role="dialog" aria-modal="true" aria-labelledby="causeway-dialog-title" aria-busy="true"></main>
<script nonce="${nonce}">${script}</script>
</body>
</html>`
}

/**
 * The content security policy of the dialog window: its own inline script and style, its own
 * socket, nothing else.
 */
export function dialogWindowPolicy(nonce: string, socketOrigin: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src 'nonce-${nonce}'`,
    `connect-src ${socketOrigin}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ')
}
