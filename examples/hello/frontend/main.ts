/**
 * The hello app's page. Everything it calls is checked against the backend's types
 * (`import type` only: nothing of the backend is bundled).
 */
import { createClient } from 'causewayjs/api'
import type { HelloApp } from '../backend/app.ts'

const api = createClient<HelloApp>()
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T

$('greet-form').addEventListener('submit', async (e) => {
  e.preventDefault()
  $('greeting').textContent = await api.invoke('greet', { name: $<HTMLInputElement>('name').value })
})

$('read-form').addEventListener('submit', async (e) => {
  e.preventDefault()
  const content = $('content')
  const problem = $('file-error')
  const result = await api.tryInvoke('read_file', { path: $<HTMLInputElement>('path').value })
  problem.hidden = result.ok
  content.textContent = result.ok ? result.value : ''
  if (result.ok) return
  // Narrow by kind: each branch is checked against the command's declared errors.
  const error = result.error
  const kind = error.code === 'App' ? error.kind : error.code
  problem.dataset['kind'] = kind
  problem.textContent =
    error.code === 'App' && error.kind === 'NotFound'
      ? 'No such file.'
      : error.code === 'App' && error.kind === 'Io'
        ? `Could not read it: ${error.data}`
        : `Not allowed or failed: ${error.message}`
})

$('start').addEventListener('click', async () => {
  const button = $<HTMLButtonElement>('start')
  const progress = $<HTMLProgressElement>('progress')
  const status = $('job-status')
  button.disabled = true
  status.textContent = 'running'
  const unlisten = await api.listen('job-progress', (e) => {
    progress.value = e.payload
  })
  const unlistenDone = await api.once('job-done', () => {
    status.textContent = 'done'
  })
  try {
    await api.invoke('start_job')
  } catch (error) {
    status.textContent = `failed: ${(error as Error).message}`
  } finally {
    // The seed's advice: clean up listeners or they run after the work is over.
    unlisten()
    unlistenDone()
    button.disabled = false
  }
})
