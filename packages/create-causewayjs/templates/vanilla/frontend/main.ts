/**
 * The page. `createClient<App>()` is typed from the backend's commands and events by an
 * `import type`: a misspelt command or a wrong argument is a compile error, and no backend code is
 * bundled.
 */
import { createClient } from 'causewayjs/api'
import type { App } from '../backend/app.ts'
import './style.css'

const api = createClient<App>()
const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T

$('greet-form').addEventListener('submit', async (event) => {
  event.preventDefault()
  const result = await api.tryInvoke('greet', { name: $<HTMLInputElement>('name').value })
  if (result.ok) $('greeting').textContent = result.value
  // The backend's err('EmptyName', ...) arrives as a typed error the page can narrow on.
  else if (result.error.code === 'App' && result.error.kind === 'EmptyName') $('greeting').textContent = 'Type a name first.'
  else $('greeting').textContent = `Failed: ${result.error.message}`
})

$('count').addEventListener('click', async () => {
  const button = $<HTMLButtonElement>('count')
  const progress = $<HTMLProgressElement>('progress')
  button.disabled = true
  const unlisten = await api.listen('count-progress', (event) => {
    progress.max = event.payload.of
    progress.value = event.payload.step
  })
  try {
    $('count-status').textContent = await api.invoke('count', { to: 10 })
  } finally {
    unlisten()
    button.disabled = false
  }
})

$('system-info').addEventListener('click', async () => {
  try {
    const info = await api.invoke('system_info')
    $('system-info-result').textContent = `${info.platform} on ${info.hostname}`
  } catch (error) {
    // Forbidden: capabilities/default.json does not grant system_info. The message says what to add.
    $('system-info-result').textContent = (error as Error).message
  }
})
