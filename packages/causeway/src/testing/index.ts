/**
 * Causeway's testing entry (`causewayjs/testing`): run an app's real handlers without a socket or
 * a browser, as a chosen window with its capabilities applied (tRPC's `createCaller` is the
 * model), and fake a backend for frontend unit tests (Tauri's `mockIPC` is the model).
 */

export type { InMemoryOptions } from './in-memory.ts'
export { connectInMemory } from './in-memory.ts'
export type { BackendMock, MockHandler } from './mock-backend.ts'
export { clearMocks, mockBackend } from './mock-backend.ts'
