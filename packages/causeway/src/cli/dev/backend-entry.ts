/**
 * The process a backend runs in under `causeway dev`, started before it is needed: it loads tsx
 * and causewayjs while the previous backend still runs, then waits for the entry to run. A
 * restart then costs the app's own modules only, not Node, tsx and Causeway starting again.
 *
 * Run as `node --import tsx backend-entry.js`; the supervisor sends `{ t: 'run', entry }`.
 */
import { pathToFileURL } from 'node:url'

let entry: string | undefined
let warm = false

function run(): void {
  if (!warm || entry === undefined) return
  // As if the entry had been run directly: the app finds its package.json from argv[1].
  process.argv[1] = entry
  import(pathToFileURL(entry).href).catch((error: unknown) => {
    // Thrown out of the promise, so Node reports it and exits as for any uncaught error.
    setImmediate(() => {
      throw error
    })
  })
}

// A supervisor gone before the entry ran leaves nothing to do; after, the backend stops itself (supervised.ts).
process.once('disconnect', () => entry === undefined && process.exit(0))
process.on('message', function onRun(message: unknown) {
  const given = (message as { t?: unknown; entry?: unknown } | null)?.t === 'run' ? (message as { entry?: unknown }).entry : undefined
  if (typeof given !== 'string') return
  process.off('message', onRun)
  entry = given
  run()
})

// Warm up: what every backend imports (the package's entry, the module `causewayjs` resolves to),
// loaded before the entry asks for it. A failure here is the entry's to report.
await import('../../index.ts').catch(() => {})
warm = true
run()
