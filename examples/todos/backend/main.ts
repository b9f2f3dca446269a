/**
 * Runs the todos app: serves dist/ and opens its two windows (`--no-open` prints the URL instead).
 */
import { createTodosApp } from './app.ts'

await createTodosApp().run()
