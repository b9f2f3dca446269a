/**
 * The SQL inspector: a page written as a Tauri frontend would be, with `@tauri-apps/plugin-sql`
 * reading the todo database directly. Its capability grants `sql:default`, so it can read but
 * not write: an UPDATE typed here is refused by the backend.
 */
import Database from '@tauri-apps/plugin-sql'

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T
const db = await Database.load('sqlite:todos.db')

async function run(): Promise<void> {
  const problem = $('error')
  const table = $('rows')
  try {
    const query = $<HTMLTextAreaElement>('query').value
    const rows = query.trim().toUpperCase().startsWith('SELECT')
      ? await db.select<Record<string, unknown>[]>(query)
      : await db.execute(query)
    problem.hidden = true
    const list = Array.isArray(rows) ? rows : [rows]
    const columns = Object.keys(list[0] ?? {})
    const head = document.createElement('tr')
    head.append(...columns.map((c) => Object.assign(document.createElement('th'), { textContent: c })))
    table.replaceChildren(
      head,
      ...list.map((row) => {
        const line = document.createElement('tr')
        line.append(
          ...columns.map((c) => Object.assign(document.createElement('td'), { textContent: String((row as Record<string, unknown>)[c]) })),
        )
        return line
      }),
    )
  } catch (error) {
    // Tauri's plugin rejects with a string.
    problem.hidden = false
    problem.textContent = String(error)
  }
}

$('query-form').addEventListener('submit', async (e) => {
  e.preventDefault()
  await run()
})
await run()
document.body.dataset['ready'] = 'true'
