/**
 * The todos app: typed commands over SQLite, the SQL plugin for the inspector page that queries
 * the database itself, and the store plugin for the page's settings. The frontend imports
 * `TodosApp` as a type only.
 */
import { type AppOptions, createApp } from 'causewayjs'
import { sqlPlugin } from 'causewayjs-plugin-sql'
import { storePlugin } from 'causewayjs-plugin-store'
import { add_todo, clear_done, list_todos, toggle_todo } from './commands.ts'
import { DB, migrations } from './schema.ts'

export const commands = { list_todos, add_todo, toggle_todo, clear_done }

type Overrides = Partial<
  Pick<AppOptions<typeof commands, undefined, Record<string, never>>, 'dev' | 'logger' | 'exitOnLastWindowClose'>
> & {
  frontendDist?: string
}

export function createTodosApp(overrides: Overrides = {}) {
  return createApp({
    identifier: 'dev.causeway.todos',
    commands,
    plugins: [sqlPlugin({ migrations: { [DB]: migrations } }), storePlugin()],
    // Paths resolve from the package.json above this file, in the sources and in `causeway build`'s output.
    root: import.meta.url,
    frontendDist: 'dist',
    capabilities: 'capabilities',
    windows: [{ label: 'main' }, { label: 'inspector', url: '/inspector.html', title: 'SQL inspector' }],
    ...overrides,
  })
}

export type TodosApp = ReturnType<typeof createTodosApp>
