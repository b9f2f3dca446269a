/**
 * Causeway's plugin entry (`causewayjs/plugin`): everything a plugin needs and nothing more.
 * The built-in plugins (events, windows, resources, fs, dialog, the Tauri layer) import only
 * this, the browser entry and `core/`, so a third-party plugin can do whatever they do.
 */
export type { AccessDecision, CommandScope, PermissionDef, PermissionSetDef, PluginPermissions } from './acl/types.ts'
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
export type { Limits, SlowReaderPolicy } from './backend/limits.ts'
export { bundledPageScript } from './backend/page-scripts.ts'
export type { PageScript, Plugin, PluginCommandContext, PluginContext, PluginRoute } from './backend/plugin.ts'
export { definePlugin } from './backend/plugin.ts'
export type { Resource } from './backend/resources.ts'
export { ResourceTable } from './backend/resources.ts'
export type { AppWindow } from './backend/windows.ts'
export type { BrowserDriver, BrowserErrorCode, BrowserWindow, CdpClient, CdpParams, WindowRequest } from './browser/index.ts'
export { BrowserError } from './browser/index.ts'
export type { Err, ErrorCode, ErrorFactories } from './core/errors.ts'
export { CausewayError, defineErrors, err, isCausewayError, isErr } from './core/errors.ts'
export type { EmitTarget, NormalizedTarget } from './core/targets.ts'
export { normalizeTarget } from './core/targets.ts'
