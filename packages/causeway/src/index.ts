/**
 * Causeway's Node.js entry: build an app from commands, run it, open its windows.
 * The browser side lives in `causewayjs/api`.
 */
export { createApp, defineEvents } from './backend/app.ts'
export type { App, AppOptions, EventTypes, RunOptions, RunningApp } from './backend/app.ts'
export type { AppHandle, CausewayEvent, EventHandler, EventMap, WindowInfo, WindowOptions } from './backend/app-handle.ts'
export type { AppPaths, CommandContext, CommandHandler, CommandMap, Plugin } from './backend/context.ts'
export { Channel } from './backend/channel.ts'
export type { Logger } from './backend/runtime.ts'
export { CausewayError, defineErrors, err, errorCodes, isCausewayError, isErr } from './core/errors.ts'
export type { Err, ErrorCode, ErrorPayload } from './core/errors.ts'
export type { EmitTarget } from './core/targets.ts'
export { CapabilityError, capabilitySchema, createAccessPolicy, loadCapabilityDir } from './acl/index.ts'
export type { CapabilityInput } from './acl/types.ts'
export type { AccessPolicy, Caller, CommandScope, PermissionDef, PermissionSetDef, PluginPermissions } from './acl/types.ts'
