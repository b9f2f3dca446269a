/**
 * The todo list page: typed commands from the backend's type (nothing of it is bundled), and its
 * settings (theme, last filter) in a store through `@tauri-apps/plugin-store`.
 */
import { LazyStore } from '@tauri-apps/plugin-store'
import { createClient } from 'causewayjs/api'
import type { TodosApp } from '../backend/app.ts'

type Filter = 'all' | 'open' | 'done'

const api = createClient<TodosApp>()
const settings = new LazyStore('settings.json', { defaults: { theme: 'light', filter: 'all' } })
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T

let filter: Filter = 'all'

async function render(): Promise<void> {
  const todos = await api.invoke('list_todos', { filter })
  const list = $('list')
  list.replaceChildren(
    ...todos.map((todo) => {
      const item = document.createElement('li')
      item.className = todo.done ? 'done' : ''
      item.dataset['id'] = String(todo.id)
      const box = document.createElement('input')
      box.type = 'checkbox'
      box.checked = todo.done
      box.setAttribute('aria-label', `done: ${todo.title}`)
      box.addEventListener('change', async () => {
        await api.invoke('toggle_todo', { id: todo.id })
        await render()
      })
      const title = document.createElement('span')
      title.textContent = todo.title
      item.append(box, ' ', title)
      return item
    }),
  )
  for (const button of document.querySelectorAll<HTMLButtonElement>('[data-filter]')) {
    button.setAttribute('aria-pressed', String(button.dataset['filter'] === filter))
  }
}

$('add-form').addEventListener('submit', async (e) => {
  e.preventDefault()
  const input = $<HTMLInputElement>('title')
  const problem = $('error')
  const result = await api.tryInvoke('add_todo', { title: input.value })
  problem.hidden = result.ok
  if (!result.ok) {
    problem.textContent =
      result.error.code === 'App' && result.error.kind === 'Duplicate' ? 'You have that one already.' : result.error.message
    return
  }
  input.value = ''
  await render()
})

for (const button of document.querySelectorAll<HTMLButtonElement>('[data-filter]')) {
  button.addEventListener('click', async () => {
    filter = button.dataset['filter'] as Filter
    await settings.set('filter', filter)
    await render()
  })
}

$('clear').addEventListener('click', async () => {
  await api.invoke('clear_done')
  await render()
})

$('theme').addEventListener('click', async () => {
  const dark = document.body.classList.toggle('dark')
  await settings.set('theme', dark ? 'dark' : 'light')
})

filter = (await settings.get<Filter>('filter')) ?? 'all'
document.body.classList.toggle('dark', (await settings.get<string>('theme')) === 'dark')
await render()
document.body.dataset['ready'] = 'true'
