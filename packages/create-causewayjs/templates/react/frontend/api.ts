/**
 * The page's client, typed from the backend's commands and events by an `import type`: a
 * misspelt command or a wrong argument is a compile error, and no backend code is bundled.
 */
import { createClient } from 'causewayjs/api'
import type { App } from '../backend/app.ts'

export const api = createClient<App>()
