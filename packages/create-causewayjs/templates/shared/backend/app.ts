/**
 * The app's backend: its commands, the events it emits, and where its files are. The page imports
 * `App` as a type only (see frontend/), so nothing of this file is bundled into the page.
 */
import { hostname, platform } from 'node:os'
import { setTimeout as sleep } from 'node:timers/promises'
import { type CommandContext, createApp, defineEvents, err } from 'causewayjs'

/** What the backend emits, and what the page can listen to with these payload types. */
export type Events = {
  'count-progress': { step: number; of: number }
}

interface State {
  /** Pause between counting steps. */
  stepMs: number
}

/** Answers with a greeting, or fails with the typed error `EmptyName` the page narrows on. */
function greet({ name }: { name: string }) {
  if (name.trim() === '') return err('EmptyName', null, 'type a name to greet')
  return `Hello, ${name.trim()}! This came from Node.js ${process.version}.`
}

/**
 * Counts to `to`, emitting `count-progress` at each step (`CommandContext<State, Events>` checks the
 * event's name and payload); cancelled if the window closes.
 */
async function count({ to }: { to: number }, ctx: CommandContext<State, Events>) {
  for (let step = 1; step <= to; step++) {
    await sleep(ctx.state.stepMs, undefined, { signal: ctx.signal })
    ctx.app.emit('count-progress', { step, of: to })
  }
  return `counted to ${to}`
}

/**
 * Not granted in capabilities/default.json, so the page's call is refused: it shows what a denied
 * call looks like. Add "allow-system-info" to the capability's permissions to let the page call it.
 */
function system_info() {
  return { platform: platform(), hostname: hostname() }
}

export const app = createApp({
  // The paths below resolve from the package.json above this file, whatever the current directory.
  // The app's identifier (its data directory, its browser profile) is dev.causeway.<package name>
  // unless `identifier` here says otherwise.
  root: import.meta.url,
  commands: { greet, count, system_info },
  events: defineEvents<Events>(),
  state: { stepMs: 100 },
  // Built by `npm run build` (vite build); served at `/`.
  frontendDist: 'dist',
  // Nothing is allowed until a capability here grants it, the app's own commands included.
  capabilities: 'capabilities',
})

/** The app's type: `createClient<App>()` checks the page's calls against the commands above. */
export type App = typeof app
