/**
 * The app's one screen: a command with a typed error, a command reporting progress through
 * events, and a call the capabilities deny.
 */
import { type FormEvent, useState } from 'react'
import { api } from './api.ts'

export function App() {
  return (
    <main>
      <h1>{document.title}</h1>
      <Greet />
      <Count />
      <SystemInfo />
    </main>
  )
}

function Greet() {
  const [name, setName] = useState('World')
  const [greeting, setGreeting] = useState('')

  async function submit(event: FormEvent) {
    event.preventDefault()
    const result = await api.tryInvoke('greet', { name })
    if (result.ok) setGreeting(result.value)
    // The backend's err('EmptyName', ...) arrives as a typed error the page can narrow on.
    else if (result.error.code === 'App' && result.error.kind === 'EmptyName') setGreeting('Type a name first.')
    else setGreeting(`Failed: ${result.error.message}`)
  }

  return (
    <section>
      <h2>A command</h2>
      <form onSubmit={submit}>
        <input id="name" value={name} onChange={(e) => setName(e.target.value)} aria-label="Name" />
        <button id="greet" type="submit">
          Greet
        </button>
      </form>
      <p id="greeting" role="status">
        {greeting}
      </p>
    </section>
  )
}

function Count() {
  const [progress, setProgress] = useState({ step: 0, of: 10 })
  const [status, setStatus] = useState('')
  const [running, setRunning] = useState(false)

  async function start() {
    setRunning(true)
    const unlisten = await api.listen('count-progress', (event) => setProgress(event.payload))
    try {
      setStatus(await api.invoke('count', { to: 10 }))
    } finally {
      unlisten()
      setRunning(false)
    }
  }

  return (
    <section>
      <h2>Events</h2>
      <button id="count" type="button" onClick={start} disabled={running}>
        Count to 10
      </button>
      <progress id="progress" max={progress.of} value={progress.step} />
      <span id="count-status" role="status">
        {status}
      </span>
    </section>
  )
}

function SystemInfo() {
  const [text, setText] = useState('')

  async function ask() {
    try {
      const info = await api.invoke('system_info')
      setText(`${info.platform} on ${info.hostname}`)
    } catch (error) {
      // Forbidden: capabilities/default.json does not grant system_info. The message says what to add.
      setText((error as Error).message)
    }
  }

  return (
    <section>
      <h2>A denied call</h2>
      <button id="system-info" type="button" onClick={ask}>
        System info
      </button>
      <p id="system-info-result" role="status">
        {text}
      </p>
    </section>
  )
}
