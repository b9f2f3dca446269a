/**
 * Runs the hello app: serves dist/ and opens the main window (`--no-open` prints its URL instead).
 */
import { createHelloApp } from './app.ts'

await createHelloApp().run()
