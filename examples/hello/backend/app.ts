/**
 * The hello app: its commands, events and state. The frontend imports `HelloApp` as a type only.
 */
import { fileURLToPath } from 'node:url'
import { type AppOptions, createApp, defineEvents } from 'causewayjs'
import { greet, type HelloState, read_file, start_job } from './commands.ts'

export const commands = { greet, read_file, start_job }

export type HelloEvents = { 'job-progress': number; 'job-done': null }

type Overrides = Partial<
  Pick<AppOptions<typeof commands, HelloState, HelloEvents>, 'dev' | 'logger' | 'exitOnLastWindowClose' | 'browserArgs' | 'resourceDir'>
> & {
  frontendDist?: string
  jobStepMs?: number
}

export function createHelloApp(overrides: Overrides = {}) {
  const { jobStepMs = 50, ...options } = overrides
  return createApp({
    identifier: 'dev.causeway.hello',
    commands,
    events: defineEvents<HelloEvents>(),
    state: { jobStepMs },
    frontendDist: fileURLToPath(new URL('../dist', import.meta.url)),
    resourceDir: fileURLToPath(new URL('../resources', import.meta.url)),
    capabilities: fileURLToPath(new URL('../capabilities', import.meta.url)),
    ...options,
  })
}

export type HelloApp = ReturnType<typeof createHelloApp>
