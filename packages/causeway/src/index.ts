/**
 * Causeway's Node.js entry (`causewayjs`): build an app from commands and plugins, run it, open
 * its windows. The browser side is `causewayjs/api`; writing plugins, `causewayjs/plugin`.
 */

export type { CapabilityProblem } from './acl/capability-error.ts'
export { CapabilityError } from './acl/capability-error.ts'
export type { CapabilitySchemaOptions } from './acl/editor-schema.ts'
export { capabilitySchema } from './acl/editor-schema.ts'
export { loadCapabilityDir, loadPermissionDir } from './acl/load.ts'
export type { AccessPolicyOptions } from './acl/policy.ts'
export { createAccessPolicy } from './acl/policy.ts'
export type {
  AccessDecision,
  AccessPolicy,
  Caller,
  CapabilityInput,
  CommandScope,
  PermissionDef,
  PermissionFileInput,
  PermissionSetDef,
  PluginManifest,
  PluginPermissions,
} from './acl/types.ts'
export type { App, AppOptions, EventTypes, RunningApp, RunOptions } from './backend/app.ts'
export { defineEvents } from './backend/app.ts'
export type { AppConfig } from './backend/app-config.ts'
export type { AppHandle, CausewayEvent, EventHandler, EventMap, WindowInfo, WindowOptions } from './backend/app-handle.ts'
export { Channel } from './backend/channel.ts'
export type {
  AppPaths,
  CallerAccess,
  Command,
  CommandContext,
  CommandDefinition,
  CommandHandler,
  CommandMap,
  WindowConnection,
} from './backend/context.ts'
export { defineCommand } from './backend/context.ts'
export type { Logger } from './backend/dispatcher.ts'
export type { Limits, SlowReaderPolicy } from './backend/limits.ts'
export type { PageScript, Plugin, PluginCommandContext, PluginContext, PluginRoute } from './backend/plugin.ts'
export type { Resource, ResourceTable } from './backend/resources.ts'
export { StartupError } from './backend/startup.ts'
export type { AppWindow } from './backend/windows.ts'
export type { BrowserDriver, BrowserErrorCode, BrowserWindow, CdpClient, CdpParams, WindowRequest } from './browser/index.ts'
export { BrowserError } from './browser/index.ts'
export type { Err, ErrorCode, ErrorFactories, ErrorPayload } from './core/errors.ts'
export { CausewayError, defineErrors, err, errorCodes, isCausewayError, isErr } from './core/errors.ts'
export type { EmitTarget, NormalizedTarget } from './core/targets.ts'
export type { CreateAppOptions } from './create-app.ts'
export { createApp } from './create-app.ts'
export { tauriCompat } from './tauri/node/index.ts'
