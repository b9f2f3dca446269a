/**
 * Causeway's Node.js entry: build an app from commands, run it, open its windows.
 * The browser side lives in `causewayjs/api`.
 */

export { CapabilityError, capabilitySchema, createAccessPolicy, loadCapabilityDir } from './acl/index.ts'
export type {
  AccessPolicy,
  Caller,
  CapabilityInput,
  CommandScope,
  PermissionDef,
  PermissionSetDef,
  PluginPermissions,
} from './acl/types.ts'
export type { App, AppOptions, EventTypes, RunningApp, RunOptions } from './backend/app.ts'
export { createApp, defineEvents } from './backend/app.ts'
export type { AppHandle, CausewayEvent, EventHandler, EventMap, WindowInfo, WindowOptions } from './backend/app-handle.ts'
export { Channel } from './backend/channel.ts'
export type { AppPaths, CommandContext, CommandHandler, CommandMap, Plugin } from './backend/context.ts'
export type { Logger } from './backend/runtime.ts'
export type { Err, ErrorCode, ErrorPayload } from './core/errors.ts'
export { CausewayError, defineErrors, err, errorCodes, isCausewayError, isErr } from './core/errors.ts'
export type { EmitTarget } from './core/targets.ts'
