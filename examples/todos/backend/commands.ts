/**
 * The todo commands: SQL stays on the backend, the page sees typed commands. Arguments are
 * checked by their schemas before a handler runs; failures a page can act on are typed errors.
 */
import { type CommandContext, defineCommand, defineErrors } from 'causewayjs'
import { database } from 'causewayjs-plugin-sql'
import { z } from 'zod'
import { DB } from './schema.ts'

/** A todo as the page receives it. */
export interface Todo {
  id: number
  title: string
  done: boolean
}

interface TodoRow {
  id: number
  title: string
  done: number
}

export const TodoError = defineErrors({
  Duplicate: (title: string) => `a todo titled "${title}" already exists`,
  NotFound: (id: number) => `no todo ${id}`,
})

const toTodo = (row: TodoRow): Todo => ({ id: row.id, title: row.title, done: row.done === 1 })

const FILTERS = { all: '', open: 'WHERE done = 0', done: 'WHERE done = 1' } as const

export const list_todos = defineCommand({
  args: z.object({ filter: z.enum(['all', 'open', 'done']).default('all') }),
  handler: async ({ filter }, ctx: CommandContext) => {
    const db = await database(ctx.app, DB)
    const rows = await db.select<TodoRow>(`SELECT id, title, done FROM todos ${FILTERS[filter]} ORDER BY id`)
    return rows.map(toTodo)
  },
})

export const add_todo = defineCommand({
  args: z.object({ title: z.string().trim().min(1).max(200) }),
  handler: async ({ title }, ctx: CommandContext) => {
    const db = await database(ctx.app, DB)
    const taken = await db.select<{ id: number }>('SELECT id FROM todos WHERE title = $1', [title])
    if (taken.length > 0) return TodoError.Duplicate(title)
    // The todo and its history entry land together or not at all.
    return db.transaction(async (tx) => {
      const { lastInsertId } = await tx.execute('INSERT INTO todos (title) VALUES ($1)', [title])
      await tx.execute('INSERT INTO history (todo, action) VALUES ($1, $2)', [lastInsertId, 'added'])
      return { id: lastInsertId, title, done: false } satisfies Todo
    })
  },
})

export const toggle_todo = defineCommand({
  args: z.object({ id: z.number().int().positive() }),
  handler: async ({ id }, ctx: CommandContext) => {
    const db = await database(ctx.app, DB)
    return db.transaction(async (tx) => {
      const { rowsAffected } = await tx.execute('UPDATE todos SET done = 1 - done WHERE id = $1', [id])
      if (rowsAffected === 0) return TodoError.NotFound(id)
      await tx.execute('INSERT INTO history (todo, action) VALUES ($1, $2)', [id, 'toggled'])
      const [row] = await tx.select<TodoRow>('SELECT id, title, done FROM todos WHERE id = $1', [id])
      return toTodo(row as TodoRow)
    })
  },
})

export const clear_done = defineCommand({
  args: z.object({}).optional(),
  handler: async (_, ctx: CommandContext) => {
    const db = await database(ctx.app, DB)
    // One round trip, atomic: the history entries and the removal.
    const [, removed] = (await db.batch([
      { query: "INSERT INTO history (todo, action) SELECT id, 'cleared' FROM todos WHERE done = 1" },
      { query: 'DELETE FROM todos WHERE done = 1' },
    ])) as Array<[rowsAffected: number, lastInsertId: number]>
    return removed?.[0] ?? 0
  },
})
