/**
 * Runs the app: serves dist/ on 127.0.0.1 and opens the main window. With `--no-open` it prints
 * the window's launch URL instead (`npm start -- --no-open`).
 */
import { app } from './app.ts'

await app.run()
